import { chmod, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { nodeCrypto } from "../support/node-crypto.js";

// The one way vault-cli replaces a file (the file keystore's items, `add`'s AWS config append): readers, and a
// crash, see the old file or the new one, never a mix. Temp files live next to the target so that rename is
// atomic (same filesystem, even on a mount point); they are dot-files, which the file keystore never lists.
const TEMP = /^\.vault-cli-[0-9a-f]{16}\.tmp$/;
const STALE_TEMP_MS = 10 * 60_000;

function isTempName(name: string): boolean {
  return TEMP.test(name);
}

/** Creates the directory with mode 0700 when missing (an existing one is left as it is). */
export async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700); // mkdir's mode is subject to the umask
}

/**
 * Temp file (`mode`) + write + fsync + rename over `path` + fsync of the directory. `owner`: the replaced file's
 * uid and gid, kept where this process may (root may; others own what they write, and keep that).
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode: number,
  owner?: { readonly uid: number; readonly gid: number },
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.vault-cli-${nodeCrypto().randomBytes(8).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.chmod(mode); // open's mode is subject to the umask
      if (owner) await handle.chown(owner.uid, owner.gid).catch(() => {});
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Makes a rename or unlink durable; platforms and filesystems that cannot fsync a directory are skipped. */
export async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}

/** Removes temp files a killed writer left in `dir` (old enough that no live writer still owns them). */
export async function removeStaleTempFiles(dir: string, now: Date): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  for (const name of names.filter(isTempName)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now.getTime() - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
  }
}
