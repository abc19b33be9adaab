import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import {
  type AwsConfig,
  appendProfileSection,
  type Env,
  isVaultError,
  parseAwsConfig,
  VaultError,
} from "@vault-cli/core";
import { ensureDir, writeFileAtomic } from "@vault-cli/keystores";

// The AWS config file on disk: where it is, reading it, and the one write vault-cli makes to it (`add`).

/** `$AWS_CONFIG_FILE`, else `~/.aws/config`, as aws-vault and the AWS CLI resolve it. */
export function configFilePath(env: Env, home: string = homedir()): string {
  const fromEnv = env.AWS_CONFIG_FILE;
  if (fromEnv) return fromEnv.startsWith("~/") ? join(home, fromEnv.slice(2)) : fromEnv;
  return join(home, ".aws", "config");
}

/** The largest config file read (a 5,000-profile file is 0.6 MiB). */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Reads and parses the config file. A missing file is an empty config (aws-vault would create it; a read-only
 * command has no business writing). A FIFO or socket is refused rather than waited on, a device (`/dev/null`)
 * is read, and at most 16 MiB is; any other failure is CONFIG_READ naming the file.
 */
export function readConfigFile(path: string): AwsConfig {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (info.isFIFO() || info.isSocket() || info.isDirectory())
      throw readError(path, "it is not a regular file");
    const buffer = Buffer.alloc(
      Math.min(MAX_CONFIG_BYTES + 1, info.isFile() ? info.size + 1 : MAX_CONFIG_BYTES + 1),
    );
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_CONFIG_BYTES) throw readError(path, "it is larger than 16 MiB");
    return parseAwsConfig(buffer.subarray(0, length).toString("utf8"), path);
  } catch (error) {
    if (isVaultError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return parseAwsConfig("", path);
    throw readError(path, code ?? String(error), error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readError(path: string, why: string, cause?: unknown): VaultError {
  return new VaultError("CONFIG_READ", `cannot read config file ${path}: ${why}`, {
    ...(cause ? { cause } : {}),
    data: { file: path },
  });
}

/**
 * Appends `[profile <name>]` to the config file unless it has that profile by now (it is read again,
 * just before writing). A missing file is created 0600 in a directory created 0700; an existing one keeps
 * its mode and owner, and a symlinked one (dotfile managers) is written where the link points. Only a regular
 * file is ever replaced: `/dev/null`, a FIFO or a directory is refused. Returns whether it wrote.
 */
export async function addProfileSection(path: string, profile: string): Promise<boolean> {
  const target = await realpath(path).catch(() => path);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw writeError(target, error.code ?? String(error), error);
  });
  if (info && !info.isFile()) throw writeError(target, "it is not a regular file");
  const original = info ? readConfigFile(target) : undefined;
  if (original?.profiles.has(profile)) return false;
  try {
    const bytes = info ? await readFile(target) : new Uint8Array();
    if (!info) await ensureDir(dirname(target));
    await writeFileAtomic(
      target,
      appendProfileSection(bytes, profile),
      info ? info.mode & 0o7777 : 0o600,
      info,
    );
  } catch (error) {
    throw writeError(target, (error as NodeJS.ErrnoException).code ?? String(error), error);
  }
  return true;
}

// aws-vault's wording.
function writeError(path: string, why: string, cause?: unknown): VaultError {
  return new VaultError("CONFIG_WRITE", `Error adding profile: cannot write ${path}: ${why}`, {
    ...(cause ? { cause } : {}),
    data: { file: path },
  });
}
