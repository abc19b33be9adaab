// The JWE checks of the file backend, seen through a keystore: which tokens are refused before any
// cryptography, with which detail, and which edge values are still read.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { errorOf, tempDir } from "@vault-cli/test-support";
import { CompactEncrypt } from "jose";
import { describe, expect, it } from "vitest";
import { fileKeystore } from "../src/file/index.js";

const open = (dir: string, passphrase = "pw") =>
  fileKeystore({ dir, passphrase: () => passphrase, iterations: 1000 });
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const item = (key: string, data: string) =>
  Buffer.from(
    `{"Key":"${key}","Data":"${Buffer.from(data).toString("base64")}","Label":"","Description":"","KeychainNotTrustApplication":false}`,
  );

const HEADER = { alg: "PBES2-HS256+A128KW", enc: "A256GCM", p2c: 1000, p2s: b64(randomBytes(12)) };

/** A token of the right shape (40-byte key, 12-byte iv, 16-byte tag) around `header`; it never decrypts. */
function shaped(header: unknown, parts: { key?: number; iv?: number; cipher?: number } = {}): string {
  return [
    b64(JSON.stringify(header)),
    b64(randomBytes(parts.key ?? 40)),
    b64(randomBytes(parts.iv ?? 12)),
    b64(randomBytes(parts.cipher ?? 5)),
    b64(randomBytes(16)),
  ].join(".");
}

async function encrypt(
  key: string,
  data: string,
  params: { enc?: string; p2c?: number; p2s?: Uint8Array; passphrase?: string } = {},
) {
  return new CompactEncrypt(item(key, data))
    .setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: params.enc ?? "A256GCM" })
    .setKeyManagementParameters({ p2c: params.p2c ?? 1000, p2s: params.p2s ?? randomBytes(12) })
    .encrypt(Buffer.from(params.passphrase ?? "pw"));
}

async function readError(token: string) {
  const dir = tempDir();
  await writeFile(join(dir, "item"), token);
  const error = await errorOf(open(dir).get("item"));
  return { path: join(dir, "item"), error };
}

describe("a token refused before any cryptography", () => {
  it.each([
    [
      "a part that is not base64url",
      `${shaped(HEADER).slice(0, -2)}+/`,
      "not a JWE compact token (invalid base64url)",
    ],
    [
      "a header that is not JSON",
      [b64("{alg"), ...shaped(HEADER).split(".").slice(1)].join("."),
      "its JWE header is not JSON",
    ],
    ["an alg it does not read", shaped({ ...HEADER, alg: "dir" }), 'unsupported alg "dir"'],
    ["an enc it does not read", shaped({ ...HEADER, enc: "A256CBC" }), 'unsupported enc "A256CBC"'],
    [
      "a zip header",
      shaped({ ...HEADER, zip: "DEF" }),
      "compressed or critical-header items are not supported",
    ],
    [
      "a crit header",
      shaped({ ...HEADER, crit: ["exp"] }),
      "compressed or critical-header items are not supported",
    ],
    ["no p2c", shaped({ ...HEADER, p2c: undefined }), "p2c undefined is outside 1..1300000"],
    ["a p2c that is a string", shaped({ ...HEADER, p2c: "1000" }), 'p2c "1000" is outside 1..1300000'],
    ["a fractional p2c", shaped({ ...HEADER, p2c: 1000.5 }), "p2c 1000.5 is outside 1..1300000"],
    ["a p2c of 0", shaped({ ...HEADER, p2c: 0 }), "p2c 0 is outside 1..1300000"],
    ["no p2s", shaped({ ...HEADER, p2s: undefined }), "p2s is missing or shorter than 8 bytes"],
    [
      "a p2s that is a number",
      shaped({ ...HEADER, p2s: 12345678 }),
      "p2s is missing or shorter than 8 bytes",
    ],
    [
      "a p2s that is not base64url",
      shaped({ ...HEADER, p2s: "abc+def/ghij" }),
      "p2s is missing or shorter than 8 bytes",
    ],
    [
      "a 7-byte p2s",
      shaped({ ...HEADER, p2s: b64(randomBytes(7)) }),
      "p2s is missing or shorter than 8 bytes",
    ],
    ["a 41-byte encrypted key", shaped(HEADER, { key: 41 }), "encrypted key is 41 bytes, not 40"],
    ["a 16-byte iv for AES-GCM", shaped(HEADER, { iv: 16 }), "iv is 16 bytes, not 12"],
    ["an empty ciphertext", shaped(HEADER, { cipher: 0 }), "ciphertext is empty"],
  ])("%s: KEYSTORE_CORRUPT naming the file", async (_what, token, detail) => {
    const { path, error } = await readError(token);
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_CORRUPT",
      `'${path}' is not an aws-vault item: ${detail}`,
    ]);
  });
});

