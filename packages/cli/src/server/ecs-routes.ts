import { type AwsCredentials, formatRfc3339 } from "@vault-cli/core";
import type { Held } from "./held-credentials.js";
import { type Handler, messageReply, type Reply } from "./loopback-server.js";

/** The variables that point an SDK at the ECS server (the container credentials provider reads them). */
export function ecsVariables(url: string, token: string): Record<string, string> {
  return { AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token };
}

const ROLE_ROUTE = "/role-arn/";
/** An IAM role's ARN, in any partition. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Roles the `/role-arn/` route holds credentials for at once; the least recently added goes first. */
const MAX_ROLES = 64;

export interface EcsRoutes {
  readonly handle: Handler;
  /** Stops every role's prefetch. */
  close(): void;
}

/**
 * aws-vault's ECS credentials server: the `Authorization` header must be the token (compared in constant
 * time), else 403. `GET /role-arn/<arn>` serves that role, assumed with the profile's credentials; any other
 * GET serves the profile's own credentials, as `{AccessKeyId, Expiration, SecretAccessKey, Token}`.
 */
export function ecsRoutes(
  token: string,
  base: Held<{ credentials: AwsCredentials }>,
  holdRole: (roleArn: string) => Held<{ credentials: AwsCredentials }>,
): EcsRoutes {
  const expected = digest(token);
  const roles = new Map<string, Held<{ credentials: AwsCredentials }>>();
  const roleHeld = (arn: string) => {
    let held = roles.get(arn);
    if (!held) {
      if (roles.size >= MAX_ROLES) {
        const [oldest] = roles;
        oldest?.[1].close();
        if (oldest) roles.delete(oldest[0]);
      }
      held = holdRole(arn);
      roles.set(arn, held);
    }
    return held;
  };
  return {
    async handle(request) {
      const authorization = request.headers.authorization;
      if (
        typeof authorization !== "string" ||
        !process.getBuiltinModule("node:crypto").timingSafeEqual(digest(authorization), expected)
      ) {
        return messageReply(403, "invalid Authorization token");
      }
      if (request.method !== "GET") return messageReply(405, `${request.method} is not served: use GET`);
      if (!request.path.startsWith(ROLE_ROUTE)) return credentialsReply((await base.get()).credentials);
      let arn: string;
      try {
        arn = decodeURIComponent(request.path.slice(ROLE_ROUTE.length));
      } catch {
        return messageReply(400, "the role ARN in the path is not valid percent-encoding");
      }
      if (!ROLE_ARN.test(arn)) return messageReply(400, `not an IAM role ARN: ${arn.slice(0, 600)}`);
      return credentialsReply((await roleHeld(arn).get()).credentials);
    },
    close() {
      for (const held of roles.values()) held.close();
      roles.clear();
    },
  };
}

/** The document the SDKs' container credentials providers read (aws-vault's keys, in its order). */
function credentialsReply(credentials: AwsCredentials): Reply {
  const document = {
    AccessKeyId: credentials.accessKeyId,
    ...(credentials.expiration ? { Expiration: formatRfc3339(credentials.expiration) } : {}),
    SecretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { Token: credentials.sessionToken } : {}),
  };
  return { status: 200, body: `${JSON.stringify(document)}\n` };
}

/** Equal-length digests, so the comparison's time says nothing about the token or its length. */
function digest(text: string): Buffer {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(text).digest();
}
