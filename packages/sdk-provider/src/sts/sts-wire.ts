import type { AwsCredentials, CallerIdentity } from "@vault-cli/core";
import type { StsEndpoint } from "./sts-endpoint.js";

/** One STS request, already resolved: the endpoint, who signs it (nobody for web identity), and the call. */
export type StsRequest = StsEndpoint & {
  readonly credentials?: AwsCredentials;
  /** Aborts the call, retries included, at its deadline. */
  readonly abortSignal: AbortSignal;
  /** Opening a connection, per attempt. */
  readonly connectTimeoutMs: number;
} & (
    | { readonly action: "GetSessionToken"; readonly params: GetSessionTokenParams }
    | { readonly action: "AssumeRole"; readonly params: AssumeRoleParams }
    | { readonly action: "AssumeRoleWithWebIdentity"; readonly params: AssumeRoleWithWebIdentityParams }
    | { readonly action: "GetFederationToken"; readonly params: GetFederationTokenParams }
    | { readonly action: "GetCallerIdentity"; readonly params: Record<string, never> }
  );

/** The calls whose answer is credentials. */
export type StsCredentialsRequest = Exclude<StsRequest, { readonly action: "GetCallerIdentity" }>;

interface GetFederationTokenParams {
  readonly Name: string;
  readonly DurationSeconds: number;
  readonly Policy: string;
}

interface GetSessionTokenParams {
  readonly DurationSeconds: number;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
}

interface AssumeRoleParams {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly DurationSeconds: number;
  readonly ExternalId?: string;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
  readonly Tags?: { Key: string; Value: string }[];
  readonly TransitiveTagKeys?: string[];
  readonly SourceIdentity?: string;
}

interface AssumeRoleWithWebIdentityParams {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly DurationSeconds: number;
  readonly WebIdentityToken: string;
}

/**
 * The SDK side of the STS adapter (sdk-sts.ts, loaded on first use). It throws the SDK's own errors; the
 * caller (lazy-sts.ts) maps them to VaultErrors, so the SDK chunk needs nothing from @vault-cli/core.
 */
export interface StsWire {
  send(request: StsCredentialsRequest): Promise<Required<AwsCredentials>>;
  identity(request: StsRequest & { readonly action: "GetCallerIdentity" }): Promise<CallerIdentity>;
}

/** The shape of the module sdk-sts.ts (or a bundled sts.cjs) must have. */
export interface StsWireModule {
  createStsWire(): StsWire;
}
