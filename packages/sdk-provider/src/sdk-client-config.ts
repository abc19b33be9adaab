/** What the STS and SSO SDK chunks both need to build a client; imported into each (it has no SDK import). */
export interface ClientTarget {
  readonly region: string;
  /** A configured endpoint, if any; otherwise the SDK's own. */
  readonly endpoint?: string;
  readonly connectTimeoutMs: number;
}

/**
 * The client settings vault-cli decides instead of the SDK's lookups in process.env and ~/.aws: region,
 * endpoint (configured endpoints are resolved by vault-cli), FIPS/dual-stack off, retries, and deadlines.
 */
export function baseClientConfig(target: ClientTarget) {
  return {
    region: target.region,
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    maxAttempts: 3,
    retryMode: "standard",
    // A server that accepts and never answers is cut off per attempt too; the caller's signal bounds the call.
    // throwOnRequestTimeout: without it the SDK only warns on stderr (ours, the user's) and waits on.
    requestHandler: {
      connectionTimeout: target.connectTimeoutMs,
      requestTimeout: target.connectTimeoutMs * 4,
      throwOnRequestTimeout: true,
    },
  };
}
