import type { MfaPrompt } from "../engine/ports.js";

export interface MfaPromptRequest {
  readonly profile: string;
  readonly mfaSerial: string;
}

export interface ScriptedMfa extends MfaPrompt {
  /** Every prompt shown, in order. */
  readonly prompts: readonly MfaPromptRequest[];
}

/**
 * Answers prompts with `codes` in order; an Error in the script is thrown instead (e.g. a VaultError
 * INTERRUPTED for Ctrl-C). Running out of codes fails the prompt, so an unexpected prompt shows up.
 */
export function scriptedMfa(codes: readonly (string | Error)[] = []): ScriptedMfa {
  const prompts: MfaPromptRequest[] = [];
  const prompt = (async (request: MfaPromptRequest) => {
    prompts.push({ profile: request.profile, mfaSerial: request.mfaSerial });
    const next = codes[prompts.length - 1];
    if (next === undefined)
      throw new Error(`scriptedMfa: unexpected prompt #${prompts.length} for ${request.mfaSerial}`);
    if (next instanceof Error) throw next;
    return next;
  }) as ScriptedMfa;
  Object.defineProperty(prompt, "prompts", { value: prompts });
  return prompt;
}
