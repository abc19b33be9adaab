import { isLegacySessionKey, parseSessionKey } from "./session-key.js";

export const OIDC_TOKEN_KEY_PREFIX = "oidc:";

/**
 * What an item is, read from its key alone, as aws-vault's `list` decides: `oidc:` tokens, session
 * keys (current or legacy format), and everything else counts as a profile's long-term credentials.
 */
export type KeyKind = "credentials" | "session" | "legacy-session" | "oidc-token";

export function classifyKey(key: string): KeyKind {
  if (key.startsWith(OIDC_TOKEN_KEY_PREFIX)) return "oidc-token";
  // Before the current format: a v5 key `session,<b64>,<b64>,<expiry>` matches both.
  if (isLegacySessionKey(key)) return "legacy-session";
  if (parseSessionKey(key)) return "session";
  return "credentials";
}
