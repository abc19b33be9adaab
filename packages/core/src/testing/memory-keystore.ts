import type { Keystore, KeystoreSetOptions } from "../keystore/keystore.js";

export interface MemoryItem extends KeystoreSetOptions {
  readonly value: string;
}

/** A working in-memory keystore (a fake, not a mock); `items` lets a test look at labels too. */
export interface MemoryKeystore extends Keystore {
  readonly items: ReadonlyMap<string, MemoryItem>;
}

export function memoryKeystore(
  initial: Readonly<Record<string, string>> | Iterable<readonly [string, string]> = {},
): MemoryKeystore {
  const entries = Symbol.iterator in initial ? [...initial] : Object.entries(initial);
  const items = new Map<string, MemoryItem>(entries.map(([key, value]) => [key, { value }]));
  return {
    name: "memory",
    items,
    async get(key) {
      return items.get(key)?.value;
    },
    async set(key, value, options = {}) {
      items.set(key, { ...options, value });
    },
    async remove(key) {
      return items.delete(key);
    },
    async keys() {
      return [...items.keys()].sort();
    },
  };
}
