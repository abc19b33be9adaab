import { VaultError } from "../errors.js";
import { classifyKeys } from "../session/stored-keys.js";
import { credentialsLabel } from "./item-labels.js";
import type { Keystore } from "./keystore.js";

/** One step of a migration, as it happens (the CLI prints each). */
export interface MigrateEvent {
  /**
   * copied / already-there: the target holds the source's value; conflict: the target holds another one;
   * unreadable: listed in the source but not readable there; changed: the source's value changed after it was
   * copied (an `add` or `rotate` meanwhile), so it is not removed; removed: the original is gone.
   */
  readonly kind: "copied" | "already-there" | "conflict" | "unreadable" | "changed" | "removed";
  readonly key: string;
}

export interface MigrateOptions {
  /** Remove each original once every copy has been read back intact. */
  readonly deleteSource?: boolean;
  readonly report?: (event: MigrateEvent) => void;
}

export interface MigrateResult {
  /** Keys now in the target with the source's value (copied now, or there already). */
  readonly verified: readonly string[];
  /** Keys the target holds with another value: left alone on both sides. */
  readonly conflicts: readonly string[];
  /** Keys listed in the source that could not be read there (nothing copied or removed for them). */
  readonly unreadable: readonly string[];
  /** Originals removed (only with deleteSource, and only when nothing conflicted). */
  readonly removed: readonly string[];
  /** Cached sessions and SSO tokens in the source, which are not copied. */
  readonly sessionsLeft: number;
}

/**
 * Copies every long-term key from `from` to `to`, reads each copy back, and only when all of them match
 * (and `deleteSource` is set) removes the originals. A key is removed from the source only after its
 * copy was verified, so an interruption at any point leaves every key in one place or both. A key the
 * target already holds with another value is a conflict: neither side changes, and nothing is removed.
 * Sessions are not copied: they are re-made on the next use.
 */
export async function migrateKeys(
  from: Keystore,
  to: Keystore,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const report = options.report ?? (() => undefined);
  const stored = classifyKeys(await from.keys());
  const verified = new Map<string, string>();
  const conflicts: string[] = [];
  const unreadable: string[] = [];
  for (const key of stored.credentials) {
    const value = await from.get(key);
    if (value === undefined) {
      unreadable.push(key);
      report({ kind: "unreadable", key });
      continue;
    }
    const present = await to.get(key);
    if (present === value) {
      verified.set(key, value);
      report({ kind: "already-there", key });
      continue;
    }
    if (present !== undefined) {
      conflicts.push(key);
      report({ kind: "conflict", key });
      continue;
    }
    await to.set(key, value, { label: credentialsLabel(key) });
    const copy = await to.get(key);
    if (copy !== value) {
      if (copy !== undefined) await to.remove(key); // the target had no such key: take the bad copy back
      throw new VaultError(
        "KEYSTORE_WRITE",
        `the copy of '${key}' in the ${to.name} keystore does not read back as written; the ${from.name} keystore is unchanged`,
      );
    }
    verified.set(key, value);
    report({ kind: "copied", key });
  }
  const removed: string[] = [];
  if (options.deleteSource && conflicts.length === 0) {
    for (const [key, value] of verified) {
      // Written again since it was copied (add, rotate): the new key exists only here, so it stays.
      if ((await from.get(key)) !== value) {
        report({ kind: "changed", key });
        continue;
      }
      await from.remove(key);
      removed.push(key);
      report({ kind: "removed", key });
    }
  }
  const sessionsLeft = stored.sessions.length + stored.legacySessions.length + stored.oidcTokens.length;
  return { verified: [...verified.keys()], conflicts, unreadable, removed, sessionsLeft };
}
