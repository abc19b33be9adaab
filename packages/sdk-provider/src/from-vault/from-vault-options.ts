import type { Clock, Env, Keystore, SsoSignIn } from "@vault-cli/core";

/** Options of fromVault(); every one is optional. */
export interface FromVaultOptions {
  /** Keystore backend (`file`, `pass`, `keyctl`): default AWS_VAULT_BACKEND, else the platform default. */
  readonly backend?: string;
  /** A keystore object to use instead of opening one (a custom backend, or a test's memory keystore). */
  readonly keystore?: Keystore;
  /** The file backend's passphrase when AWS_VAULT_FILE_PASSPHRASE is unset; without it that is an error. */
  readonly promptPassphrase?: (dir: string) => Promise<string>;
  /** The AWS config file: default AWS_CONFIG_FILE, else `~/.aws/config`. */
  readonly configFile?: string;
  /**
   * Asked for a code when a hop needs MFA and the profile has no mfa_process (the SDK's shape). Without
   * it such a profile fails with a CredentialsProviderError naming the MFA device.
   */
  readonly mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * Told when an SSO profile needs a sign-in: the page (`verificationUriComplete`), the code to check and when
   * it expires. The user approves it in a browser while the provider waits. Default: a few lines on stderr.
   */
  readonly ssoLogin?: (signIn: SsoSignIn) => void;
  /**
   * Lifetime of the credentials handed out (the AssumeRole, or the profile's own GetSessionToken).
   * The MFA session a role is assumed from keeps its own (AWS_CHAINED_SESSION_TOKEN_TTL, default 8 h).
   */
  readonly durationSeconds?: number;
  /** The region STS is called in; default the profile's `region`, then AWS_REGION. */
  readonly region?: string;
  /** Credentials with less life left than this are refreshed, here and in the cache; default 300. */
  readonly refreshWindowSeconds?: number;
  /** Environment read instead of process.env (AWS_VAULT_*, AWS_ENDPOINT_URL, AWS_*_TTL, HOME, ...). */
  readonly env?: Env;
  /** Now, for tests and simulations (the Clock port); default the system clock. */
  readonly clock?: Clock;
}
