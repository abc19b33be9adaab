import type { ConfigWarning } from "../config/types.js";
import type { SourceLocation } from "../errors.js";
import type { SessionType } from "../session/session-key.js";

/** Environment variables, passed in (core never reads process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the user asked on the command line; each wins over env and config. */
export interface ResolveOptions {
  readonly env?: Env;
  /** `--region` */
  readonly region?: string;
  /** `--duration`: applies to GetSessionToken and AssumeRole alike, as in aws-vault. */
  readonly durationSeconds?: number;
  /** `--no-session` */
  readonly noSession?: boolean;
  /** Profile names that have long-term keys in the keystore. */
  readonly storedProfiles?: ReadonlySet<string>;
  /** `login`: the target itself never gets a GetSessionToken (aws-vault's DisableSessionsForProfile). */
  readonly noSessionForTarget?: boolean;
}

/** A profile after include_profile, [default], env and flags are applied. camelCase from here on. */
export interface ResolvedProfile {
  readonly name: string;
  /** Where the profile's own section starts; undefined when only stored keys define it. */
  readonly location: SourceLocation | undefined;
  readonly region?: string;
  readonly mfaSerial?: string;
  readonly mfaProcess?: string;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  /** AssumeRole / AssumeRoleWithWebIdentity lifetime: `--duration` > AWS_ASSUME_ROLE_TTL > duration_seconds > 1h. */
  readonly assumeRoleDurationSeconds: number;
  readonly sourceProfile?: string;
  readonly includeProfile?: string;
  readonly ssoSession?: string;
  readonly ssoStartUrl?: string;
  readonly ssoRegion?: string;
  readonly ssoAccountId?: string;
  readonly ssoRoleName?: string;
  readonly ssoRegistrationScopes?: readonly string[];
  readonly webIdentityTokenFile?: string;
  readonly webIdentityTokenProcess?: string;
  readonly credentialProcess?: string;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly transitiveSessionTags?: readonly string[];
  readonly sourceIdentity?: string;
  readonly endpointUrl?: string;
  readonly stsRegionalEndpoints?: "legacy" | "regional";
  /** GetSessionToken lifetime when this profile is the target: `--duration` > AWS_SESSION_TOKEN_TTL > 1h. */
  readonly sessionTokenDurationSeconds: number;
  /** GetSessionToken lifetime when this profile is a source: `--duration` > AWS_CHAINED_SESSION_TOKEN_TTL > 8h. */
  readonly chainedSessionTokenDurationSeconds: number;
  /** Read only to explain why a profile has no credentials: vault-cli, like aws-vault, does not support it. */
  readonly credentialSource?: string;
  /** Where each setting came from: the section line, `env:AWS_REGION`, `flag:--region`, or a default. */
  readonly origins: Readonly<Record<string, string>>;
  /** File and line of each field read from the config file (keys as in `origins`), for error messages. */
  readonly locations: Readonly<Record<string, SourceLocation>>;
  /** Things aws-vault would read differently, found while resolving (invalid env durations, [default] leaks). */
  readonly warnings: readonly ConfigWarning[];
}

export type HopKind = Hop["kind"];

/** How a hop proves MFA: a fresh code, the MFA session of an earlier GetSessionToken, or none. */
export type MfaUse =
  | { readonly kind: "none" }
  | { readonly kind: "code"; readonly serial: string; readonly via: "prompt" | "mfa_process" }
  | { readonly kind: "chained"; readonly serial: string };

export interface CacheSlot {
  readonly type: SessionType;
  /** The profile that owns the item: for GetSessionToken the source (user) profile. */
  readonly profile: string;
  /** mfa_serial for sts.* types, the SSO start URL for SSO, empty otherwise. */
  readonly serial: string;
  /** `<type>,<b64url profile>,<b64url serial>,`: the item key without the expiry. */
  readonly keyPrefix: string;
  /** aws-vault itself caches this hop too (false for role credentials it re-assumes every time). */
  readonly sharedWithAwsVault: boolean;
}

