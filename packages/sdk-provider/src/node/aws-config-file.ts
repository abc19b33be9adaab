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
/** How long a pipe (`AWS_CONFIG_FILE=<(sops -d config)`) may take to deliver the file. */
const PIPE_DEADLINE_MS = 10_000;

/**
 * Reads and parses the config file. A missing file is an empty config (aws-vault would create it; a read-only
 * command has no business writing). A pipe is read as it comes, for at most 10 s; a device (`/dev/null`) is
 * read too, and at most 16 MiB of anything. A directory or socket, and any other failure, is CONFIG_READ naming
 * the file.
 */
export function readConfigFile(path: string): AwsConfig {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a pipe nobody writes to does not wait; reads below wait with a deadline instead.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (info.isDirectory() || info.isSocket()) throw readError(path, "it is not a regular file");
    return parseAwsConfig(readAll(fd, path).toString("utf8"), path);
  } catch (error) {
    if (isVaultError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return parseAwsConfig("", path);
    throw readError(path, code ?? String(error), error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Everything `fd` gives up to 16 MiB; sizes are not trusted (procfs, FUSE and devices report none). */
function readAll(fd: number, path: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const deadline = Date.now() + PIPE_DEADLINE_MS;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      if (Date.now() > deadline) throw readError(path, "nothing more to read after 10s");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // a pipe's writer is not done yet
      continue;
    }
    if (read === 0) return Buffer.concat(chunks, total);
    total += read;
    if (total > MAX_CONFIG_BYTES) throw readError(path, "it is larger than 16 MiB");
    chunks.push(chunk.subarray(0, read));
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
 * file is ever replaced: `/dev/null` or a pipe is left alone ("not-a-file"; the caller says so).
 */
export async function addProfileSection(
  path: string,
  profile: string,
): Promise<"added" | "present" | "not-a-file"> {
  const target = await realpath(path).catch(() => path);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw writeError(target, error.code ?? String(error), error);
  });
  if (info && !info.isFile()) return "not-a-file";
  const original = info ? readConfigFile(target) : undefined;
  if (original?.profiles.has(profile)) return "present";
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
  return "added";
}

// aws-vault's wording.
function writeError(path: string, why: string, cause?: unknown): VaultError {
  return new VaultError("CONFIG_WRITE", `Error adding profile: cannot write ${path}: ${why}`, {
    ...(cause ? { cause } : {}),
    data: { file: path },
  });
}
