import type { AwsCredentials, Env } from "@vault-cli/core";

/** Removed from the inherited environment, as aws-vault does (reference/aws-vault.md §2.4). */
export const UNSET_IN_CHILD = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_FILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_PROFILE",
  "AWS_SDK_LOAD_CONFIG",
  // Not in aws-vault's list: a secret the child never needs (a nested vault-cli is refused anyway).
  "AWS_VAULT_FILE_PASSPHRASE",
] as const;

/** `2006-01-02T15:04:05Z`: UTC to the second, as aws-vault writes AWS_CREDENTIAL_EXPIRATION. */
export function iso8601Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The variables that carry credentials and region, in the order `export --format=env` prints them. */
export function credentialVariables(
  credentials: AwsCredentials,
  region: string | undefined,
): [string, string][] {
  const vars: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey],
  ];
  if (credentials.sessionToken) vars.push(["AWS_SESSION_TOKEN", credentials.sessionToken]);
  if (credentials.expiration)
    vars.push(["AWS_CREDENTIAL_EXPIRATION", iso8601Seconds(credentials.expiration)]);
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  return vars;
}

/** The child's environment for `exec`: the parent's, minus stale credentials and profile selectors, plus ours. */
export function childEnv(parent: Env, profile: string, credentials: AwsCredentials, region?: string): Env {
  const env: Record<string, string | undefined> = { ...parent };
  for (const name of UNSET_IN_CHILD) delete env[name];
  env.AWS_VAULT = profile;
  for (const [name, value] of credentialVariables(credentials, region)) env[name] = value;
  return env;
}
