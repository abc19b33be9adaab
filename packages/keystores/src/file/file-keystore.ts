import { unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  decodeKeyringItem,
  encodeKeyringItem,
  isVaultError,
  type Keystore,
  VaultError,
} from "@vault-cli/core";
import { ensureDir, removeStaleTempFiles, syncDir, writeFileAtomic } from "../fs/atomic-write.js";
import { decodeFileName, encodeFileName, fileNameProblem } from "./file-name.js";
import { listItemFiles, readItemFile } from "./item-files.js";
import {
  decryptToken,
  decryptWithKek,
  encryptToken,
  encryptWithKek,
  goTimeString,
  MAX_READ_ITERATIONS,
  parseToken,
} from "./jwe.js";
import { type FileKeyMaterial, kekFor } from "./key-material.js";

/**
 * PBKDF2 iterations (p2c) for new items: aws-vault's 8192 (about 3 ms per item here). Every cache hit
 * decrypts one item, and OWASP's 600,000 would add about 0.15 s to each; a directory aws-vault also writes
 * gains nothing from it (the weakest file sets an attack's cost). VAULT_CLI_FILE_ITERATIONS raises it.
 */
export const DEFAULT_FILE_ITERATIONS = 8192;
const MIN_ITERATIONS = 1000;
/** How many items a passphrase must fail to unwrap before it is called wrong (each try costs one PBKDF2). */
const PASSPHRASE_PROBES = 3;

export interface FileKeystoreOptions {
  /** The keys directory (the caller applies AWS_VAULT_FILE_DIR; see fileDirFromEnv). */
  readonly dir: string;
  /** Asked at most once per keystore, and only when an item is read or written. */
  readonly passphrase: () => Promise<string> | string;
  /**
   * Keys derived from the passphrase elsewhere (an agent's), asked at most once, before the passphrase: items
   * whose salt it knows are read, and new items written, without asking for the passphrase.
   */
  readonly keyMaterial?: () => Promise<FileKeyMaterial | undefined>;
  /** p2c for items this keystore writes; any count up to 1,300,000 is read. */
  readonly iterations?: number;
  readonly clock?: () => Date;
}

export interface FileKeystore extends Keystore {
  readonly dir: string;
}

