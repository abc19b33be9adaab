import { formatSessionKey, isVaultError, type Keystore } from "@vault-cli/core";
import { beforeEach, describe, expect, it } from "vitest";

export interface ContractOptions {
  /** The largest value the backend holds (keyctl: 32767 bytes); the contract stores 64 KiB otherwise. */
  readonly maxValueBytes?: number;
}

const SPECIAL_KEYS = [
  "team/dev admin",
  "100%",
  "a%2Fb",
  "a,b,c",
  "c:d",
  "with space",
  "prøfil-🚀",
  formatSessionKey({
    type: "sts.GetSessionToken",
    profile: "alice",
    serial: "arn:aws:iam::111122223333:mfa/alice",
    expiration: new Date("2026-01-01T00:00:00Z"),
  }),
  formatSessionKey({
    type: "sts.AssumeRole",
    profile: "prod/admin",
    expiration: new Date("2030-01-01T00:00:00Z"),
  }),
];

/** A value of `bytes` ASCII characters that is not one repeated character. */
function bigValue(bytes: number): string {
  return Array.from({ length: bytes }, (_, i) => String.fromCharCode(33 + ((i * 7) % 94))).join("");
}

/** The behaviour every backend shares. `makeStore` must return an empty keystore each time. */
export function runKeystoreContract(
  name: string,
  makeStore: () => Keystore | Promise<Keystore>,
  options: ContractOptions = {},
): void {
  describe(`${name}: keystore contract`, () => {
    let store: Keystore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it("starts empty, and reading or removing a missing item is not an error", async () => {
      expect(await store.keys()).toEqual([]);
      expect(await store.get("nobody")).toBeUndefined();
      expect(await store.remove("nobody")).toBe(false);
    });

    it("stores, lists, overwrites and removes an item", async () => {
      await store.set("alice", '{"AccessKeyID":"AKIA1","SecretAccessKey":"s1"}', {
        label: "aws-vault (alice)",
      });
      expect(await store.get("alice")).toBe('{"AccessKeyID":"AKIA1","SecretAccessKey":"s1"}');
      await store.set("alice", "second");
      expect(await store.get("alice")).toBe("second");
      expect(await store.keys()).toEqual(["alice"]);
      expect(await store.remove("alice")).toBe(true);
      expect(await store.remove("alice")).toBe(false);
      expect(await store.get("alice")).toBeUndefined();
      expect(await store.keys()).toEqual([]);
    });

    it("keeps unicode, quotes, backslashes and newlines exactly", async () => {
      const value = 'ünïcødé 🚀 "quoted" \\ <&> \u2028\n\ttab\r\n';
      await store.set("unicode", value);
      expect(await store.get("unicode")).toBe(value);
    });

    it(`keeps a ${options.maxValueBytes ?? 65536}-byte value`, async () => {
      const value = bigValue(options.maxValueBytes ?? 65536);
      await store.set("big", value);
      expect(await store.get("big")).toBe(value);
    });

    it("handles keys with '/', '%', ',', ':', spaces, unicode and session-key shapes", async () => {
      for (const [i, key] of SPECIAL_KEYS.entries()) await store.set(key, `value ${i}`);
      expect([...(await store.keys())].sort()).toEqual([...SPECIAL_KEYS].sort());
      for (const [i, key] of SPECIAL_KEYS.entries()) expect(await store.get(key)).toBe(`value ${i}`);
      for (const key of SPECIAL_KEYS) expect(await store.remove(key)).toBe(true);
      expect(await store.keys()).toEqual([]);
    });

    it("takes 20 concurrent writers to distinct keys", async () => {
      const keys = Array.from({ length: 20 }, (_, i) => `writer-${i}`);
      await Promise.all(keys.map((key) => store.set(key, `value of ${key}`)));
      expect([...(await store.keys())].sort()).toEqual([...keys].sort());
      for (const key of keys) expect(await store.get(key)).toBe(`value of ${key}`);
    });

    it("takes 20 concurrent writers to one key: one written value wins, intact", async () => {
      const values = Array.from({ length: 20 }, (_, i) => `${i}:${bigValue(2000 + i)}`);
      await Promise.all(values.map((value) => store.set("contended", value)));
      expect(values).toContain(await store.get("contended"));
      expect(await store.keys()).toEqual(["contended"]);
    });

    if (options.maxValueBytes !== undefined) {
      it("refuses a value over its limit with KEYSTORE_WRITE", async () => {
        const error = await store
          .set("too-big", bigValue(options.maxValueBytes! + 1))
          .catch((e: unknown) => e);
        expect(isVaultError(error) && error.code).toBe("KEYSTORE_WRITE");
        expect(await store.get("too-big")).toBeUndefined();
      });
    }
  });
}
