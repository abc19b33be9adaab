/** One SSO request, already resolved: the endpoint (OIDC's or the portal's) and the call. */
export type SsoRequest = {
  readonly region: string;
  /** A configured endpoint, if any; otherwise the SDK's own (oidc.<region>, portal.sso.<region>). */
  readonly endpoint?: string;
  readonly abortSignal: AbortSignal;
  readonly connectTimeoutMs: number;
} & (
  | {
      readonly action: "RegisterClient";
      readonly params: {
        readonly clientName: string;
        readonly clientType: "public";
        readonly scopes: readonly string[];
        readonly grantTypes?: string[];
        readonly redirectUris?: string[];
        readonly issuerUrl?: string;
      };
    }
  | {
      readonly action: "StartDeviceAuthorization";
      readonly params: {
        readonly clientId: string;
        readonly clientSecret: string;
        readonly startUrl: string;
      };
    }
  | {
      readonly action: "CreateToken";
      readonly params: {
        readonly clientId: string;
        readonly clientSecret: string;
        readonly grantType: string;
        readonly deviceCode?: string;
        readonly refreshToken?: string;
        readonly code?: string;
        readonly codeVerifier?: string;
        readonly redirectUri?: string;
      };
    }
  | {
      readonly action: "GetRoleCredentials";
      readonly params: {
        readonly accessToken: string;
        readonly accountId: string;
        readonly roleName: string;
      };
    }
  | { readonly action: "Logout"; readonly params: { readonly accessToken: string } }
);

/**
 * The SDK side of the SSO adapter (sdk-sso.ts, loaded on first use): it answers the SDK's output objects and
 * throws the SDK's errors; lazy-sso.ts reads the one and maps the other.
 */
export interface SsoWire {
  send(request: SsoRequest): Promise<Record<string, unknown>>;
}

/** The shape of the module sdk-sso.ts (or the CLI's bundled sdk-sso.cjs) must have. */
export interface SsoWireModule {
  createSsoWire(): SsoWire;
}
