import { type Env, type StsTarget, VaultError } from "@vault-cli/core";

/** Where one STS call goes, resolved the way the AWS SDK and aws-vault do. */
export interface StsEndpoint {
  /** Client (and signing) region. */
  readonly region: string;
  /** A configured endpoint, if any; otherwise the SDK's own endpoint rules apply. */
  readonly endpoint?: string;
  /** sts_regional_endpoints = legacy: the SDK sends legacy regions to https://sts.amazonaws.com. */
  readonly useGlobalEndpoint: boolean;
  /** For messages: the endpoint, or the one the SDK will pick. */
  readonly display: string;
}

/** aws-vault.md §3.3: the regions `sts_regional_endpoints = legacy` sends to the global endpoint. */
const LEGACY_REGIONS = new Set([
  "ap-northeast-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "aws-global",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
]);

/**
 * Endpoint precedence as the SDK applies it: AWS_ENDPOINT_URL_STS > AWS_ENDPOINT_URL > the profile's
 * endpoint_url, none of them when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. Region: the target's, else
 * AWS_REGION / AWS_DEFAULT_REGION; none is an error unless an endpoint is configured (signing as us-east-1).
 */
export function resolveStsEndpoint(target: StsTarget, env: Env): StsEndpoint {
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  const endpoint = ignore
    ? undefined
    : (nonEmpty(env.AWS_ENDPOINT_URL_STS) ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? nonEmpty(target.endpointUrl));
  const region = nonEmpty(target.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region === undefined && endpoint === undefined) {
    throw new VaultError("REGION_MISSING", `profile '${target.profile}' has no region to call STS in`, {
      profile: target.profile,
    });
  }
  const resolvedRegion = region ?? "us-east-1";
  const useGlobalEndpoint = target.stsRegionalEndpoints === "legacy" && LEGACY_REGIONS.has(resolvedRegion);
  const display =
    endpoint ??
    (useGlobalEndpoint ? "https://sts.amazonaws.com" : `https://sts.${resolvedRegion}.amazonaws.com`);
  return endpoint === undefined
    ? { region: resolvedRegion, useGlobalEndpoint, display }
    : { region: resolvedRegion, endpoint, useGlobalEndpoint, display };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
