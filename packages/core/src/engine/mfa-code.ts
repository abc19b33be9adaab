import type { Hop } from "../chain/types.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import type { MfaCode } from "./ports.js";

/**
 * aws-vault's NewMfa: `--mfa-token` > mfa_process (trimmed stdout) > the prompt. Undefined when the hop
 * sends no code (no serial, or "chained" MFA from an earlier GetSessionToken).
 */
export async function mfaCodeFor(
  hop: Hop,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<MfaCode | undefined> {
  if (hop.mfa.kind !== "code") return undefined;
  const serialNumber = hop.mfa.serial;
  if (options.mfaToken !== undefined) return { serialNumber, tokenCode: options.mfaToken };
  if (hop.mfaProcess !== undefined) {
    const stdout = await deps.runProcess(hop.mfaProcess, { env: deps.env });
    return { serialNumber, tokenCode: stdout.trim() };
  }
  const tokenCode = await deps.mfaPrompt({ profile: hop.profile, mfaSerial: serialNumber });
  return { serialNumber, tokenCode };
}
