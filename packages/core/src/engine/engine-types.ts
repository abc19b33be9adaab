import type { Env } from "../chain/types.js";
import type { Keystore } from "../keystore/keystore.js";
import type { Clock, Lock, MfaPrompt, ReadTextFile, RunProcess, Sts } from "./ports.js";

/** Everything the engine touches outside itself; the CLI and fromVault pass the real ones, tests the fakes. */
export interface EngineDeps {
  readonly keystore: Keystore;
  readonly sts: Sts;
  readonly clock: Clock;
  readonly mfaPrompt: MfaPrompt;
  readonly lock: Lock;
  readonly runProcess: RunProcess;
  readonly readTextFile: ReadTextFile;
  /** Passed to credential_process, mfa_process and web_identity_token_process. */
  readonly env: Env;
}

export interface EngineOptions {
  /** A cached item with less life left is refreshed (AWS_MIN_TTL; 300 for exec, 900 for credential_process). */
  readonly minTtlSeconds: number;
  /** `--mfa-token`: used for every MFA call of the chain, as aws-vault does. */
  readonly mfaToken?: string;
  /** Neither read nor write the session cache (`rotate`). */
  readonly noCache?: boolean;
}

/** aws-vault's AWS_MIN_TTL default. */
export const DEFAULT_MIN_TTL_SECONDS = 300;
