import type { Env } from "../chain/types.js";

/** Credentials as the engine passes them between hops and hands them out. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Absent for long-term keys. */
  readonly sessionToken?: string;
  /** Absent for long-term keys. */
  readonly expiration?: Date;
}

/** Where an STS call goes: the hop's profile settings, as the AWS SDK resolves endpoints. */
export interface StsTarget {
  /** Named in every error, with the call. */
  readonly profile: string;
  readonly region?: string;
  /** endpoint_url of the profile, or AWS_ENDPOINT_URL(_STS) as the adapter reads them from env. */
  readonly endpointUrl?: string;
  readonly stsRegionalEndpoints?: "legacy" | "regional";
}

export interface MfaCode {
  readonly serialNumber: string;
  readonly tokenCode: string;
}

export interface GetSessionTokenInput extends StsTarget {
  readonly credentials: AwsCredentials;
  readonly durationSeconds: number;
  readonly mfa?: MfaCode;
}

export interface AssumeRoleInput extends StsTarget {
  readonly credentials: AwsCredentials;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly externalId?: string;
  readonly mfa?: MfaCode;
  readonly tags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface AssumeRoleWithWebIdentityInput extends StsTarget {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly webIdentityToken: string;
}

export interface GetFederationTokenInput extends StsTarget {
  readonly credentials: AwsCredentials;
  /** The federated user's name (2 to 32 characters of [\w+=,.@-]). */
  readonly name: string;
  readonly durationSeconds: number;
  /** An inline session policy (JSON): what the federated user may do, within the IAM user's own rights. */
  readonly policy: string;
}

export interface GetCallerIdentityInput extends StsTarget {
  readonly credentials: AwsCredentials;
}

export interface CallerIdentity {
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

/** Where IAM calls go, and who signs them. */
export interface IamInput {
  /** Named in every error, with the call. */
  readonly profile: string;
  readonly credentials: AwsCredentials;
  /** endpoint_url of the profile, or AWS_ENDPOINT_URL(_IAM) as the adapter reads them from env. */
  readonly endpointUrl?: string;
  readonly region?: string;
}

/**
 * The IAM calls `rotate` makes, on the signing user's own keys (no UserName: IAM acts on the caller). The
 * real adapter (sdk-provider) loads @aws-sdk/client-iam on first use; failures are VaultErrors (IAM_FAILED).
 */
export interface Iam {
  createAccessKey(
    input: IamInput,
  ): Promise<{ readonly accessKeyId: string; readonly secretAccessKey: string }>;
  deleteAccessKey(input: IamInput & { readonly accessKeyId: string }): Promise<void>;
}

/**
 * The STS calls the engine makes. The real adapter (sdk-provider) loads @aws-sdk/client-sts only when a
 * method is first called; failures are VaultErrors (code STS_FAILED / MFA_FAILED) naming profile and call.
 */
export interface Sts {
  getSessionToken(input: GetSessionTokenInput): Promise<Required<AwsCredentials>>;
  assumeRole(input: AssumeRoleInput): Promise<Required<AwsCredentials>>;
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<Required<AwsCredentials>>;
  /** `login` for an IAM user: console credentials from long-term keys. */
  getFederationToken(input: GetFederationTokenInput): Promise<Required<AwsCredentials>>;
  /** Who `credentials` belong to (`login` names the federated user after the IAM user). */
  getCallerIdentity(input: GetCallerIdentityInput): Promise<CallerIdentity>;
}

/** Where the SSO portal and OIDC calls of a hop go: its sso_region, and endpoint_url of the profile. */
export interface SsoTarget {
  /** Named in every error, with the call. */
  readonly profile: string;
  readonly region: string;
  /** endpoint_url of the profile; the adapter also reads AWS_ENDPOINT_URL(_SSO, _SSO_OIDC) from env. */
  readonly endpointUrl?: string;
}

/** A registered OIDC client (RegisterClient): what device authorizations and token refreshes are made with. */
export interface SsoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** When the registration stops working (about 90 days after it was made). */
  readonly expiresAt: Date;
  /** The scopes it was registered with: `sso:account:access` gets a refresh token with each access token. */
  readonly scopes: readonly string[];
  /** Registered for the authorization-code grant (with the loopback redirect), not only the device flow. */
  readonly authorizationCode?: boolean;
}

/** StartDeviceAuthorization's answer: what the user is shown, and the code to poll with. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
}

/** An OIDC access token (CreateToken), with what refreshing it needs. */
export interface SsoToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly tokenType?: string;
}

/** What CreateToken answers while the user has not yet approved: poll again, or poll more slowly. */
export type TokenPending = { readonly pending: "authorization_pending" | "slow_down" };

/**
 * The IAM Identity Center calls the engine makes (OIDC and the portal). The real adapter (sdk-provider) loads
 * @aws-sdk/client-sso(-oidc) only when a method is first called. Failures are VaultErrors: SSO_UNAUTHORIZED for
 * a token or refresh token the service refuses, SSO_LOGIN_FAILED for a denied or expired sign-in, SSO_FAILED
 * for anything else, each naming the profile and the call.
 */
