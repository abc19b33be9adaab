import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  type Credentials,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import type { AwsCredentials } from "@vault-cli/core";
import { baseClientConfig } from "../sdk-client-config.js";
import type { StsCredentialsRequest, StsRequest, StsWire } from "./sts-wire.js";

/**
 * The only module that imports @aws-sdk/client-sts. It is loaded by lazySts() on the first STS call and can
 * be bundled as a chunk of its own (it imports nothing at run time but the SDK).
 */
export function createStsWire(): StsWire {
  const clients = new Map<string, { client: STSClient; credentials?: AwsCredentials }>();

  function clientFor(request: StsRequest): STSClient {
    const key = [
      request.region,
      request.endpoint ?? "",
      request.useGlobalEndpoint,
      request.credentials?.accessKeyId,
    ];
    const id = key.join("|");
    const cached = clients.get(id);
    if (cached && sameCredentials(cached.credentials, request.credentials)) return cached.client;
    cached?.client.destroy();
    const client = new STSClient(clientConfig(request));
    clients.set(id, { client, credentials: request.credentials });
    return client;
  }

  return {
    async send(request) {
      const output = await sendCommand(clientFor(request), request);
      return toCredentials(output.Credentials, request.action);
    },
    async identity(request) {
      const output = await clientFor(request).send(new GetCallerIdentityCommand({}), {
        abortSignal: request.abortSignal,
      });
      if (!output.Arn || !output.Account || !output.UserId)
        throw new Error("GetCallerIdentity returned no identity");
      return { arn: output.Arn, account: output.Account, userId: output.UserId };
    },
  };
}

/**
 * Everything the SDK would otherwise look up in process.env or ~/.aws is given here: credentials (never the
 * default chain), region, endpoint, the global-endpoint switch, FIPS/dual-stack off and retries.
 */
function clientConfig(request: StsRequest): STSClientConfig {
  const { credentials } = request;
  return {
    ...baseClientConfig(request),
    useGlobalEndpoint: request.useGlobalEndpoint,
    credentials: credentials
      ? {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
        }
      : async () => {
          throw new Error("this STS call is unsigned");
        },
  };
}

function sendCommand(
  client: STSClient,
  request: StsCredentialsRequest,
): Promise<{ Credentials?: Credentials }> {
  const options = { abortSignal: request.abortSignal };
  switch (request.action) {
    case "GetSessionToken":
      return client.send(new GetSessionTokenCommand({ ...request.params }), options);
    case "AssumeRole":
      return client.send(new AssumeRoleCommand({ ...request.params }), options);
    case "AssumeRoleWithWebIdentity":
      return client.send(new AssumeRoleWithWebIdentityCommand({ ...request.params }), options);
    case "GetFederationToken":
      return client.send(new GetFederationTokenCommand({ ...request.params }), options);
  }
}

function sameCredentials(a: AwsCredentials | undefined, b: AwsCredentials | undefined): boolean {
  return a?.secretAccessKey === b?.secretAccessKey && a?.sessionToken === b?.sessionToken;
}

function toCredentials(credentials: Credentials | undefined, action: string): Required<AwsCredentials> {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration) {
    throw new Error(`${action} returned no credentials`);
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: Expiration,
  };
}
