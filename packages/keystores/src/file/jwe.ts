// The JWE layer of the file backend. Items in AES-GCM (everything aws-vault and vault-cli write) are read with
// node:crypto alone: PBKDF2, AES key unwrap, AES-GCM. jose is imported on first use only, to write items and to
// read the AES-CBC-HMAC variants, so a cache hit never loads it.
import { nodeCrypto } from "../support/node-crypto.js";

/** What aws-vault writes and what vault-cli writes. */
const WRITE_ALG = "PBES2-HS256+A128KW";
const WRITE_ENC = "A256GCM";

/** Per-alg iteration caps of jose2go >= 1.6 (ByteNess aws-vault); a planted file cannot make us spin longer. */
const ALGS = {
  "PBES2-HS256+A128KW": { hash: "sha256", kekBytes: 16, maxCount: 1_300_000 },
  "PBES2-HS384+A192KW": { hash: "sha384", kekBytes: 24, maxCount: 950_000 },
  "PBES2-HS512+A256KW": { hash: "sha512", kekBytes: 32, maxCount: 600_000 },
} as const;
const ENCS = {
  A128GCM: { cekBytes: 16, ivBytes: 12, tagBytes: 16 },
  A192GCM: { cekBytes: 24, ivBytes: 12, tagBytes: 16 },
  A256GCM: { cekBytes: 32, ivBytes: 12, tagBytes: 16 },
  "A128CBC-HS256": { cekBytes: 32, ivBytes: 16, tagBytes: 16 },
  "A192CBC-HS384": { cekBytes: 48, ivBytes: 16, tagBytes: 24 },
  "A256CBC-HS512": { cekBytes: 64, ivBytes: 16, tagBytes: 32 },
} as const;
type Alg = keyof typeof ALGS;
const KW_IV = Buffer.from("A6A6A6A6A6A6A6A6", "hex");

/** What PBKDF2 turns a passphrase into an item's key-encryption key (KEK) with: alg, salt (p2s), count (p2c). */
export interface Pbes2Params {
  readonly alg: string;
  readonly p2s: Uint8Array;
  readonly p2c: number;
}

/** The parameters and KEK of new items written without the passphrase (by the holder of an agent's keys). */
export interface WriteKey extends Pbes2Params {
  readonly kek: Uint8Array;
}

export const MAX_READ_ITERATIONS = ALGS[WRITE_ALG].maxCount;

/** Why a token could not be read: not a token at all, a passphrase that does not fit, or damaged content. */
type DecryptResult =
  | { readonly ok: true; readonly payload: string }
  | { readonly ok: false; readonly problem: "malformed" | "passphrase" | "damaged"; readonly detail: string };

export interface ParsedToken {
  readonly compact: string;
  readonly alg: Alg;
  readonly enc: keyof typeof ENCS;
  readonly p2c: number;
  readonly p2s: Buffer;
  readonly encryptedKey: Buffer;
  /** The protected header as it appears in the token: the AES-GCM additional data. */
  readonly headerPart: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

let jose: Promise<typeof import("jose")> | undefined;
const loadJose = () => {
  jose ??= import("jose");
  return jose;
};

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Checks the token's shape and parameters before any cryptography; a string says what is wrong. */
export function parseToken(text: string): ParsedToken | string {
  const compact = text.trimEnd(); // jose2go fails on a trailing newline; a hand-edited file may have one
  const parts = compact.split(".");
  if (parts.length !== 5) return `not a JWE compact token (${parts.length} parts, not 5)`;
  if (!parts.every((p) => B64URL.test(p))) return "not a JWE compact token (invalid base64url)";
  const [headerPart, keyPart, ivPart, cipherPart, tagPart] = parts.map((p) =>
    Buffer.from(p, "base64url"),
  ) as [Buffer, Buffer, Buffer, Buffer, Buffer];
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(headerPart.toString("utf8"));
  } catch {
    return "its JWE header is not JSON";
  }
  const alg = ALGS[header.alg as Alg];
  const enc = ENCS[header.enc as keyof typeof ENCS];
  if (!alg) return `unsupported alg ${JSON.stringify(header.alg)}`;
  if (!enc) return `unsupported enc ${JSON.stringify(header.enc)}`;
  if (header.zip !== undefined || header.crit !== undefined)
    return "compressed or critical-header items are not supported";
  const p2c = header.p2c;
  if (typeof p2c !== "number" || !Number.isInteger(p2c) || p2c < 1 || p2c > alg.maxCount) {
    return `p2c ${JSON.stringify(p2c)} is outside 1..${alg.maxCount}`;
  }
  const p2s =
    typeof header.p2s === "string" && B64URL.test(header.p2s)
      ? Buffer.from(header.p2s, "base64url")
      : undefined;
  if (!p2s || p2s.length < 8) return "p2s is missing or shorter than 8 bytes";
  if (keyPart.length !== enc.cekBytes + 8)
    return `encrypted key is ${keyPart.length} bytes, not ${enc.cekBytes + 8}`;
  if (ivPart.length !== enc.ivBytes) return `iv is ${ivPart.length} bytes, not ${enc.ivBytes}`;
  if (tagPart.length !== enc.tagBytes)
    return `tag is ${tagPart.length} bytes, not ${enc.tagBytes} (truncated?)`;
  if (cipherPart.length === 0) return "ciphertext is empty";
  return {
    compact,
    alg: header.alg as Alg,
    enc: header.enc as keyof typeof ENCS,
    p2c,
    p2s,
    encryptedKey: keyPart,
    headerPart: compact.slice(0, compact.indexOf(".")),
    iv: ivPart,
    ciphertext: cipherPart,
    tag: tagPart,
  };
}

