/**
 * Every failure vault-cli reports on purpose is a VaultError with a code from this list.
 * The CLI maps codes to exit statuses and hints; libraries match on `code`, never on message text.
 */
export const VAULT_ERROR_CODES = [
  "CONFIG_PARSE",
  "CONFIG_INVALID_SETTING",
  "PROFILE_NOT_FOUND",
  "PROFILE_CYCLE",
  "CREDENTIALS_MISSING",
  "USAGE",
  "KEYSTORE_UNAVAILABLE",
  "KEYSTORE_LOCKED",
  "KEYSTORE_CORRUPT",
  "KEYSTORE_WRITE",
  "ITEM_NOT_FOUND",
  "STS_FAILED",
  "MFA_FAILED",
  "PROCESS_FAILED",
  "LOCK_TIMEOUT",
  "INTERRUPTED",
] as const;

export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

/** Where in a config file something was read, so errors and warnings can point at it. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface VaultErrorOptions {
  readonly cause?: unknown;
  readonly location?: SourceLocation;
  readonly profile?: string;
}

const BRAND = Symbol.for("vault-cli.VaultError");

export class VaultError extends Error {
  override readonly name = "VaultError";
  readonly code: VaultErrorCode;
  readonly location: SourceLocation | undefined;
  readonly profile: string | undefined;
  readonly [BRAND] = true;

  constructor(code: VaultErrorCode, message: string, options: VaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
    this.profile = options.profile;
  }
}

/** A type guard that survives duplicate installs of this package (it checks a global symbol, not the class). */
export function isVaultError(value: unknown): value is VaultError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
