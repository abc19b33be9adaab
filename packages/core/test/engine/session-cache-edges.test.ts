import { describe, expect, it } from "vitest";
import type { CacheSlot } from "../../src/chain/types.js";
import { openSessionCache, slotName } from "../../src/engine/session-cache.js";
import { VaultError } from "../../src/errors.js";
import type { Keystore } from "../../src/keystore/keystore.js";
import { encodeSessionCredentials, type SessionCredentials } from "../../src/keystore/session-credentials.js";
import { formatSessionKey, sessionKeyPrefix } from "../../src/session/session-key.js";
import { fakeClock, memoryKeystore } from "../../src/testing/index.js";

const NOW = "2026-01-01T00:00:00Z";
const at = (seconds: number) => new Date(Date.parse(NOW) + seconds * 1000);

const slotOf = (profile: string, sharedWithAwsVault = true): CacheSlot => ({
  type: "sts.GetSessionToken",
  profile,
  serial: "",
  keyPrefix: sessionKeyPrefix("sts.GetSessionToken", profile, ""),
  sharedWithAwsVault,
});
const U = slotOf("U");
const V = slotOf("V");

const creds = (accessKeyId: string, expiresIn: number, roleArn?: string): SessionCredentials => ({
  accessKeyId,
  secretAccessKey: "s",
  sessionToken: "t",
  expiration: at(expiresIn),
  ...(roleArn ? { metadata: { roleArn } } : {}),
});
const keyOf = (slot: CacheSlot, c: SessionCredentials) =>
  formatSessionKey({ ...slot, expiration: c.expiration });
const entry = (slot: CacheSlot, c: SessionCredentials) =>
  [keyOf(slot, c), encodeSessionCredentials(c)] as const;

/** Opens a cache over `entries` with a trace and warnings collected. */
async function open(
  entries: readonly (readonly [string, string])[],
  options: { listing?: string[]; minTtlSeconds?: number; keystore?: Keystore } = {},
) {
  const keystore = memoryKeystore(entries);
  const lines: string[] = [];
  const warnings: string[] = [];
  const cache = await openSessionCache(options.keystore ?? keystore, fakeClock(NOW), {
    minTtlSeconds: options.minTtlSeconds ?? 300,
    ...(options.listing ? { listing: options.listing } : {}),
    trace: (line) => lines.push(line),
    warn: (message) => warnings.push(message),
  });
  return { cache, keystore, lines, warnings };
}

describe("slotName", () => {
  it("names the type and the profile", () => {
    expect(slotName(U)).toBe("sts.GetSessionToken of 'U'");
  });
});

describe("session cache: finding an item", () => {
  it("serves the item that expires last, whatever the listing order", async () => {
    const items = [creds("AKOLD", 3600), creds("AKMID", 7200), creds("AKNEW", 10_800)].map((c) =>
      entry(U, c),
    );
    const listing = items.map(([key]) => key); // oldest first
    const { cache } = await open(items, { listing: [listing[1]!, listing[0]!, listing[2]!] });
    expect((await cache.find(U, {}))?.accessKeyId).toBe("AKNEW");
    const sorted = await open(items, { listing });
    expect((await sorted.cache.find(U, {}))?.accessKeyId).toBe("AKNEW");
  });

  it("serves an item with exactly minTtlSeconds left", async () => {
    const { cache } = await open([entry(U, creds("AK", 300))], { minTtlSeconds: 300 });
    expect((await cache.find(U, {}))?.accessKeyId).toBe("AK");
  });

  it("traces a hit, a refusal and a miss", async () => {
    const short = creds("AKSHORT", 60);
    const role = creds("AKROLE", 3600, "arn:aws:iam::1:role/a");
    const { cache, lines } = await open([entry(U, short), entry(V, role)]);
    expect(await cache.find(U, {})).toBeUndefined();
    expect(await cache.find(V, { roleArn: "arn:aws:iam::1:role/b" })).toBeUndefined();
    expect(await cache.find(V, { roleArn: "arn:aws:iam::1:role/a" })).toEqual(role);
    expect(await cache.find(slotOf("W"), {})).toBeUndefined();
    expect(lines).toEqual([
      `cache: sts.GetSessionToken of 'U': item ${keyOf(U, short)} refused: 1m0s left, 5m0s wanted`,
      `cache: sts.GetSessionToken of 'V': item ${keyOf(V, role)} refused: made with another role ARN`,
      `cache: sts.GetSessionToken of 'V': hit ${keyOf(V, role)} (1h0m0s left)`,
      "cache: sts.GetSessionToken of 'W': miss (no item)",
    ]);
  });

  it("removes items that expire now, and legacy keys, when opened", async () => {
    const expired = entry(U, creds("AKEXP", 0));
    const legacy = ["session,YWxpY2U,,1500000000", "{}"] as const;
    const { cache, keystore, lines } = await open([expired, legacy, ["alice", "{}"]]);
    expect(await keystore.keys()).toEqual(["alice"]);
    expect(await cache.find(U, {})).toBeUndefined();
    expect(lines).toEqual(["cache: sts.GetSessionToken of 'U': miss (no item)"]);
  });
});

