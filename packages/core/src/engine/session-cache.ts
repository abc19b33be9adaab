import { formatGoDuration } from "../chain/parse-duration.js";
import type { CacheSlot } from "../chain/types.js";
import { isVaultError } from "../errors.js";
import { SESSION_DESCRIPTION, sessionLabel } from "../keystore/item-labels.js";
import type { Keystore } from "../keystore/keystore.js";
import {
  decodeSessionCredentials,
  encodeSessionCredentials,
  type SessionCredentials,
  type SessionMetadata,
} from "../keystore/session-credentials.js";
import { formatSessionKey, isLegacySessionKey, parseSessionKey } from "../session/session-key.js";
import { metadataMismatch } from "./hop-metadata.js";
import type { Clock, Trace } from "./ports.js";

/** aws-vault's session items as one listing of the keystore: lookups by prefix, writes that replace. */
export interface SessionCache {
  /** The item under `slot` with at least minTtlSeconds left that matches `expected`, if any. */
  find(slot: CacheSlot, expected: SessionMetadata): Promise<SessionCredentials | undefined>;
  /** Lists the keystore again (after taking a lock, another process may have written). */
  reload(): Promise<void>;
  /** Writes the item under its new key, then removes the older keys of the same slot. */
  write(slot: CacheSlot, credentials: SessionCredentials): Promise<void>;
}

interface SessionCacheOptions {
  readonly minTtlSeconds: number;
  /** Keys the caller listed just before; otherwise the keystore is listed now. */
  readonly listing?: readonly string[];
  readonly trace?: Trace;
  readonly warn?: (message: string) => void;
}

/** How a slot reads in --debug lines: `sts.AssumeRole of 'prod'`. */
export function slotName(slot: CacheSlot): string {
  return `${slot.type} of '${slot.profile}'`;
}

export async function openSessionCache(
  keystore: Keystore,
  clock: Clock,
  { minTtlSeconds, listing, trace, warn }: SessionCacheOptions,
): Promise<SessionCache> {
  const warned = new Set<string>();
  // A damaged item is a miss, as in aws-vault: new credentials replace it (write() removes the slot's older keys).
  const readItem = async (key: string): Promise<SessionCredentials | undefined> => {
    try {
      const data = await keystore.get(key);
      return data === undefined ? undefined : decodeSessionCredentials(data, `session item '${key}'`);
    } catch (error) {
      if (!isVaultError(error) || error.code !== "KEYSTORE_CORRUPT") throw error;
      if (!warned.has(key)) warn?.(`${error.message}; it is skipped and will be replaced`);
      warned.add(key);
      return undefined;
    }
  };
  let keys = await clean(keystore, listing ?? (await keystore.keys()), clock);
  return {
    async find(slot, expected) {
      const candidates = keys.filter((key) => key.startsWith(slot.keyPrefix)).sort(byExpiryDescending);
      for (const key of candidates) {
        const item = await readItem(key);
        if (!item) {
          trace?.(`cache: ${slotName(slot)}: item ${key} cannot be read; skipped`);
          continue;
        }
        const leftSeconds = Math.floor((item.expiration.getTime() - clock().getTime()) / 1000);
        const left = formatGoDuration(leftSeconds);
        if (leftSeconds < minTtlSeconds) {
          trace?.(
            `cache: ${slotName(slot)}: item ${key} refused: ${left} left, ${formatGoDuration(minTtlSeconds)} wanted`,
          );
          continue;
        }
        const mismatch = metadataMismatch(item.metadata, expected, slot);
        if (mismatch === undefined) {
          trace?.(`cache: ${slotName(slot)}: hit ${key} (${left} left)`);
          return item;
        }
        trace?.(`cache: ${slotName(slot)}: item ${key} refused: ${mismatch}`);
      }
      if (candidates.length === 0) trace?.(`cache: ${slotName(slot)}: miss (no item)`);
      return undefined;
    },
    async reload() {
      keys = await clean(keystore, await keystore.keys(), clock);
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
      trace?.(`cache: ${slotName(slot)}: wrote ${key}`);
    },
  };
}

/** aws-vault's RemoveOldSessions: legacy-format keys and expired sessions go on every listing. */
async function clean(keystore: Keystore, all: readonly string[], clock: Clock): Promise<string[]> {
  const now = clock().getTime();
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

function byExpiryDescending(a: string, b: string): number {
  return expirySeconds(b) - expirySeconds(a);
}

function expirySeconds(key: string): number {
  return Number(key.slice(key.lastIndexOf(",") + 1)) || 0;
}
