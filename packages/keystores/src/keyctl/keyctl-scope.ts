import { VaultError } from "@vault-cli/core";

/** The scopes 99designs/keyring knows; aws-vault never sets one (its keyctl backend cannot open). */
const KEYCTL_SCOPES = ["user", "usersession", "session", "process", "thread"] as const;
export type KeyctlScope = (typeof KEYCTL_SCOPES)[number];

const SPECIAL: Partial<Record<KeyctlScope, string>> = { user: "@u", usersession: "@us", session: "@s" };

/**
 * The keyctl(1) name of a scope's keyring. `process` and `thread` are refused: every keyctl run is
 * its own process, so such a keyring would be gone before the next command could read it.
 */
export function scopeKeyring(scope: string): string {
  const special = SPECIAL[scope as KeyctlScope];
  if (special) return special;
  if (scope === "process" || scope === "thread") {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `keyctl scope '${scope}' cannot keep items: each keyctl command runs in a new ${scope}, so its ${scope} keyring ends with it; use scope 'user' or 'session'`,
    );
  }
  throw new VaultError(
    "CONFIG_INVALID_SETTING",
    `unknown keyctl scope '${scope}'; use one of: user, usersession, session`,
  );
}
