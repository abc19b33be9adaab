import type { Env, Hop, MfaUse } from "@vault-cli/core";
import { resolveStsEndpoint } from "@vault-cli/sdk-provider";

/**
 * Everything a hop sends or runs, read from the plan once for both `explain` outputs: the text shows the
 * inputs that are set, the JSON document has every field (null when unset).
 */
export interface HopInputs {
  readonly mfa: MfaUse;
  readonly mfaProcess: string | null;
  readonly durationSeconds: number | null;
  /** `flag:--duration`, `env:AWS_ASSUME_ROLE_TTL`, `<file>:<line>` of duration_seconds, or `default`. */
  readonly durationOrigin: string | null;
  readonly cappedFromSeconds: number | null;
  readonly roleArn: string | null;
  /** null: aws-vault's default, the time of the call in Unix nanoseconds. */
  readonly roleSessionName: string | null;
  readonly externalId: string | null;
  readonly sessionTags: Readonly<Record<string, string>> | null;
  readonly transitiveSessionTags: readonly string[] | null;
  readonly sourceIdentity: string | null;
  readonly command: string | null;
  readonly webIdentityTokenFile: string | null;
  readonly webIdentityTokenProcess: string | null;
  readonly ssoStartUrl: string | null;
  readonly ssoRegion: string | null;
  readonly ssoAccountId: string | null;
  readonly ssoRoleName: string | null;
  readonly ssoSession: string | null;
  readonly ssoRegistrationScopes: readonly string[] | null;
  /** The keystore item of the SSO access token (`oidc:<start url>`), shared by the start URL's profiles. */
  readonly ssoTokenKey: string | null;
  /** The STS endpoint the hop calls (AWS_ENDPOINT_URL_STS > AWS_ENDPOINT_URL > endpoint_url > the region's). */
  readonly endpoint: string | null;
  /** Why no endpoint could be resolved (no region), for a hop that calls STS. */
  readonly endpointProblem: string | null;
}

export function hopInputs(hop: Hop, env: Env): HopInputs {
  const role = hop.kind === "AssumeRole" ? hop : undefined;
  const token = hop.kind === "AssumeRoleWithWebIdentity" ? hop.webIdentityToken : undefined;
  const sso = hop.kind === "SsoRoleCredentials" ? hop : undefined;
  const lifetime = "durationSeconds" in hop ? hop : undefined;
  return {
    mfa: "mfa" in hop ? hop.mfa : { kind: "none" },
    mfaProcess: ("mfaProcess" in hop ? hop.mfaProcess : undefined) ?? null,
    durationSeconds: lifetime?.durationSeconds ?? null,
    durationOrigin: lifetime?.durationOrigin ?? null,
    cappedFromSeconds: role?.cappedFromSeconds ?? null,
    roleArn: "roleArn" in hop ? hop.roleArn : null,
    roleSessionName: ("roleSessionName" in hop ? hop.roleSessionName : undefined) ?? null,
    externalId: role?.externalId ?? null,
    sessionTags: role?.sessionTags ?? null,
    transitiveSessionTags: role?.transitiveSessionTags ?? null,
    sourceIdentity: role?.sourceIdentity ?? null,
    command: hop.kind === "CredentialProcess" ? hop.command : null,
    webIdentityTokenFile: token && "file" in token ? token.file : null,
    webIdentityTokenProcess: token && "process" in token ? token.process : null,
    ssoStartUrl: sso?.ssoStartUrl ?? null,
    ssoRegion: sso?.ssoRegion ?? null,
    ssoAccountId: sso?.ssoAccountId ?? null,
    ssoRoleName: sso?.ssoRoleName ?? null,
    ssoSession: sso?.ssoSession ?? null,
    ssoRegistrationScopes: sso?.ssoRegistrationScopes ?? null,
    ssoTokenKey: sso?.tokenKey ?? null,
    ...endpointOf(hop, env),
  };
}

function endpointOf(hop: Hop, env: Env): Pick<HopInputs, "endpoint" | "endpointProblem"> {
  const callsSts =
    hop.kind === "GetSessionToken" || hop.kind === "AssumeRole" || hop.kind === "AssumeRoleWithWebIdentity";
  if (!callsSts) return { endpoint: null, endpointProblem: null };
  try {
    const resolved = resolveStsEndpoint(hop, env);
    return { endpoint: `${resolved.display} (${resolved.region})`, endpointProblem: null };
  } catch (error) {
    return { endpoint: null, endpointProblem: (error as Error).message };
  }
}

/** A duration's origin in words: `--duration`, `AWS_ASSUME_ROLE_TTL`, `duration_seconds at <file>:<line>`. */
export function describeOrigin(origin: string): string {
  if (origin === "default") return "aws-vault's default";
  if (origin.startsWith("flag:")) return origin.slice("flag:".length);
  if (origin.startsWith("env:")) return origin.slice("env:".length);
  return `duration_seconds at ${origin}`;
}
