import type { Env } from "@vault-cli/core";

/** The environment for a child: the caller's, minus the file passphrase no child needs. */
export function childEnv(env: Env, extra: Env = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({ ...env, ...extra })) {
    if (value !== undefined && name !== "AWS_VAULT_FILE_PASSPHRASE") out[name] = value;
  }
  return out;
}
