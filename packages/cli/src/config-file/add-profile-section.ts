import { chmod, mkdir, readFile, realpath, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { parseAwsConfig, VaultError } from "@vault-cli/core";
import { appendProfileSection } from "./append-profile-section.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/**
 * Appends `[profile <name>]` to the config file unless it has that profile by now (it is read again,
 * just before writing). A missing file is created 0600 in a directory created 0700; an existing one keeps
 * its mode, and a symlinked one (dotfile managers) is written where the link points.
 */
export async function addProfileSection(path: string, profile: string): Promise<boolean> {
  const target = await realpath(path).catch(() => path);
  const original = await readFile(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw writeError(target, error);
  });
  if (original && parseAwsConfig(original.toString("utf8"), target).profiles.has(profile)) return false;
  try {
    const mode = original ? (await stat(target)).mode & 0o7777 : 0o600;
    if (!original) await ensureDir(dirname(target));
    await writeFileAtomic(target, appendProfileSection(original ?? new Uint8Array(), profile), mode);
  } catch (error) {
    throw writeError(target, error as NodeJS.ErrnoException);
  }
  return true;
}

async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700); // mkdir's mode is subject to the umask
}

// aws-vault's wording; no error code fits a config write better than CONFIG_PARSE (it exits 1 all the same).
function writeError(path: string, error: NodeJS.ErrnoException): VaultError {
  return new VaultError(
    "CONFIG_PARSE",
    `Error adding profile: cannot write ${path}: ${error.code ?? error.message}`,
    {
      cause: error,
    },
  );
}
