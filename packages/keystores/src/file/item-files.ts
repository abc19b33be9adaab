import { constants } from "node:fs";
import { open, readdir } from "node:fs/promises";
import { isVaultError, VaultError } from "@vault-cli/core";
import { sortUtf8 } from "../support/compare-bytes.js";

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const errnoCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * The item files of a keys directory, in Go's os.ReadDir order (by bytes). Dot-files (our temp files,
 * .DS_Store) and directories are left out, though aws-vault would list them as credentials.
 */
export async function listItemFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return sortUtf8(
      entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith(".")).map((e) => e.name),
    );
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return [];
    throw new VaultError("KEYSTORE_UNAVAILABLE", `cannot list '${dir}': ${errnoCode(error) ?? error}`, {
      cause: error,
    });
  }
}

/** The file's text, or undefined when there is no such file. */
export async function readItemFile(path: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NONBLOCK: a FIFO planted in the directory (or linked from it) is refused, never waited on.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) throw new VaultError("KEYSTORE_CORRUPT", `'${path}' is not a file`);
    if (info.size > MAX_FILE_BYTES)
      throw new VaultError("KEYSTORE_CORRUPT", `'${path}' is too large to be an item`);
    return await handle.readFile("utf8");
  } catch (error) {
    if (isVaultError(error)) throw error;
    const code = errnoCode(error);
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") throw new VaultError("KEYSTORE_CORRUPT", `'${path}' is not a file`);
    throw new VaultError("KEYSTORE_UNAVAILABLE", `cannot read '${path}': ${code ?? error}`, { cause: error });
  } finally {
    await handle?.close();
  }
}