/** What every hop has: the profile whose settings drive it, where its STS calls go, and why it is there. */
interface HopBase {
  readonly profile: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly stsRegionalEndpoints?: "legacy" | "regional";
  /** Why this hop exists or why an alternative was skipped, in aws-vault's debug-log words. */
  readonly notes: readonly string[];
}

/** A requested lifetime and where it came from (`flag:--duration`, `env:AWS_ASSUME_ROLE_TTL`, a file:line, `default`). */
interface Lifetime {
  readonly durationSeconds: number;
  readonly durationOrigin: string;
}

/** An MFA code, or the MFA session of an earlier GetSessionToken. */
interface MfaHop {
  readonly mfa: MfaUse;
  /** The mfa_process command that prints the code, set when `mfa.via` is "mfa_process". */
  readonly mfaProcess?: string;
}

/** The profile's long-term keys, read from the keystore. */
export interface StoredHop extends HopBase {
  readonly kind: "stored";
}

/** IAM Identity Center role credentials: an access token for the start URL, then GetRoleCredentials. */
export interface SsoHop extends HopBase {
  readonly kind: "SsoRoleCredentials";
  readonly ssoStartUrl: string;
  /** Where the portal and OIDC calls go. */
  readonly ssoRegion: string;
  readonly ssoAccountId: string;
  readonly ssoRoleName: string;
  /** The `[sso-session]` the settings came from, if any (the AWS CLI names its token file after it). */
  readonly ssoSession?: string;
  /** Sent with RegisterClient: with `sso:account:access` the token comes with a refresh token. */
  readonly ssoRegistrationScopes: readonly string[];
  /** The keystore item of the access token, shared by every profile of the start URL: `oidc:<start url>`. */
  readonly tokenKey: string;
  readonly cache: CacheSlot;
}

/** Where a web identity token is read: a file's whole text, or a command's whole stdout. */
export type WebIdentityTokenSource = { readonly file: string } | { readonly process: string };

export interface WebIdentityHop extends HopBase, Lifetime {
  readonly kind: "AssumeRoleWithWebIdentity";
  readonly roleArn: string;
  readonly roleSessionName?: string;
  readonly webIdentityToken: WebIdentityTokenSource;
  readonly cache: CacheSlot;
}

export interface CredentialProcessHop extends HopBase {
  readonly kind: "CredentialProcess";
  readonly command: string;
  readonly cache: CacheSlot;
}

export interface SessionTokenHop extends HopBase, Lifetime, MfaHop {
  readonly kind: "GetSessionToken";
  readonly cache: CacheSlot;
}

export interface AssumeRoleHop extends HopBase, Lifetime, MfaHop {
  readonly kind: "AssumeRole";
  readonly roleArn: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  readonly sourceIdentity?: string;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly transitiveSessionTags?: readonly string[];
  /** Set when the 1-hour role-chaining cap lowered the requested duration (then durationSeconds is 3600). */
  readonly cappedFromSeconds?: number;
  readonly cache: CacheSlot;
}

/** Where credentials come from: hops[0]. */
export type SourceHop = StoredHop | SsoHop | WebIdentityHop | CredentialProcessHop;
/** What turns the previous hop's credentials into new ones: every hop after the first. */
export type StepHop = SessionTokenHop | AssumeRoleHop;
export type Hop = SourceHop | StepHop;

/** The ordered hops that turn a source of credentials into the target profile's credentials. */
export interface CredentialPlan {
  readonly target: string;
  /** hops[0] is where credentials come from; the last hop's output is what the user gets. */
  readonly hops: readonly [SourceHop, ...StepHop[]];
  /** The target profile's resolved region (exported as AWS_REGION by exec). */
  readonly region?: string;
  /** The target profile's endpoint_url (exported as AWS_ENDPOINT_URL by exec, as ByteNess does). */
  readonly endpointUrl?: string;
  readonly warnings: readonly ConfigWarning[];
}
