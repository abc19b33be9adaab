import { join } from "node:path";
import { VaultError } from "@vault-cli/core";
import { listItemFiles, readItemFile } from "./item-files.js";
import {
  deriveKek,
  newWriteParams,
  type Pbes2Params,
  parseToken,
  unwrapWithKek,
  type WriteKey,
} from "./jwe.js";

/**
 * Keys derived from the passphrase once, elsewhere (`vault-cli agent`): the key-encryption key (KEK) of each
 * item's PBES2 parameters it knows, and the one salt, count and KEK that new items are written with. Items
 * whose salt it does not know (written meanwhile by aws-vault) are read with the passphrase, as before.
 */
export interface FileKeyMaterial {
  readonly dir: string;
  readonly keys: readonly WriteKey[];
  readonly write: WriteKey;
}

const paramsId = (params: Pbes2Params) =>
  `${params.alg}.${params.p2c}.${Buffer.from(params.p2s).toString("base64url")}`;

/** The KEK of items with these parameters, when the material has it. */
export function kekFor(material: FileKeyMaterial, params: Pbes2Params): Uint8Array | undefined {
  const id = paramsId(params);
  return material.keys.find((key) => paramsId(key) === id)?.kek;
}

/**
 * Derives the KEK of every item in `dir` (one PBKDF2 per distinct salt, in parallel) and of a fresh salt for new
 * items, after checking the passphrase: when it opens none of the items and fails on one at least, it is wrong
 * (KEYSTORE_LOCKED) and nothing is returned. KEKs of items it does not open are left out. The caller drops the
 * passphrase afterwards; what it returns never holds it.
 */
export async function deriveKeyMaterial(
  dir: string,
  passphrase: Uint8Array,
  iterations: number,
): Promise<FileKeyMaterial> {
  const tokens = await Promise.all(
    (await listItemFiles(dir)).map((name) => readItemFile(join(dir, name)).catch(() => undefined)),
  );
  const byParams = new Map<string, ReturnType<typeof parseToken>[]>();
  for (const text of tokens) {
    const token = text === undefined ? undefined : parseToken(text);
    if (token === undefined || typeof token === "string") continue; // damaged items are not the passphrase's fault
    byParams.set(paramsId(token), [...(byParams.get(paramsId(token)) ?? []), token]);
  }
  const derived = await Promise.all(
    [...byParams.values()].map(async (group) => {
      const first = group[0] as Exclude<ReturnType<typeof parseToken>, string>;
      const kek = await deriveKek(passphrase, first);
      const cek = unwrapWithKek(first, kek);
      cek?.fill(0);
      if (cek) return { alg: first.alg, p2s: first.p2s, p2c: first.p2c, kek };
      kek.fill(0);
      return undefined;
    }),
  );
  const keys = derived.filter((key) => key !== undefined);
  if (keys.length === 0 && byParams.size > 0) {
    throw new VaultError("KEYSTORE_LOCKED", `wrong passphrase for '${dir}'`);
  }
  const params = newWriteParams(iterations);
  const write = { ...params, kek: await deriveKek(passphrase, params) };
  return { dir, keys: [...keys, write], write };
}

/** Zeroes every KEK of `material` (an agent forgetting, a process done with it). */
export function wipeKeyMaterial(material: FileKeyMaterial): void {
  for (const key of material.keys) key.kek.fill(0);
  material.write.kek.fill(0);
}
