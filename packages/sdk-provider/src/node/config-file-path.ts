import { homedir } from "node:os";
import { join } from "node:path";
import type { Env } from "@vault-cli/core";

/** `$AWS_CONFIG_FILE`, else `~/.aws/config`, as aws-vault and the AWS CLI resolve it. */
export function configFilePath(env: Env, home: string = homedir()): string {
  const fromEnv = env.AWS_CONFIG_FILE;
  if (fromEnv) return fromEnv.startsWith("~/") ? join(home, fromEnv.slice(2)) : fromEnv;
  return join(home, ".aws", "config");
}
