import {
  type AwsCredentials,
  type Clock,
  classifyKey,
  createEngine,
  type Engine,
  type Env,
  type Keystore,
  type MfaPrompt,
  planCredentials,
  VaultError,
} from "@vault-cli/core";
import { openKeystore } from "@vault-cli/keystores";
import { configFilePath } from "../node/config-file-path.js";
import { type FileLock, fileLock } from "../node/file-lock.js";
import { readConfigFile } from "../node/read-config-file.js";
import { readTextFile } from "../node/read-text-file.js";
import { shellRunProcess } from "../node/shell-process.js";
import { lazySts } from "../sts/lazy-sts.js";
import type { FromVaultOptions } from "./from-vault-options.js";

/** One keystore and one engine (the in-process single flight) for a memo, kept for the process's life. */
export interface VaultSession {
  resolve(minTtlSeconds: number): Promise<AwsCredentials>;
}

export interface VaultSessionInput {
  readonly profile: string;
  readonly options: FromVaultOptions;
  readonly env: Env;
  readonly clock: Clock;
  /** Read at each MFA prompt: the memo's current mfaCodeProvider. */
  readonly mfaCodeProvider: () => FromVaultOptions["mfaCodeProvider"];
}

let processLock: FileLock | undefined;

/** Config → plan → engine, as the CLI's exec does; the config file is re-read at each refresh. */
export async function openVaultSession(input: VaultSessionInput): Promise<VaultSession> {
  const { profile, options, env } = input;
  const keystore = options.keystore ?? (await openKeystore(keystoreOptions(options, env)));
  processLock ??= fileLock();
  const engine: Engine = createEngine({
    keystore,
    sts: lazySts({ env }),
    clock: input.clock,
    mfaPrompt: mfaPrompt(input.mfaCodeProvider),
    lock: processLock,
    runProcess: shellRunProcess(),
    readTextFile: readTextFile(),
    env,
  });
  const configFile = options.configFile ?? configFilePath(env);
  return {
    async resolve(minTtlSeconds) {
      const plan = planCredentials(readConfigFile(configFile), profile, {
        env: planEnv(env, options.durationSeconds),
        ...(options.region ? { region: options.region } : {}),
        storedProfiles: await storedProfiles(keystore),
      });
      return engine.getCredentials(plan, { minTtlSeconds });
    },
  };
}

function keystoreOptions(options: FromVaultOptions, env: Env) {
  return {
    env,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.promptPassphrase ? { promptPassphrase: options.promptPassphrase } : {}),
  };
}

/** durationSeconds sets the lifetime of what is handed out, never the shared MFA session's. */
function planEnv(env: Env, durationSeconds: number | undefined): Env {
  if (durationSeconds === undefined) return env;
  const ttl = `${durationSeconds}s`;
  return { ...env, AWS_ASSUME_ROLE_TTL: ttl, AWS_SESSION_TOKEN_TTL: ttl };
}

async function storedProfiles(keystore: Keystore): Promise<Set<string>> {
  return new Set((await keystore.keys()).filter((key) => classifyKey(key) === "credentials"));
}

function mfaPrompt(current: VaultSessionInput["mfaCodeProvider"]): MfaPrompt {
  return async ({ profile, mfaSerial }) => {
    const provider = current();
    if (provider) return provider(mfaSerial);
    throw new VaultError(
      "MFA_FAILED",
      `profile '${profile}' needs an MFA code for '${mfaSerial}': pass mfaCodeProvider to fromVault() ` +
        "or set mfa_process in the profile",
      { profile },
    );
  };
}
