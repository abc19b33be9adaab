/**
 * Every failure vault-cli reports on purpose is a VaultError with a code from this list, each used for one
 * kind of failure (docs/errors.md says when each is raised and what it carries). Messages state the failure;
 * what the user should do about it is added by the edge that knows the user (the CLI's hints, fromVault's).
 */
export const VAULT_ERROR_CODES = [
  "CONFIG_READ",
  "CONFIG_WRITE",
  "CONFIG_INVALID_SETTING",
  "PROFILE_NOT_FOUND",
  "PROFILE_CYCLE",
  "CREDENTIALS_MISSING",
  "CREDENTIALS_TOO_SHORT",
  "REGION_MISSING",
  "UNSUPPORTED",
  "USAGE",
  "NO_TERMINAL",
  "KEYSTORE_UNAVAILABLE",
  "KEYSTORE_LOCKED",
  "PASSPHRASE_REQUIRED",
  "AGENT_FAILED",
  "KEYSTORE_CORRUPT",
  "KEYSTORE_WRITE",
  "ITEM_NOT_FOUND",
  "STS_FAILED",
  "FEDERATION_FAILED",
  "IAM_FAILED",
  "ROTATE_FAILED",
  "MFA_REQUIRED",
  "MFA_FAILED",
  "SSO_FAILED",
  "SSO_UNAUTHORIZED",
  "SSO_LOGIN_FAILED",
  "PROCESS_FAILED",
  "LOCK_TIMEOUT",
  "LOCK_DIR_UNSAFE",
  "LOCK_FAILED",
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
  /** Facts an edge needs to phrase a hint (the backend, what a prompt was for); never a secret. */
  readonly data?: Readonly<Record<string, string>>;
}

const BRAND = Symbol.for("vault-cli.VaultError");

export class VaultError extends Error {
  override readonly name = "VaultError";
  readonly code: VaultErrorCode;
  readonly location: SourceLocation | undefined;
  readonly profile: string | undefined;
  readonly data: Readonly<Record<string, string>>;
  readonly [BRAND] = true;

  constructor(code: VaultErrorCode, message: string, options: VaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
    this.profile = options.profile;
    this.data = options.data ?? {};
  }
}

/** A type guard that survives duplicate installs of this package (it checks a global symbol, not the class). */
export function isVaultError(value: unknown): value is VaultError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
