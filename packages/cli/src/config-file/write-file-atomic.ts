import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `content` so that a reader, or a crash, sees the old file or the new one, never
 * a mix: temp file in the same directory (so rename is atomic) with `mode`, write, fsync, rename,
 * then fsync of the directory so the rename itself survives a power loss.
 */
export async function writeFileAtomic(path: string, content: Uint8Array, mode: number): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.vault-cli-${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.chmod(mode); // open's mode is subject to the umask
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

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // some filesystems cannot fsync a directory; the rename is still atomic
  } finally {
    await handle?.close();
  }
}
