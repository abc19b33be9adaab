import type { Keystore } from "../keystore/keystore.js";
import { readKey, type SessionKey } from "./session-key.js";

/** A keystore's keys, each parsed once, sorted by kind (aws-vault decides the kind from the key alone). */
export interface StoredKeys {
  /** Every key, as keys() returned them. */
  readonly all: readonly string[];
  /** Names of long-term credentials items, in the backend's order. */
  readonly credentials: readonly string[];
  readonly sessions: readonly { readonly key: string; readonly session: SessionKey }[];
  /** aws-vault v3–v5 session keys, which it deletes on sight. */
  readonly legacySessions: readonly string[];
  /** `oidc:<start url>` SSO token keys. */
  readonly oidcTokens: readonly string[];
}

/** Sorts a listing by kind, as aws-vault's `list` decides it from the key alone. */
export function classifyKeys(keys: readonly string[]): StoredKeys {
  const credentials: string[] = [];
  const sessions: StoredKeys["sessions"][number][] = [];
  const legacySessions: string[] = [];
  const oidcTokens: string[] = [];
  for (const key of keys) {
    const read = readKey(key);
    if (read.kind === "session") sessions.push({ key, session: read.session });
    else if (read.kind === "oidc-token") oidcTokens.push(key);
    else if (read.kind === "legacy-session") legacySessions.push(key);
    else credentials.push(key);
  }
  return { all: keys, credentials, sessions, legacySessions, oidcTokens };
}

/**
 * Removes the sessions whose key names one of `profiles` (aws-vault's RemoveForProfile, for each); returns how
 * many went.
 */
export async function removeSessionsOf(
  keystore: Keystore,
  stored: StoredKeys,
  profiles: string | ReadonlySet<string>,
): Promise<number> {
  const owners = typeof profiles === "string" ? new Set([profiles]) : profiles;
  let removed = 0;
  for (const { key, session } of stored.sessions) {
    if (owners.has(session.profile) && (await keystore.remove(key))) removed++;
  }
  return removed;
}
