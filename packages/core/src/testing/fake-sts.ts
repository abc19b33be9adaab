import type { AwsCredentials, Clock, MfaCode, Sts } from "../engine/ports.js";

export type StsAction = "GetSessionToken" | "AssumeRole" | "AssumeRoleWithWebIdentity";

/** One call as the fake saw it; `credentialsUsed` is the access key id the call was signed with. */
export interface StsCall {
  readonly action: StsAction;
  readonly profile: string;
  readonly credentialsUsed?: string;
  readonly durationSeconds: number;
  readonly mfa?: MfaCode;
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  readonly externalId?: string;
  readonly webIdentityToken?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
}

export interface FakeStsOptions {
  readonly clock: Clock;
  /** Return an error to make a call fail (e.g. a VaultError MFA_FAILED); undefined lets it succeed. */
  readonly fail?: (call: StsCall) => Error | undefined;
}

export interface FakeSts extends Sts {
  readonly calls: readonly StsCall[];
}

/**
 * An STS that issues deterministic credentials (`ASIAFAKE0001`, `secret-1`, `token-1`, ...) expiring
 * `durationSeconds` after the clock's now, and records every call.
 */
export function fakeSts(options: FakeStsOptions): FakeSts {
  const calls: StsCall[] = [];
  async function issue(call: StsCall): Promise<Required<AwsCredentials>> {
    calls.push(withoutUndefined(call));
    const error = options.fail?.(call);
    if (error) throw error;
    const n = String(calls.length).padStart(4, "0");
    return {
      accessKeyId: `ASIAFAKE${n}`,
      secretAccessKey: `secret-${n}`,
      sessionToken: `token-${n}`,
      expiration: new Date(options.clock().getTime() + call.durationSeconds * 1000),
    };
  }
  return {
    calls,
    getSessionToken: ({ credentials, ...input }) =>
      issue({ action: "GetSessionToken", ...input, credentialsUsed: credentials.accessKeyId }),
    assumeRole: ({ credentials, tags: _, transitiveTagKeys: __, sourceIdentity: ___, ...input }) =>
      issue({ action: "AssumeRole", ...input, credentialsUsed: credentials.accessKeyId }),
    assumeRoleWithWebIdentity: ({ stsRegionalEndpoints: _, ...input }) =>
      issue({ action: "AssumeRoleWithWebIdentity", ...input }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
