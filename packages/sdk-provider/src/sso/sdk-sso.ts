import { GetRoleCredentialsCommand, LogoutCommand, SSOClient } from "@aws-sdk/client-sso";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import type { SsoRequest, SsoWire } from "./sso-wire.js";

/**
 * The only module that imports @aws-sdk/client-sso and client-sso-oidc. lazySso() loads it on the first SSO
 * call; the CLI bundles it as a chunk of its own. It throws the SDK's errors; lazy-sso.ts maps them.
 */
export function createSsoWire(): SsoWire {
  const oidcClients = new Map<string, SSOOIDCClient>();
  const portalClients = new Map<string, SSOClient>();

  function config(request: SsoRequest) {
    return {
      region: request.region,
      ...(request.endpoint === undefined ? {} : { endpoint: request.endpoint }),
      ignoreConfiguredEndpointUrls: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      maxAttempts: 3,
      retryMode: "standard",
      requestHandler: {
        connectionTimeout: request.connectTimeoutMs,
        requestTimeout: request.connectTimeoutMs * 4,
        throwOnRequestTimeout: true,
      },
    };
  }
  const key = (request: SsoRequest) => `${request.region}|${request.endpoint ?? ""}`;
  const oidc = (request: SsoRequest) => {
    let client = oidcClients.get(key(request));
    if (!client) {
      client = new SSOOIDCClient(config(request));
      oidcClients.set(key(request), client);
    }
    return client;
  };
  const portal = (request: SsoRequest) => {
    let client = portalClients.get(key(request));
    if (!client) {
      client = new SSOClient(config(request));
      portalClients.set(key(request), client);
    }
    return client;
  };

  return {
    async send(request): Promise<Record<string, unknown>> {
      const options = { abortSignal: request.abortSignal };
      switch (request.action) {
        case "RegisterClient":
          return {
            ...(await oidc(request).send(
              new RegisterClientCommand({ ...request.params, scopes: [...request.params.scopes] }),
              options,
            )),
          };
        case "StartDeviceAuthorization":
          return {
            ...(await oidc(request).send(
              new StartDeviceAuthorizationCommand({ ...request.params }),
              options,
            )),
          };
        case "CreateToken":
          return { ...(await oidc(request).send(new CreateTokenCommand({ ...request.params }), options)) };
        case "GetRoleCredentials":
          return {
            ...(await portal(request).send(new GetRoleCredentialsCommand({ ...request.params }), options)),
          };
        case "Logout":
          return { ...(await portal(request).send(new LogoutCommand({ ...request.params }), options)) };
      }
    },
  };
}
