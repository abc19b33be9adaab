import {
  type AwsCredentials,
  type Clock,
  type DeviceAuthorization,
  type Env,
  isVaultError,
  maskKey,
  redactExternal,
  type Sso,
  type SsoClient,
  type SsoTarget,
  type SsoToken,
  type TokenPending,
  type Trace,
  VaultError,
} from "@vault-cli/core";
import { errnoCode, UNREACHABLE } from "../sts/sts-error.js";
import { describeLimit, limitsFromEnv } from "../vault/limits.js";
import type { SsoRequest, SsoWire, SsoWireModule } from "./sso-wire.js";

export interface LazySsoOptions {
  /** Where AWS_ENDPOINT_URL(_SSO, _SSO_OIDC) and the limits are read (never process.env directly). */
  readonly env: Env;
  readonly trace?: Trace;
  readonly clock?: Clock;
}

/** The two services behind SSO: OIDC (sign-in, tokens) and the portal (role credentials, logout). */
type Service = "oidc" | "portal";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** The redirect URI a client is registered with for the authorization-code flow (the AWS CLI's too). */
const LOOPBACK_REDIRECT = "http://127.0.0.1/oauth/callback";

/** Where an SSO call goes: AWS_ENDPOINT_URL_SSO_OIDC / _SSO > AWS_ENDPOINT_URL > the profile's endpoint_url. */
export function resolveSsoEndpoint(
  service: Service,
  target: SsoTarget,
  env: Env,
): { region: string; endpoint?: string; display: string } {
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  const own = service === "oidc" ? env.AWS_ENDPOINT_URL_SSO_OIDC : env.AWS_ENDPOINT_URL_SSO;
  const endpoint = ignore
    ? undefined
    : (nonEmpty(own) ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? nonEmpty(target.endpointUrl));
  const host = service === "oidc" ? `oidc.${target.region}` : `portal.sso.${target.region}`;
  return endpoint === undefined
    ? { region: target.region, display: `https://${host}.amazonaws.com` }
    : { region: target.region, endpoint, display: endpoint };
}

/**
 * The real Sso port. @aws-sdk/client-sso(-oidc) are loaded (once) on the first call, so a cache hit loads no
 * AWS SDK code. Calls share the STS deadlines (VAULT_CLI_STS_TIMEOUT, VAULT_CLI_STS_CONNECT_TIMEOUT).
 */
export function lazySso(options: LazySsoOptions): Sso {
  let wire: Promise<SsoWire> | undefined;
  const { trace, env } = options;
  const clock = options.clock ?? (() => new Date());
  const limits = limitsFromEnv(env);

  async function send(
    service: Service,
    target: SsoTarget,
    request: Omit<SsoRequest, "region" | "abortSignal" | "connectTimeoutMs" | "endpoint">,
  ) {
    const endpoint = resolveSsoEndpoint(service, target, env);
    trace?.(`sso: ${request.action} for '${target.profile}' at ${endpoint.display} (${endpoint.region})`);
    const started = performance.now();
    const abortSignal = AbortSignal.timeout(limits.stsTimeoutMs);
    try {
      wire ??= loadWire().catch((error: unknown) => {
        wire = undefined;
        throw error;
      });
      const full = {
        ...request,
        region: endpoint.region,
        ...(endpoint.endpoint === undefined ? {} : { endpoint: endpoint.endpoint }),
        abortSignal,
        connectTimeoutMs: limits.stsConnectTimeoutMs,
      } as SsoRequest;
      const output = await (await wire).send(full);
      trace?.(`sso: ${request.action} ok (${Math.round(performance.now() - started)}ms)`);
      return output;
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      const took = `${Math.round(performance.now() - started)}ms`;
      if (name === "AuthorizationPendingException" || name === "SlowDownException") {
        trace?.(
          `sso: ${request.action}: ${name === "SlowDownException" ? "slow down" : "not approved yet"} (${took})`,
        );
        throw error;
      }
      trace?.(`sso: ${request.action} failed after ${took}: ${name || "error"}`);
      throw toSsoError(error, {
        profile: target.profile,
        call: request.action,
        endpoint: endpoint.display,
        timedOut: abortSignal.aborted,
        timeoutMs: limits.stsTimeoutMs,
      });
    }
  }

  return {
    async registerClient(target, { clientName, scopes, authorizationCode }): Promise<SsoClient> {
      const output = await send("oidc", target, {
        action: "RegisterClient",
        params: {
          clientName,
          clientType: "public",
          scopes,
          // The loopback redirect without a port: the port of each sign-in is free to choose (RFC 8252 §7.3).
          ...(authorizationCode
            ? {
                grantTypes: ["authorization_code", "refresh_token"],
                redirectUris: [LOOPBACK_REDIRECT],
                issuerUrl: authorizationCode.issuerUrl,
              }
            : {}),
        },
      });
      const expires = Number(output.clientSecretExpiresAt);
      return {
        clientId: text(output.clientId, "RegisterClient", "clientId"),
        clientSecret: text(output.clientSecret, "RegisterClient", "clientSecret"),
        expiresAt: new Date(
          Number.isFinite(expires) && expires > 0 ? expires * 1000 : clock().getTime() + 86_400_000,
        ),
        scopes,
        ...(authorizationCode ? { authorizationCode: true } : {}),
      };
    },
    authorizeUrl(target, client, { redirectUri, state, codeChallenge, scopes }) {
      const query = new URLSearchParams({
        response_type: "code",
        client_id: client.clientId,
        redirect_uri: redirectUri,
        state,
        code_challenge_method: "S256",
        scopes: scopes.join(" "),
        code_challenge: codeChallenge,
      });
      return `${resolveSsoEndpoint("oidc", target, env).display.replace(/\/+$/, "")}/authorize?${query}`;
    },
    async startDeviceAuthorization(target, client, startUrl): Promise<DeviceAuthorization> {
      const output = await send("oidc", target, {
        action: "StartDeviceAuthorization",
        params: { clientId: client.clientId, clientSecret: client.clientSecret, startUrl },
      });
      const verificationUri = text(output.verificationUri, "StartDeviceAuthorization", "verificationUri");
      return {
        deviceCode: text(output.deviceCode, "StartDeviceAuthorization", "deviceCode"),
        userCode: text(output.userCode, "StartDeviceAuthorization", "userCode"),
        verificationUri,
        verificationUriComplete:
          typeof output.verificationUriComplete === "string"
            ? output.verificationUriComplete
            : verificationUri,
        expiresInSeconds: Number(output.expiresIn) || 600,
        intervalSeconds: Number(output.interval) || 0,
      };
    },
    async createToken(target, client, grant): Promise<SsoToken | TokenPending> {
      try {
        const output = await send("oidc", target, {
          action: "CreateToken",
          params: {
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            ...("refreshToken" in grant
              ? { grantType: "refresh_token", refreshToken: grant.refreshToken }
              : "code" in grant
                ? { grantType: "authorization_code", ...grant }
                : { grantType: DEVICE_CODE_GRANT, deviceCode: grant.deviceCode }),
          },
        });
        const expiresIn = Number(output.expiresIn);
        return {
          accessToken: text(output.accessToken, "CreateToken", "accessToken"),
          expiresAt: new Date(clock().getTime() + (Number.isFinite(expiresIn) ? expiresIn : 0) * 1000),
          ...optional("refreshToken", output.refreshToken),
          ...optional("idToken", output.idToken),
          ...optional("tokenType", output.tokenType),
        };
      } catch (error) {
        const name = error instanceof Error ? error.name : "";
        if (name === "AuthorizationPendingException") return { pending: "authorization_pending" };
        if (name === "SlowDownException") return { pending: "slow_down" };
        throw error;
      }
    },
    async getRoleCredentials(
      target,
      { accessToken, accountId, roleName },
    ): Promise<Required<AwsCredentials>> {
      const output = await send("portal", target, {
        action: "GetRoleCredentials",
        params: { accessToken, accountId, roleName },
      });
      const role = (output.roleCredentials ?? {}) as Record<string, unknown>;
      const expiration = Number(role.expiration);
      const credentials = {
        accessKeyId: text(role.accessKeyId, "GetRoleCredentials", "accessKeyId"),
        secretAccessKey: text(role.secretAccessKey, "GetRoleCredentials", "secretAccessKey"),
        sessionToken: text(role.sessionToken, "GetRoleCredentials", "sessionToken"),
        // The portal answers epoch milliseconds.
        expiration: new Date(Number.isFinite(expiration) ? expiration : 0),
      };
      trace?.(
        `sso: GetRoleCredentials -> ${maskKey(credentials.accessKeyId)}, expires ${credentials.expiration.toISOString()}`,
      );
      return credentials;
    },
    async logout(target, accessToken) {
      await send("portal", target, { action: "Logout", params: { accessToken } });
    },
  };
}

async function loadWire(): Promise<SsoWire> {
  const module: SsoWireModule = await import("./sdk-sso.js");
  return module.createSsoWire();
}

/** The SDK's exceptions that mean the token, refresh token or registration is no longer accepted. */
const UNAUTHORIZED = new Set([
  "UnauthorizedException",
  "InvalidGrantException",
  "InvalidClientException",
  "UnauthorizedClientException",
]);
/** What ends a device sign-in without a token. */
const SIGN_IN_ENDED: Record<string, string> = {
  ExpiredTokenException: "the sign-in code expired before it was approved",
  AccessDeniedException: "the sign-in was denied",
};

interface SsoCallContext {
  readonly profile: string;
  readonly call: string;
  readonly endpoint: string;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

/** Maps an SDK or network error to SSO_UNAUTHORIZED, SSO_LOGIN_FAILED or SSO_FAILED, naming profile and call. */
function toSsoError(error: unknown, context: SsoCallContext): VaultError {
  if (isVaultError(error)) return error;
  const prefix = `profile '${context.profile}': SSO ${context.call} failed`;
  const options = { cause: error, profile: context.profile };
  const name = error instanceof Error ? error.name : "Error";
  if (context.timedOut) {
    return new VaultError(
      "SSO_FAILED",
      `${prefix}: no answer from ${context.endpoint} within ${describeLimit(context.timeoutMs, "ms")} (VAULT_CLI_STS_TIMEOUT)`,
      { ...options, data: { limit: "VAULT_CLI_STS_TIMEOUT" } },
    );
  }
  const network = errnoCode(error);
  if (network !== undefined && UNREACHABLE.has(network)) {
    return new VaultError("SSO_FAILED", `${prefix}: cannot reach ${context.endpoint} (${network})`, options);
  }
  const message = redactExternal(error instanceof Error ? error.message : String(error));
  const detail = name === "Error" || name === "TypeError" ? message : `${name}: ${message}`;
  if (UNAUTHORIZED.has(name)) return new VaultError("SSO_UNAUTHORIZED", `${prefix}: ${detail}`, options);
  const ended = SIGN_IN_ENDED[name];
  if (ended !== undefined) {
    return new VaultError("SSO_LOGIN_FAILED", `${prefix}: ${ended}`, { ...options, data: { reason: name } });
  }
  return new VaultError("SSO_FAILED", `${prefix}: ${detail}`, options);
}

function text(value: unknown, call: string, field: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new VaultError("SSO_FAILED", `SSO ${call} answered no ${field}`);
}

function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === "string" && value !== "" ? { [key]: value } : {}) as { [P in K]?: string };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