export async function decryptToken(text: string, passphrase: Uint8Array): Promise<DecryptResult> {
  const parsed = parseToken(text);
  if (typeof parsed === "string") return { ok: false, problem: "malformed", detail: parsed };
  if (parsed.enc.endsWith("GCM")) return decryptGcm(parsed, passphrase);
  const { compactDecrypt } = await loadJose();
  try {
    const { plaintext } = await compactDecrypt(parsed.compact, passphrase, {
      keyManagementAlgorithms: Object.keys(ALGS),
      contentEncryptionAlgorithms: Object.keys(ENCS),
      maxPBES2Count: MAX_READ_ITERATIONS,
    });
    return { ok: true, payload: Buffer.from(plaintext).toString("utf8") };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_JWE_DECRYPTION_FAILED") {
      return { ok: false, problem: "malformed", detail: (error as Error).message };
    }
    // jose hides which step failed (it decrypts with a random key when unwrapping fails), so redo the
    // unwrap: if the passphrase unwraps the content key, the passphrase fits and the content is damaged.
    return (await unwrapsContentKey(parsed, passphrase))
      ? { ok: false, problem: "damaged", detail: "the passphrase fits but the content does not authenticate" }
      : { ok: false, problem: "passphrase", detail: "the passphrase does not unwrap its key" };
  }
}

/** RFC 7518 §4.8 and §5.3 with node:crypto: the key from the passphrase, the content key, then the content. */
async function decryptGcm(token: ParsedToken, passphrase: Uint8Array): Promise<DecryptResult> {
  const kek = await deriveKek(passphrase, token);
  try {
    return openGcm(token, kek);
  } finally {
    kek.fill(0);
  }
}

/**
 * An AES-GCM item opened with its KEK (from an agent, or derived here); undefined for the AES-CBC-HMAC variants,
 * which only the passphrase path reads (neither aws-vault nor vault-cli writes them).
 */
export function decryptWithKek(token: ParsedToken, kek: Uint8Array): DecryptResult | undefined {
  return token.enc.endsWith("GCM") ? openGcm(token, kek) : undefined;
}

function openGcm(token: ParsedToken, kek: Uint8Array): DecryptResult {
  const cek = unwrapWithKek(token, kek);
  if (!cek) return { ok: false, problem: "passphrase", detail: "the passphrase does not unwrap its key" };
  try {
    const gcm = nodeCrypto().createDecipheriv(`aes-${cek.length * 8}-gcm` as "aes-256-gcm", cek, token.iv, {
      authTagLength: token.tag.length,
    });
    gcm.setAAD(Buffer.from(token.headerPart, "ascii"));
    gcm.setAuthTag(token.tag);
    const plaintext = Buffer.concat([gcm.update(token.ciphertext), gcm.final()]);
    return { ok: true, payload: plaintext.toString("utf8") };
  } catch {
    return {
      ok: false,
      problem: "damaged",
      detail: "the passphrase fits but the content does not authenticate",
    };
  } finally {
    cek.fill(0);
  }
}

