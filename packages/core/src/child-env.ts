import type { CredentialPlan, Env } from "./chain/types.js";
import type { AwsCredentials } from "./engine/ports.js";
import { formatRfc3339 } from "./keystore/rfc3339.js";

/**
 * The environment of every process vault-cli starts, in one place: exec's command (and the servers' child
 * later), and the helpers it runs for credentials (mfa_process, credential_process, web_identity_token_process,
 * pass, gpg, keyctl).
 */

/** Never passed to any child: the file keystore's passphrase and credentials vault-cli was given or read. */
const NEVER_INHERITED: readonly string[] = [
  "AWS_VAULT_FILE_PASSPHRASE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
];

/** Also removed from exec's command, as aws-vault does (reference/aws-vault.md §2.4): stale profile selectors. */
const REPLACED_IN_COMMAND: readonly string[] = [
  "AWS_CREDENTIAL_FILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_PROFILE",
  "AWS_SDK_LOAD_CONFIG",
];

/** A helper's environment: the caller's, minus NEVER_INHERITED and unset values. */
export function helperEnv(parent: Env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !NEVER_INHERITED.includes(name)) env[name] = value;
  }
  return env;
}

/**
 * The variables that carry credentials and region, in the order `export --format=env` prints them; the
 * expiration as aws-vault writes AWS_CREDENTIAL_EXPIRATION (UTC to the second).
 */
export function credentialVariables(
  credentials: AwsCredentials,
  region: string | undefined,
): [string, string][] {
  const vars: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey],
  ];
  if (credentials.sessionToken) vars.push(["AWS_SESSION_TOKEN", credentials.sessionToken]);
  if (credentials.expiration) vars.push(["AWS_CREDENTIAL_EXPIRATION", formatRfc3339(credentials.expiration)]);
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  return vars;
}

/**
 * Removed from a server's child too: stale pointers at another credentials endpoint, which SDKs would
 * prefer to (or use instead of) the one vault-cli serves.
 */
const REPLACED_FOR_SERVER: readonly string[] = [
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  "AWS_CREDENTIAL_EXPIRATION",
];

/**
 * The command run by `exec --ecs-server` or `--ec2-server`: no credentials in its environment, only
 * AWS_VAULT, the region and `serverVariables` (where to fetch credentials from, and the token for it).
 */
export function serverCommandEnv(
  parent: Env,
  profile: string,
  target: CommandTarget,
  serverVariables: Readonly<Record<string, string>>,
): Record<string, string> {
  const env = helperEnv(parent);
  for (const name of [...REPLACED_IN_COMMAND, ...REPLACED_FOR_SERVER]) delete env[name];
  env.AWS_VAULT = profile;
  if (target.region) {
    env.AWS_REGION = target.region;
    env.AWS_DEFAULT_REGION = target.region;
  }
  if (target.endpointUrl) env.AWS_ENDPOINT_URL = target.endpointUrl;
  return Object.assign(env, serverVariables);
}

/** What the command learns of the target profile besides credentials: its region and endpoint_url. */
export type CommandTarget = Pick<CredentialPlan, "region" | "endpointUrl">;

/** exec's command: the helper environment minus stale profile selectors, plus AWS_VAULT and the credentials. */
export function commandEnv(
  parent: Env,
  profile: string,
  credentials: AwsCredentials,
  target: CommandTarget,
): Record<string, string> {
  const env = helperEnv(parent);
  for (const name of REPLACED_IN_COMMAND) delete env[name];
  env.AWS_VAULT = profile;
  for (const [name, value] of credentialVariables(credentials, target.region)) env[name] = value;
  if (target.endpointUrl) env.AWS_ENDPOINT_URL = target.endpointUrl;
  return env;
}