export interface Sso {
  registerClient(
    target: SsoTarget,
    input: {
      readonly clientName: string;
      readonly scopes: readonly string[];
      /** Register for the authorization-code grant too, for this start URL (the issuer). */
      readonly authorizationCode?: { readonly issuerUrl: string };
    },
  ): Promise<SsoClient>;
  startDeviceAuthorization(
    target: SsoTarget,
    client: SsoClient,
    startUrl: string,
  ): Promise<DeviceAuthorization>;
  createToken(
    target: SsoTarget,
    client: SsoClient,
    grant:
      | { readonly deviceCode: string }
      | { readonly refreshToken: string }
      | { readonly code: string; readonly codeVerifier: string; readonly redirectUri: string },
  ): Promise<SsoToken | TokenPending>;
  /** The OIDC authorize page of the authorization-code flow with PKCE (no call is made). */
  authorizeUrl(target: SsoTarget, client: SsoClient, request: AuthorizeRequest): string;
  getRoleCredentials(
    target: SsoTarget,
    input: { readonly accessToken: string; readonly accountId: string; readonly roleName: string },
  ): Promise<Required<AwsCredentials>>;
  /** Ends the sign-in session the access token belongs to (its refresh token stops working too). */
  logout(target: SsoTarget, accessToken: string): Promise<void>;
}

/** What goes in the authorize page's address: where to come back, the state to check, the PKCE challenge. */
export interface AuthorizeRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
}

/**
 * One sign-in's loopback listener for the authorization-code flow (RFC 8252 §7.3, RFC 7636): the browser comes
 * back to `redirectUri` with a code. It holds the PKCE verifier; only the challenge leaves it.
 */
export interface AuthorizationListener {
  readonly redirectUri: string;
  readonly state: string;
  readonly codeVerifier: string;
  readonly codeChallenge: string;
  /** The code brought back with this state; SSO_LOGIN_FAILED for an error redirect or after `timeoutMs`. */
  code(timeoutMs: number): Promise<string>;
  close(): void;
}

/** Opens a listener on a loopback port for one authorization-code sign-in. */
export type ListenForAuthorization = () => Promise<AuthorizationListener>;

/** What the user must see to sign in: the page (and the device flow's code), until the sign-in expires. */
export interface SsoSignIn {
  readonly profile: string;
  readonly startUrl: string;
  /** The device flow's code to check on the page; absent in the authorization-code flow. */
  readonly userCode?: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresAt: Date;
}

/**
 * Shows a sign-in (stderr, a browser, an app's callback). It may return a function that takes it down (a
 * countdown) once the sign-in ended, approved or not.
 */
export type SsoLoginPrompt = (signIn: SsoSignIn) => (() => void) | undefined;

/**
 * The AWS CLI's token cache (~/.aws/sso/cache/<sha1 of name>.json), by the name the AWS CLI hashes: the
 * sso-session's name, or the start URL of a legacy profile. `write` replaces the file atomically, mode 0600.
 */
export interface AwsCliTokenCache {
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
}

/** Waits; the engine polls CreateToken with it. Tests pass one that moves a fake clock. */
export type Sleep = (ms: number) => Promise<void>;

/** Now. Engines and caches never call Date.now() themselves. */
export type Clock = () => Date;

/** Asks for a fresh MFA code (terminal, GUI dialog, ykman, ...). Rejects with INTERRUPTED on Ctrl-C. */
export type MfaPrompt = (request: {
  readonly profile: string;
  readonly mfaSerial: string;
}) => Promise<string>;

/** Which lock to take: `name` identifies it (a cache key prefix), `label` says what it guards, for messages. */
export interface LockRequest<T = unknown> {
  readonly name: string;
  /** `credentials for profile 'dev' (sts.AssumeRole)` */
  readonly label: string;
  /** How long to wait for another holder, when it differs from the lock's own limit (an SSO sign-in). */
  readonly waitMs?: number;
  /**
   * Asked once another holder has let go: what that holder made is usually what this caller waited for. A
   * value is the result and `fn` does not run; asked before taking the lock, so twenty waiters read the cache
   * side by side instead of one after another (or just after, when the lock came free in between).
   * Undefined takes the lock and runs `fn`. Never asked by a caller that did not wait.
   */
  readonly afterWait?: () => Promise<T | undefined>;
}

/**
 * Cross-process single flight: runs `fn` while holding the lock (one per cache key), so concurrent
 * processes wait and then re-read the cache. Rejects with LOCK_TIMEOUT naming the label it waited for.
 */
export type Lock = <T>(request: LockRequest<T>, fn: () => Promise<T>) => Promise<T>;

/**
 * Runs `command` through the shell (`/bin/sh -c`), stdin and stderr inherited or on the terminal, and returns
 * its stdout. A non-zero exit rejects with PROCESS_FAILED naming the command's purpose, never its output.
 */
export type RunProcess = (command: string, options: { readonly env?: Env }) => Promise<string>;

/** Reads a file's whole text (web_identity_token_file). */
export type ReadTextFile = (path: string) => Promise<string>;

/**
 * `--debug`: one line per step (cache hits and misses with the reason, STS calls, lock waits). Callers never
 * pass a secret, a session token or an MFA code; access key ids are masked.
 */
export type Trace = (line: string) => void;