describe("session cache: unreadable items", () => {
  it("skips a listed key whose item is gone, without a warning", async () => {
    const gone = keyOf(U, creds("AK", 3600));
    const { cache, lines, warnings } = await open([], { listing: [gone] });
    expect(await cache.find(U, {})).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(lines).toEqual([`cache: sts.GetSessionToken of 'U': item ${gone} cannot be read; skipped`]);
  });

  it("skips a damaged item and warns once, naming the key", async () => {
    const key = keyOf(U, creds("AK", 3600));
    const { cache, warnings } = await open([[key, "not json"]]);
    expect(await cache.find(U, {})).toBeUndefined();
    expect(await cache.find(U, {})).toBeUndefined();
    expect(warnings).toEqual([
      `session item '${key}' is not a JSON object; it is skipped and will be replaced`,
    ]);
  });

  it.each([
    ["a plain error", new Error("disk on fire")],
    ["a VaultError with another code", new VaultError("KEYSTORE_LOCKED", "locked")],
  ])("passes on %s from the keystore", async (_what, failure) => {
    const key = keyOf(U, creds("AK", 3600));
    const failing: Keystore = {
      ...memoryKeystore(),
      keys: async () => [key],
      get: async () => {
        throw failure;
      },
    };
    const { cache, warnings } = await open([], { keystore: failing });
    await expect(cache.find(U, {})).rejects.toBe(failure);
    expect(warnings).toEqual([]);
  });

  it("warns with the decoder's reason for an item missing a field", async () => {
    const key = keyOf(U, creds("AK", 3600));
    const { cache, warnings } = await open([[key, '{"AccessKeyId":"A"}']]);
    await expect(cache.find(U, {})).resolves.toBeUndefined();
    expect(warnings).toEqual([
      `session item '${key}' has no SecretAccessKey; it is skipped and will be replaced`,
    ]);
  });
});

describe("session cache: writing", () => {
  it("replaces the slot's older item and keeps other slots", async () => {
    const old = creds("AKOLD", 3600);
    const other = creds("AKV", 3600);
    const { cache, keystore } = await open([entry(U, old), entry(V, other)]);
    const fresh = creds("AKNEW", 7200);
    await cache.write(U, fresh);
    expect(await keystore.keys()).toEqual([keyOf(U, fresh), keyOf(V, other)].sort());
    expect((await cache.find(U, {}))?.accessKeyId).toBe("AKNEW");
    expect((await cache.find(V, {}))?.accessKeyId).toBe("AKV");
  });

  it("keeps an item rewritten under the same key, listed once", async () => {
    const item = creds("AK", 3600, "arn:aws:iam::1:role/a");
    const { cache, keystore, lines } = await open([]);
    await cache.write(U, item);
    await cache.write(U, item);
    expect(await keystore.get(keyOf(U, item))).toBe(encodeSessionCredentials(item));
    expect(await cache.find(U, { roleArn: "arn:aws:iam::1:role/b" })).toBeUndefined();
    expect(lines.filter((line) => line.includes("refused"))).toHaveLength(1);
  });

  it("forgets the removed key: a later find reads only the new item", async () => {
    const later = creds("AKLATER", 7200, "arn:aws:iam::1:role/a");
    const { cache, keystore, lines } = await open([entry(U, later)]);
    const sooner = creds("AKSOONER", 3600, "arn:aws:iam::1:role/b");
    await cache.write(U, sooner);
    expect(await keystore.keys()).toEqual([keyOf(U, sooner)]);
    lines.length = 0;
    expect(await cache.find(U, { roleArn: "arn:aws:iam::1:role/b" })).toEqual(sooner);
    expect(lines).toEqual([`cache: sts.GetSessionToken of 'U': hit ${keyOf(U, sooner)} (1h0m0s left)`]);
  });

  it("labels the item as aws-vault does and traces the write", async () => {
    const item = creds("AK", 3600);
    const { cache, keystore, lines } = await open([]);
    await cache.write(U, item);
    expect(keystore.items.get(keyOf(U, item))).toEqual({
      value: encodeSessionCredentials(item),
      label: "aws-vault session for U (expires 2026-01-01T01:00:00Z)",
      description: "aws-vault session",
    });
    expect(lines).toEqual([`cache: sts.GetSessionToken of 'U': wrote ${keyOf(U, item)}`]);
  });
});
