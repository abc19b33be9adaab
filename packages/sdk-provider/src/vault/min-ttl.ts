import { DEFAULT_MIN_TTL_SECONDS, type Env, parseGoDuration } from "@vault-cli/core";

/**
 * Who the credentials are for. Each has its own floor: the least life credentials may have left when they are
 * handed out (a cached item with less is refreshed).
 * - exec: AWS_MIN_TTL (aws-vault's, default 5m).
 * - credential_process: at least 15 minutes, since botocore re-runs a credential_process whose credentials
 *   expire within 15 minutes (`export --format=json`, `exec --json`).
 * - server: as exec (AWS_MIN_TTL): the ECS and EC2 servers hold what they serve and fetch again before it has
 *   less left, so an SDK that asks again early (botocore at 15 minutes) gets the held credentials, no STS call.
 * - sdk: fromVault's refresh window (default 5m), the window the AWS SDK itself refreshes in.
 */
export type Consumer = "exec" | "credential_process" | "server" | "sdk";

const CREDENTIAL_PROCESS_MIN_TTL_SECONDS = 15 * 60;

/** The default refresh window of fromVault: aws-vault's AWS_MIN_TTL default. */
export const DEFAULT_REFRESH_WINDOW_SECONDS = DEFAULT_MIN_TTL_SECONDS;

export function minTtlSeconds(consumer: Consumer, env: Env, refreshWindowSeconds?: number): number {
  if (consumer === "sdk") return refreshWindowSeconds ?? DEFAULT_REFRESH_WINDOW_SECONDS;
  const fromEnv = awsMinTtl(env);
  return consumer === "credential_process" ? Math.max(fromEnv, CREDENTIAL_PROCESS_MIN_TTL_SECONDS) : fromEnv;
}

/** AWS_MIN_TTL as a Go duration; unset or invalid falls back to aws-vault's 5m, as aws-vault does. */
function awsMinTtl(env: Env): number {
  const seconds = parseGoDuration(env.AWS_MIN_TTL ?? "");
  return seconds !== undefined && seconds > 0 ? seconds : DEFAULT_MIN_TTL_SECONDS;
}
