import { homedir } from "node:os";
import { join } from "node:path";
import type { Env } from "@vault-cli/core";
import { expandHome } from "../support/expand-home.js";

/** aws-vault's default: `~/.awsvault/keys`. */
function defaultFileDir(home: string = homedir()): string {
  return join(home, ".awsvault", "keys");
}

/** AWS_VAULT_FILE_DIR (with `~/` expanded) or the default. */
export function fileDirFromEnv(env: Env, home: string = homedir()): string {
  const dir = env.AWS_VAULT_FILE_DIR;
  return dir ? expandHome(dir, home) : defaultFileDir(home);
}
