import type { Env } from "../chain/types.js";
import type { Keystore } from "../keystore/keystore.js";
import type {
  AwsCliTokenCache,
  Clock,
  ListenForAuthorization,
  Lock,
  MfaPrompt,
  ReadTextFile,
  RunProcess,
  Sleep,
  Sso,
  SsoLoginPrompt,
  Sts,
  Trace,
} from "./ports.js";

/** Everything the engine touches outside itself; the vault service passes the real ones, tests the fakes. */
export interface EngineDeps {
  readonly keystore: Keystore;
  readonly sts: Sts;
  /** IAM Identity Center: OIDC sign-in and the portal's GetRoleCredentials. */
  readonly sso: Sso;
  /** Shows an SSO sign-in to the user; without one, a profile that needs a sign-in fails (SSO_LOGIN_FAILED). */
  readonly ssoLogin?: SsoLoginPrompt;
  /** The loopback listener of the authorization-code sign-in (VAULT_CLI_SSO_FLOW=authorization-code). */
  readonly listenForAuthorization?: ListenForAuthorization;
  /** The AWS CLI's SSO token cache: read for a token it left, written only when VAULT_CLI_SSO_SHARE_TOKEN is set. */
  readonly awsCliTokens?: AwsCliTokenCache;
  /** How the SSO sign-in waits between polls (a timer; tests move a fake clock). */
  readonly sleep: Sleep;
  readonly clock: Clock;
  readonly mfaPrompt: MfaPrompt;
  readonly lock: Lock;
  readonly runProcess: RunProcess;
  readonly readTextFile: ReadTextFile;
  /** The caller's environment; helper processes get it through helperEnv (no passphrase, no credentials). */
  readonly env: Env;
  readonly trace?: Trace;
  /** Something the user should know that does not stop the call (a damaged cache item, replaced). */
  readonly warn?: (message: string) => void;
}

export interface EngineOptions {
  /** A cached item with less life left is refreshed (the consumer's floor: AWS_MIN_TTL, 900 s for credential_process). */
  readonly minTtlSeconds: number;
  /** `--mfa-token`: used for every MFA call of the chain, as aws-vault does. */
  readonly mfaToken?: string;
  /** Neither read nor write the session cache (`rotate`). */
  readonly noCache?: boolean;
  /** The keystore's keys, when the caller has just listed them: the cache then does not list again. */
  readonly listing?: readonly string[];
}

/** aws-vault's AWS_MIN_TTL default. */
export const DEFAULT_MIN_TTL_SECONDS = 300;
