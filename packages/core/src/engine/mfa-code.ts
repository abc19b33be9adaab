import type { StepHop } from "../chain/types.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { runHelper } from "./helper-process.js";
import type { MfaCode } from "./ports.js";

/**
 * aws-vault's NewMfa: `--mfa-token` > mfa_process (trimmed stdout) > the prompt. Undefined when the hop
 * sends no code (no serial, or "chained" MFA from an earlier GetSessionToken).
 */
export async function mfaCodeFor(
  hop: StepHop,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<MfaCode | undefined> {
  if (hop.mfa.kind !== "code") return undefined;
  const serialNumber = hop.mfa.serial;
  if (options.mfaToken !== undefined) {
    deps.trace?.(`mfa: code for ${serialNumber} from --mfa-token`);
    return { serialNumber, tokenCode: options.mfaToken };
  }
  if (hop.mfaProcess !== undefined) {
    const stdout = await runHelper(deps, "mfa_process", hop.profile, hop.mfaProcess);
    return { serialNumber, tokenCode: stdout.trim() };
  }
  deps.trace?.(`mfa: asking for a code for ${serialNumber}`);
  const tokenCode = await deps.mfaPrompt({ profile: hop.profile, mfaSerial: serialNumber });
  return { serialNumber, tokenCode };
}