async function unwrapsContentKey(token: ParsedToken, passphrase: Uint8Array): Promise<boolean> {
  const kek = await deriveKek(passphrase, token);
  const cek = unwrapWithKek(token, kek);
  kek.fill(0);
  cek?.fill(0);
  return cek !== undefined;
}

/** PBKDF2 as RFC 7518 §4.8.1.1 salts it: the alg's name, a zero byte, then p2s. */
export function deriveKek(passphrase: Uint8Array, params: Pbes2Params): Promise<Buffer> {
  const { hash, kekBytes } = ALGS[params.alg as Alg];
  const salt = Buffer.concat([Buffer.from(params.alg), Buffer.from([0]), params.p2s]);
  return new Promise<Buffer>((resolve, reject) =>
    nodeCrypto().pbkdf2(passphrase, salt, params.p2c, kekBytes, hash, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** The content key, or undefined when this KEK does not unwrap it (RFC 3394 integrity check). */
export function unwrapWithKek(token: ParsedToken, kek: Uint8Array): Buffer | undefined {
  if (kek.length !== ALGS[token.alg].kekBytes) return undefined;
  try {
    const unwrap = nodeCrypto().createDecipheriv(`id-aes${kek.length * 8}-wrap`, kek, KW_IV);
    return Buffer.concat([unwrap.update(token.encryptedKey), unwrap.final()]);
  } catch {
    return undefined;
  }
}

interface EncryptOptions {
  readonly iterations: number;
  /** The informational `created` header (aws-vault writes Go's time.Now().String(); nothing reads it). */
  readonly created: string;
}

/** PBES2-HS256+A128KW / A256GCM with a 12-byte p2s and header keys in Go's sorted order, as aws-vault writes. */
export async function encryptToken(
  payload: string,
  passphrase: Uint8Array,
  options: EncryptOptions,
): Promise<string> {
  const { CompactEncrypt } = await loadJose();
  return new CompactEncrypt(Buffer.from(payload, "utf8"))
    .setProtectedHeader({ alg: WRITE_ALG, created: options.created, enc: WRITE_ENC })
    .setKeyManagementParameters({ p2c: options.iterations, p2s: nodeCrypto().randomBytes(12) })
    .encrypt(passphrase);
}

/** Go's time.Time.String() layout in UTC, without the monotonic clock reading: `2026-01-02 03:04:05.5 +0000 UTC`. */
export function goTimeString(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""} +0000 UTC`;
}

/**
 * The same item as encryptToken writes, from a KEK instead of a passphrase: the header jose emits (alg, created,
 * enc, p2c, p2s, in that order), a random content key wrapped with AES key wrap, and AES-256-GCM.
 */
export function encryptWithKek(
  payload: string,
  key: WriteKey,
  options: { readonly created: string },
): string {
  const header = JSON.stringify({
    alg: key.alg,
    created: options.created,
    enc: WRITE_ENC,
    p2c: key.p2c,
    p2s: Buffer.from(key.p2s).toString("base64url"),
  });
  const headerPart = Buffer.from(header, "utf8").toString("base64url");
  const cek = nodeCrypto().randomBytes(ENCS[WRITE_ENC].cekBytes);
  const iv = nodeCrypto().randomBytes(ENCS[WRITE_ENC].ivBytes);
  try {
    const wrap = nodeCrypto().createCipheriv(`id-aes${key.kek.length * 8}-wrap`, key.kek, KW_IV);
    const encryptedKey = Buffer.concat([wrap.update(cek), wrap.final()]);
    const gcm = nodeCrypto().createCipheriv("aes-256-gcm", cek, iv);
    gcm.setAAD(Buffer.from(headerPart, "ascii"));
    const ciphertext = Buffer.concat([gcm.update(Buffer.from(payload, "utf8")), gcm.final()]);
    const parts = [encryptedKey, iv, ciphertext, gcm.getAuthTag()].map((b) => b.toString("base64url"));
    return [headerPart, ...parts].join(".");
  } finally {
    cek.fill(0);
  }
}

/** A fresh salt for the items an agent's holder writes: 12 bytes, as aws-vault's p2s. */
export function newWriteParams(iterations: number): Pbes2Params {
  return { alg: WRITE_ALG, p2s: nodeCrypto().randomBytes(12), p2c: iterations };
}
