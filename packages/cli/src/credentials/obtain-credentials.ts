import {
  type AwsCredentials,
  type CredentialPlan,
  DEFAULT_MIN_TTL_SECONDS,
  getCredentials,
  parseGoDuration,
  planCredentials,
} from "@vault-cli/core";
import type { GlobalFlags } from "../global-flags.js";
import type { CliIo } from "../io.js";
import { openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readStoredKeys } from "../keystore/stored-keys.js";
import { loadConfig } from "../load-config.js";
import { mfaPrompt, promptDriver } from "../mfa/mfa-prompt.js";

export interface CredentialRequest {
  readonly profile: string;
  readonly durationSeconds?: number;
  readonly noSession?: boolean;
  readonly region?: string;
  readonly mfaToken?: string;
  readonly prompt?: string;
  /** The least life a cached item must have left to be served. */
  readonly minTtlSeconds?: number;
}

/** Config → plan → engine: what exec and export share. Only a cache miss loads the AWS SDK. */
export async function obtainCredentials(
  io: CliIo,
  globals: GlobalFlags,
  request: CredentialRequest,
): Promise<{ credentials: AwsCredentials; plan: CredentialPlan }> {
  const driver = promptDriver(request.prompt, io.env);
  const config = loadConfig(io);
  const keystore = await openCliKeystore(io, globals);
  const stored = await readStoredKeys(keystore);
  const plan = planCredentials(config, request.profile, {
    env: io.env,
    ...(request.region ? { region: request.region } : {}),
    ...(request.durationSeconds ? { durationSeconds: request.durationSeconds } : {}),
    noSession: request.noSession === true,
    storedProfiles: new Set(stored.credentials),
  });
  const deps = {
    keystore,
    sts: io.sts(io.env),
    clock: io.now,
    mfaPrompt: mfaPrompt(driver, io.prompt, io.env),
    lock: io.lock,
    runProcess: io.runProcess,
    readTextFile: io.readTextFile,
    env: io.env,
  };
  const credentials = await getCredentials(plan, deps, {
    minTtlSeconds: request.minTtlSeconds ?? minTtlFromEnv(io),
    ...(request.mfaToken ? { mfaToken: request.mfaToken } : {}),
  });
  return { credentials, plan };
}

/** botocore re-runs a credential_process whose credentials expire within 15 minutes: never hand out less. */
export const CREDENTIAL_PROCESS_MIN_TTL_SECONDS = 15 * 60;

/** AWS_MIN_TTL as a Go duration (aws-vault's default 5m; an invalid value falls back to it). */
export function minTtlFromEnv(io: CliIo): number {
  const seconds = parseGoDuration(io.env.AWS_MIN_TTL ?? "");
  return seconds !== undefined && seconds > 0 ? seconds : DEFAULT_MIN_TTL_SECONDS;
}
