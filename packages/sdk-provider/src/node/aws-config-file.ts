import { readFileSync } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { type AwsConfig, appendProfileSection, type Env, parseAwsConfig, VaultError } from "@vault-cli/core";
import { ensureDir, writeFileAtomic } from "@vault-cli/keystores";

// The AWS config file on disk: where it is, reading it, and the one write vault-cli makes to it (`add`).

/** `$AWS_CONFIG_FILE`, else `~/.aws/config`, as aws-vault and the AWS CLI resolve it. */
export function configFilePath(env: Env, home: string = homedir()): string {
  const fromEnv = env.AWS_CONFIG_FILE;
  if (fromEnv) return fromEnv.startsWith("~/") ? join(home, fromEnv.slice(2)) : fromEnv;
  return join(home, ".aws", "config");
}

/**
 * Reads and parses the config file. A missing file is an empty config (aws-vault would create it; a read-only
 * command has no business writing), any other read failure is CONFIG_READ naming the file.
 */
export function readConfigFile(path: string): AwsConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return parseAwsConfig("", path);
    throw new VaultError("CONFIG_READ", `cannot read config file ${path}: ${code ?? String(error)}`, {
      cause: error,
      data: { file: path },
    });
  }
  return parseAwsConfig(text, path);
}

/**
 * Appends `[profile <name>]` to the config file unless it has that profile by now (it is read again,
 * just before writing). A missing file is created 0600 in a directory created 0700; an existing one keeps
 * its mode, and a symlinked one (dotfile managers) is written where the link points. Returns whether it wrote.
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

// aws-vault's wording.
function writeError(path: string, error: NodeJS.ErrnoException): VaultError {
  return new VaultError(
    "CONFIG_WRITE",
    `Error adding profile: cannot write ${path}: ${error.code ?? error.message}`,
    { cause: error, data: { file: path } },
  );
}
