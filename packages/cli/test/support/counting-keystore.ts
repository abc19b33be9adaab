import type { Keystore } from "@vault-cli/core";
import { openKeystore } from "@vault-cli/keystores";

type KeystoreOpener = typeof openKeystore;

export type KeystoreCalls = Record<"get" | "set" | "remove" | "keys", number>;

/** A decorator over a real keystore that counts calls (not a mock: every call reaches the backend). */
function countingKeystore(inner: Keystore, calls: KeystoreCalls): Keystore {
  const count = <T>(call: keyof KeystoreCalls, result: () => T): T => {
    calls[call]++;
    return result();
  };
  return {
    name: inner.name,
    get: (key) => count("get", () => inner.get(key)),
    set: (key, value, options) => count("set", () => inner.set(key, value, options)),
    remove: (key) => count("remove", () => inner.remove(key)),
    keys: () => count("keys", () => inner.keys()),
  };
}

/** openKeystore whose keystores count their calls into `calls`. */
export function countingOpener(open: KeystoreOpener = openKeystore): {
  openKeystore: KeystoreOpener;
  calls: KeystoreCalls;
} {
  const calls: KeystoreCalls = { get: 0, set: 0, remove: 0, keys: 0 };
  return { calls, openKeystore: async (options) => countingKeystore(await open(options), calls) };
}