describe("edge values that are read", () => {
  it("reads p2c 1 and an 8-byte p2s", async () => {
    const dir = tempDir();
    await writeFile(join(dir, "low"), await encrypt("low", "secret", { p2c: 1, p2s: randomBytes(8) }));
    expect(await open(dir).get("low")).toBe("secret");
  });
});

describe("AES-CBC-HMAC items (read through jose)", () => {
  // This item's JSON pads to 96 bytes of ciphertext: 128 base64url characters, so one more is invalid.
  const payload = "x".repeat(4);

  it("that are damaged name the file as damaged", async () => {
    const dir = tempDir();
    const parts = (await encrypt("cbc", payload, { enc: "A128CBC-HS256" })).split(".");
    const cipher = Buffer.from(parts[3]!, "base64url");
    cipher[0] = (cipher[0] ?? 0) ^ 1;
    parts[3] = b64(cipher);
    await writeFile(join(dir, "cbc"), parts.join("."));
    const error = await errorOf(open(dir).get("cbc"));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "cbc")}' is damaged: the passphrase fits but the content does not authenticate`,
    ]);
  });

  it("whose ciphertext jose cannot decode are not aws-vault items", async () => {
    const dir = tempDir();
    const parts = (await encrypt("cbc", payload, { enc: "A128CBC-HS256" })).split(".");
    expect(parts[3]!.length % 4).toBe(0);
    parts[3] = `${parts[3]}A`;
    await writeFile(join(dir, "cbc"), parts.join("."));
    const error = await errorOf(open(dir).get("cbc"));
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_CORRUPT");
    expect((error as Error).message).toMatch(
      new RegExp(`^'${join(dir, "cbc")}' is not an aws-vault item: .*ciphertext`),
    );
  });

  it("refuse a write with a passphrase that opens none of them, and change nothing", async () => {
    const dir = tempDir();
    const token = await encrypt("cbc", payload, { enc: "A256CBC-HS512", passphrase: "right" });
    await writeFile(join(dir, "cbc"), token);
    const error = await errorOf(open(dir, "wrong").set("other", "x"));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_LOCKED",
      `wrong passphrase for '${dir}'`,
    ]);
    expect(await open(dir, "wrong").keys()).toEqual(["cbc"]);
    expect(await readFile(join(dir, "cbc"), "utf8")).toBe(token);
  });
});

describe("the created header", () => {
  it.each([
    ["2026-11-22T05:42:26.000Z", "2026-11-22 05:42:26 +0000 UTC"],
    ["2026-11-22T05:42:26.100Z", "2026-11-22 05:42:26.1 +0000 UTC"],
    ["2026-11-22T05:42:26.105Z", "2026-11-22 05:42:26.105 +0000 UTC"],
  ])("at %s is Go's %s", async (iso, created) => {
    const dir = tempDir();
    await fileKeystore({ dir, passphrase: () => "pw", iterations: 1000, clock: () => new Date(iso) }).set(
      "a",
      "x",
    );
    const token = await readFile(join(dir, "a"), "utf8");
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8")).created).toBe(created);
  });
});
