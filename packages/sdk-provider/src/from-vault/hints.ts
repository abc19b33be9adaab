import { isVaultError, type VaultError, type VaultErrorCode } from "@vault-cli/core";

/** What a library user can do about each failure, in fromVault's terms (the CLI has its own table). */
const HINTS: Partial<Record<VaultErrorCode, (error: VaultError) => string | undefined>> = {
  CREDENTIALS_MISSING: (e) => (e.profile ? `store its keys with \`vault-cli add ${e.profile}\`` : undefined),
  PASSPHRASE_REQUIRED: () => "set AWS_VAULT_FILE_PASSPHRASE or pass promptPassphrase to fromVault()",
  MFA_REQUIRED: () => "pass mfaCodeProvider to fromVault() or set mfa_process in the profile",
  REGION_MISSING: () => "set region in the profile or AWS_REGION, or pass region to fromVault()",
  CREDENTIALS_TOO_SHORT: (e) =>
    e.data.reason === "expired"
      ? "check this machine's clock and what the source returns"
      : "pass a longer durationSeconds, or a shorter refreshWindowSeconds",
  KEYSTORE_UNAVAILABLE: backendHint,
  UNSUPPORTED: backendHint,
};

function backendHint(error: VaultError): string | undefined {
  const available = error.data.available?.split(",").filter(Boolean) ?? [];
  if (available.length === 0) return undefined;
  return `pass backend: ${available.map((b) => `'${b}'`).join(" or ")} to fromVault(), or set AWS_VAULT_BACKEND`;
}

/** The error's message with fromVault's hint, if one fits. */
export function withLibraryHint(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!isVaultError(error)) return message;
  const hint = HINTS[error.code]?.(error);
  return hint ? `${message} (${hint})` : message;
}