/** aws-vault's encrypted-file backend: one JWE file per item, readable by aws-vault and back. */
export function fileKeystore(options: FileKeystoreOptions): FileKeystore {
  const dir = resolve(options.dir);
  const iterations = options.iterations ?? DEFAULT_FILE_ITERATIONS;
  const clock = options.clock ?? (() => new Date());
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_READ_ITERATIONS) {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `file keystore iterations must be a whole number from ${MIN_ITERATIONS} to ${MAX_READ_ITERATIONS}, not ${iterations}`,
    );
  }
  let passphrase: Promise<Uint8Array> | undefined;
  let passphraseFits = false;
  let verification: Promise<void> | undefined;
  let swept = false;
  let material: Promise<FileKeyMaterial | undefined> | undefined;
  const getMaterial = () => {
    // An agent that cannot be asked is no agent: the passphrase is asked instead.
    material ??= options.keyMaterial
      ? options.keyMaterial().catch(() => undefined)
      : Promise.resolve(undefined);
    return material;
  };

  const getPassphrase = (): Promise<Uint8Array> => {
    if (!passphrase) {
      const asked = Promise.resolve().then(options.passphrase);
      passphrase = asked.then((text) => Buffer.from(text, "utf8"));
      asked.catch(() => {
        passphrase = undefined; // a failed prompt may be retried
      });
    }
    return passphrase;
  };
  const fail = (code: "KEYSTORE_CORRUPT" | "KEYSTORE_WRITE", message: string, cause?: unknown) =>
    new VaultError(code, message, cause === undefined ? {} : { cause });

  /** Does the passphrase open any item? Tries `first`, then the others, skipping damaged files. */
  async function probePassphrase(first?: string, skip?: string): Promise<"fits" | "wrong" | "unknown"> {
    const pass = await getPassphrase();
    const names = await listItemFiles(dir);
    const order =
      first !== undefined && names.includes(first) ? [first, ...names.filter((n) => n !== first)] : names;
    let misses = 0;
    for (const name of order) {
      if (name === skip) continue;
      const token = await readItemFile(join(dir, name)).catch(() => undefined);
      if (token === undefined || typeof parseToken(token) === "string") continue;
      const result = await decryptToken(token, pass);
      if (result.ok) {
        passphraseFits = true;
        return "fits";
      }
      if (result.problem === "passphrase" && ++misses >= PASSPHRASE_PROBES) break;
    }
    return misses > 0 ? "wrong" : "unknown";
  }

  /** Before the first write: a wrong passphrase must not add items nobody can read with the right one. */
  function verifyBeforeWrite(name: string): Promise<void> {
    if (passphraseFits) return Promise.resolve();
    if (!verification) {
      const check = probePassphrase(name).then((verdict) => {
        if (verdict === "wrong") throw new VaultError("KEYSTORE_LOCKED", `wrong passphrase for '${dir}'`);
      });
      check.catch((error) => {
        if (!isVaultError(error) || error.code !== "KEYSTORE_LOCKED") verification = undefined; // e.g. a failed prompt
      });
      verification = check;
    }
    return verification;
  }

  /** The item opened with the key material's KEK for its salt; undefined when the passphrase must do it. */
  async function decryptWithMaterial(token: string) {
    const known = await getMaterial();
    const parsed = known && parseToken(token);
    if (!known || !parsed || typeof parsed === "string") return undefined;
    const kek = kekFor(known, parsed);
    const result = kek && decryptWithKek(parsed, kek);
    // A KEK that does not unwrap (an item replaced meanwhile with the same salt) leaves it to the passphrase.
    return result && (result.ok || result.problem === "damaged") ? result : undefined;
  }

  async function get(key: string): Promise<string | undefined> {
    if (fileNameProblem(key)) return undefined;
    const name = encodeFileName(key);
    const path = join(dir, name);
    const token = await readItemFile(path);
    if (token === undefined) return undefined;
    const viaMaterial = await decryptWithMaterial(token);
    const result = viaMaterial ?? (await decryptToken(token, await getPassphrase()));
    if (!result.ok) {
      if (result.problem === "malformed")
        throw fail("KEYSTORE_CORRUPT", `'${path}' is not an aws-vault item: ${result.detail}`);
      if (result.problem === "damaged")
        throw fail("KEYSTORE_CORRUPT", `'${path}' is damaged: ${result.detail}`);
      if (passphraseFits || (await probePassphrase(undefined, name)) === "fits") {
        throw fail(
          "KEYSTORE_CORRUPT",
          `'${path}' was encrypted with another passphrase than the other items`,
        );
      }
      throw new VaultError("KEYSTORE_LOCKED", `wrong passphrase for '${dir}'`);
    }
    if (!viaMaterial) passphraseFits = true;
    const item = decodeKeyringItem(result.payload, `'${path}'`);
    if (item.key !== key)
      throw fail("KEYSTORE_CORRUPT", `'${path}' holds the item of '${item.key}', not '${key}'`);
    return item.data;
  }

  async function set(key: string, value: string, setOptions: { label?: string; description?: string } = {}) {
    const problem = fileNameProblem(key);
    if (problem) throw fail("KEYSTORE_WRITE", `cannot store '${key}' in the file keystore: ${problem}`);
    const name = encodeFileName(key);
    const payload = encodeKeyringItem({ key, data: value, ...setOptions });
    const created = goTimeString(clock());
    // The material's KEKs came from a passphrase checked against the items when they were derived.
    const known = await getMaterial();
    const token = known
      ? encryptWithKek(payload, known.write, { created })
      : await encryptWithPassphrase(name, payload, created);
    try {
      await ensureDir(dir);
      if (!swept) {
        swept = true;
        await removeStaleTempFiles(dir, clock());
      }
      await writeFileAtomic(join(dir, name), token, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw fail("KEYSTORE_WRITE", `cannot write '${join(dir, name)}': ${code ?? error}`, error);
    }
    if (!known) passphraseFits = true;
  }

  async function encryptWithPassphrase(name: string, payload: string, created: string): Promise<string> {
    const pass = await getPassphrase();
    await verifyBeforeWrite(name);
    return encryptToken(payload, pass, { iterations, created });
  }

  async function remove(key: string): Promise<boolean> {
    if (fileNameProblem(key)) return false;
    const path = join(dir, encodeFileName(key));
    try {
      await unlink(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return false;
      throw fail("KEYSTORE_WRITE", `cannot remove '${path}': ${code ?? error}`, error);
    }
    await syncDir(dir);
    return true;
  }

  return {
    name: "file",
    dir,
    get,
    set,
    remove,
    keys: async () => (await listItemFiles(dir)).map(decodeFileName),
    keyProblem: fileNameProblem,
  };
}
