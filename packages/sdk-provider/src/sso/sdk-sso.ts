import { GetRoleCredentialsCommand, LogoutCommand, SSOClient } from "@aws-sdk/client-sso";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import { baseClientConfig } from "../sdk-client-config.js";
import type { SsoRequest, SsoWire } from "./sso-wire.js";

/**
 * The only module that imports @aws-sdk/client-sso and client-sso-oidc. lazySso() loads it on the first SSO
 * call; the CLI bundles it as a chunk of its own. It throws the SDK's errors; lazy-sso.ts maps them.
 */
export function createSsoWire(): SsoWire {
  // One client per service, region and endpoint; none is signed (bearer tokens and public OIDC calls).
  const clients = new Map<string, SSOOIDCClient | SSOClient>();
  function clientOf<C extends SSOOIDCClient | SSOClient>(
    service: "oidc" | "portal",
    make: new (config: object) => C,
    request: SsoRequest,
  ): C {
    const key = `${service}|${request.region}|${request.endpoint ?? ""}`;
    let client = clients.get(key) as C | undefined;
    if (!client) {
      client = new make(baseClientConfig(request));
      clients.set(key, client);
    }
    return client;
  }
  const oidc = (request: SsoRequest) => clientOf("oidc", SSOOIDCClient, request);
  const portal = (request: SsoRequest) => clientOf("portal", SSOClient, request);

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
