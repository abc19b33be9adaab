import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { baseClientConfig } from "../sdk-client-config.js";
import type { IamRequest, IamWire } from "./iam-wire.js";

/**
 * The only module that imports @aws-sdk/client-iam (an optional peer dependency: only `rotate` needs it). It is
 * loaded by lazyIam() on the first IAM call and bundled as a chunk of its own.
 */
export function createIamWire(): IamWire {
  const client = (request: IamRequest) =>
    new IAMClient({
      ...baseClientConfig(request),
      credentials: {
        accessKeyId: request.credentials.accessKeyId,
        secretAccessKey: request.credentials.secretAccessKey,
        ...(request.credentials.sessionToken === undefined
          ? {}
          : { sessionToken: request.credentials.sessionToken }),
      },
    });
  return {
    async createAccessKey(request) {
      const iam = client(request);
      try {
        const { AccessKey } = await iam.send(new CreateAccessKeyCommand({}), {
          abortSignal: request.abortSignal,
        });
        if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey)
          throw new Error("CreateAccessKey returned no key");
        return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
      } finally {
        iam.destroy();
      }
    },
    async deleteAccessKey(request, accessKeyId) {
      const iam = client(request);
      try {
        await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }), {
          abortSignal: request.abortSignal,
        });
      } finally {
        iam.destroy();
      }
    },
  };
}
