import type { CacheSlot } from "../chain/types.js";
import { SESSION_DESCRIPTION, sessionLabel } from "../keystore/item-labels.js";
import type { Keystore } from "../keystore/keystore.js";
import {
  decodeSessionCredentials,
  encodeSessionCredentials,
  type SessionCredentials,
  type SessionMetadata,
} from "../keystore/session-credentials.js";
import { formatSessionKey, isLegacySessionKey, parseSessionKey } from "../keystore/session-key.js";
import { metadataMatches } from "./hop-metadata.js";
import type { Clock } from "./ports.js";

/** aws-vault's session items as one listing of the keystore: lookups by prefix, writes that replace. */
export interface SessionCache {
  /** The item under `slot` with at least minTtlSeconds left that matches `expected`, if any. */
  find(slot: CacheSlot, expected: SessionMetadata): Promise<SessionCredentials | undefined>;
  /** Lists the keystore again (after taking a lock, another process may have written). */
  reload(): Promise<void>;
  /** Writes the item under its new key, then removes the older keys of the same slot. */
  write(slot: CacheSlot, credentials: SessionCredentials): Promise<void>;
}

export async function openSessionCache(
  keystore: Keystore,
  clock: Clock,
  minTtlSeconds: number,
): Promise<SessionCache> {
  let keys = await listAndClean(keystore, clock);
  return {
    async find(slot, expected) {
      const candidates = keys.filter((key) => key.startsWith(slot.keyPrefix)).sort(byExpiryDescending);
      for (const key of candidates) {
        const item = await readItem(keystore, key);
        if (!item) continue;
        const lifeMs = item.expiration.getTime() - clock().getTime();
        if (lifeMs < minTtlSeconds * 1000) continue;
        if (metadataMatches(item.metadata, expected, slot)) return item;
      }
      return undefined;
    },
    async reload() {
      keys = await listAndClean(keystore, clock);
    },
    async write(slot, credentials) {
      const key = formatSessionKey({ ...slot, expiration: credentials.expiration });
      await keystore.set(key, encodeSessionCredentials(credentials), {
        label: sessionLabel(slot.profile, credentials.expiration),
        description: SESSION_DESCRIPTION,
      });
      const older = keys.filter((k) => k !== key && k.startsWith(slot.keyPrefix));
      await Promise.all(older.map((k) => keystore.remove(k)));
      keys = [...keys.filter((k) => !older.includes(k) && k !== key), key];
    },
  };
}

/** aws-vault's RemoveOldSessions: legacy-format keys and expired sessions go on every listing. */
async function listAndClean(keystore: Keystore, clock: Clock): Promise<string[]> {
  const now = clock().getTime();
  const all = await keystore.keys();
  const stale = new Set(
    all.filter((key) => {
      if (isLegacySessionKey(key)) return true;
      const parsed = parseSessionKey(key);
      return parsed !== undefined && parsed.expiration.getTime() <= now;
    }),
  );
  await Promise.all([...stale].map((key) => keystore.remove(key)));
  return all.filter((key) => !stale.has(key));
}

async function readItem(keystore: Keystore, key: string): Promise<SessionCredentials | undefined> {
  const data = await keystore.get(key);
  if (data === undefined) return undefined;
  try {
    return decodeSessionCredentials(data, `session item '${key}'`);
  } catch {
    return undefined; // undecodable: a miss, as in aws-vault
  }
}

function byExpiryDescending(a: string, b: string): number {
  return expirySeconds(b) - expirySeconds(a);
}

function expirySeconds(key: string): number {
  return Number(key.slice(key.lastIndexOf(",") + 1)) || 0;
}
