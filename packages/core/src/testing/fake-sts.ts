import type { AwsCredentials, CallerIdentity, Clock, MfaCode, Sts } from "../engine/ports.js";

export type StsAction =
  | "GetSessionToken"
  | "AssumeRole"
  | "AssumeRoleWithWebIdentity"
  | "GetFederationToken"
  | "GetCallerIdentity";

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
  /** GetFederationToken's name and policy. */
  readonly name?: string;
  readonly policy?: string;
}

export interface FakeStsOptions {
  readonly clock: Clock;
  /** Return an error to make a call fail (e.g. a VaultError MFA_FAILED); undefined lets it succeed. */
  readonly fail?: (call: StsCall) => Error | undefined;
  /** GetCallerIdentity's answer; default an IAM user named after the call's profile in account 111111111111. */
  readonly identity?: (call: StsCall) => CallerIdentity;
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
  function record(call: StsCall): void {
    calls.push(withoutUndefined(call));
    const error = options.fail?.(call);
    if (error) throw error;
  }
  async function issue(call: StsCall): Promise<Required<AwsCredentials>> {
    record(call);
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
    getFederationToken: ({ credentials, stsRegionalEndpoints: _, ...input }) =>
      issue({ action: "GetFederationToken", ...input, credentialsUsed: credentials.accessKeyId }),
    getCallerIdentity: async ({ credentials, stsRegionalEndpoints: _, ...input }) => {
      const call: StsCall = {
        action: "GetCallerIdentity",
        ...input,
        credentialsUsed: credentials.accessKeyId,
        durationSeconds: 0,
      };
      record(call);
      return (
        options.identity?.(call) ?? {
          arn: `arn:aws:iam::111111111111:user/${input.profile}`,
          account: "111111111111",
          userId: `AIDA${input.profile.toUpperCase()}`,
        }
      );
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
