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

/**
 * The STS calls the engine makes. The real adapter (sdk-provider) loads @aws-sdk/client-sts only when a
 * method is first called; failures are VaultErrors (code STS_FAILED / MFA_FAILED) naming profile and call.
 */
export interface Sts {
  getSessionToken(input: GetSessionTokenInput): Promise<Required<AwsCredentials>>;
  assumeRole(input: AssumeRoleInput): Promise<Required<AwsCredentials>>;
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityInput): Promise<Required<AwsCredentials>>;
}

/** Now. Engines and caches never call Date.now() themselves. */
export type Clock = () => Date;

/** Asks for a fresh MFA code (terminal, GUI dialog, ykman, ...). Rejects with INTERRUPTED on Ctrl-C. */
export type MfaPrompt = (request: {
  readonly profile: string;
  readonly mfaSerial: string;
}) => Promise<string>;

/** Which lock to take: `name` identifies it (a cache key prefix), `label` says what it guards, for messages. */
export interface LockRequest {
  readonly name: string;
  /** `credentials for profile 'dev' (sts.AssumeRole)` */
  readonly label: string;
}

/**
 * Cross-process single flight: runs `fn` while holding the lock (one per cache key), so concurrent
 * processes wait and then re-read the cache. Rejects with LOCK_TIMEOUT naming the label it waited for.
 */
export type Lock = <T>(request: LockRequest, fn: () => Promise<T>) => Promise<T>;

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
