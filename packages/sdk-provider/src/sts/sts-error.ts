import { isVaultError, redactExternal, VaultError } from "@vault-cli/core";

/** What failed, for the message: `profile 'dev': AssumeRole arn:aws:iam::1:role/x failed: ...`. */
interface StsCallContext {
  readonly profile: string;
  /** `GetSessionToken`, `AssumeRole <arn>`, ... */
  readonly call: string;
  /** The endpoint the call went to (shown when it cannot be reached). */
  readonly endpoint: string;
}

/** Network errors that mean the endpoint cannot be reached (named, with the endpoint, in messages). */
export const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
]);

/**
 * Maps an SDK or network error to a VaultError: a rejected MFA code is MFA_FAILED, everything else
 * STS_FAILED with the AWS error code and its message (through core's redactExternal: bounded, with key ids,
 * secrets, tokens and rejected values masked), and the original as cause.
 */
export function toStsError(error: unknown, context: StsCallContext): VaultError {
  if (isVaultError(error)) return error;
  const prefix = `profile '${context.profile}': ${context.call} failed`;
  const options = { cause: error, profile: context.profile };
  const networkCode = errnoCode(error);
  if (networkCode !== undefined && UNREACHABLE.has(networkCode)) {
    return new VaultError(
      "STS_FAILED",
      `${prefix}: cannot reach STS at ${context.endpoint} (${networkCode})`,
      options,
    );
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = redactExternal(error instanceof Error ? error.message : String(error));
  const code =
    name === "AccessDenied" && /MultiFactorAuthentication/i.test(message) ? "MFA_FAILED" : "STS_FAILED";
  const detail = name === "Error" || name === "TypeError" ? message : `${name}: ${message}`;
  return new VaultError(code, `${prefix}: ${detail}`, options);
}

/** The errno-style code of a network error, wherever the SDK wrapped it. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === "string") return code;
  if (Array.isArray(errors)) return errnoCode(errors[0]);
  return cause === undefined ? undefined : errnoCode(cause);
}
