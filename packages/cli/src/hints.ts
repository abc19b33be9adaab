import type { VaultError, VaultErrorCode } from "@vault-cli/core";

/**
 * What a CLI user can do about each failure, keyed by code and phrased in the CLI's terms (fromVault has its
 * own table). Core and the adapters state the failure; only this edge knows the flags and commands to suggest.
 */
const HINTS: Partial<Record<VaultErrorCode, (error: VaultError) => string | undefined>> = {
  CREDENTIALS_MISSING: (e) => (e.profile ? `store keys with 'vault-cli add ${e.profile}'` : undefined),
  REGION_MISSING: () => "set region in the profile or AWS_REGION, or pass --region",
  CREDENTIALS_TOO_SHORT: (e) =>
    e.data.reason === "expired"
      ? "check this machine's clock and what the source returns"
      : "ask for a longer --duration (or duration_seconds in the profile)",
  PASSPHRASE_REQUIRED: () =>
    "run `vault-cli agent` once in a terminal, set AWS_VAULT_FILE_PASSPHRASE_COMMAND (or AWS_VAULT_FILE_PASSPHRASE), or run vault-cli in a terminal",
  NO_TERMINAL: (e) => NO_TERMINAL_HINTS[e.data.purpose ?? ""],
  KEYSTORE_UNAVAILABLE: otherBackends,
  UNSUPPORTED: otherBackends,
  MFA_REQUIRED: () => "pass --mfa-token, or set mfa_process in the profile",
  SSO_LOGIN_FAILED: () =>
    "run the command again and approve the code in the browser, or pass --no-browser and open the printed page on any device",
};

const NO_TERMINAL_HINTS: Readonly<Record<string, string>> = {
  passphrase: "set AWS_VAULT_FILE_PASSPHRASE",
  mfa: "pass --mfa-token, or set mfa_process in the profile",
  credentials: "use --env",
  confirm: "use --force to skip the question",
};

function otherBackends(error: VaultError): string | undefined {
  const available = error.data.available?.split(",").filter(Boolean) ?? [];
  return available.length > 0 ? `try ${available.map((b) => `--backend ${b}`).join(" or ")}` : undefined;
}

export function cliHint(error: VaultError): string | undefined {
  return HINTS[error.code]?.(error);
}
