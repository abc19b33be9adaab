import { type AwsCredentials, type Clock, formatRfc3339 } from "@vault-cli/core";
import type { Held } from "./held-credentials.js";
import { type Handler, messageReply, type Reply } from "./loopback-server.js";

/** The variable that points an SDK's instance metadata provider at the server (no 169.254.169.254 alias). */
export function imdsVariables(url: string): Record<string, string> {
  return { AWS_EC2_METADATA_SERVICE_ENDPOINT: `${url}/` };
}

/** The one instance profile the server offers, as aws-vault names it. */
const ROLE_NAME = "local-credentials";
const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
/** IMDSv2's token lifetime bounds, in seconds. */
const MAX_TOKEN_SECONDS = 21_600;
/** Session tokens held at once (SDKs take one per process and keep it for hours); the oldest goes first. */
const MAX_TOKENS = 256;

export interface ImdsOptions {
  readonly port: number;
  readonly region: string | undefined;
  readonly clock: Clock;
}

/**
 * An EC2 instance metadata service on a loopback port: IMDSv2 (a session token from `PUT /latest/api/token`,
 * then sent as `X-aws-ec2-metadata-token`) and IMDSv1 (no token). A token that is unknown or expired gets 401,
 * as on EC2. The `Host` must name this server (a web page cannot reach it through DNS rebinding), and a token
 * request that came through a proxy (`X-Forwarded-For`) is refused, as EC2 does.
 */
export function imdsRoutes(held: Held<{ credentials: AwsCredentials }>, options: ImdsOptions): Handler {
  const tokens = new Map<string, number>();
  const hosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`]);
  const now = () => options.clock().getTime();
  const text = (status: number, body: string): Reply => ({ status, body, contentType: "text/plain" });

  return async (request) => {
    if (!hosts.has(request.headers.host ?? "")) return text(403, "Forbidden: unexpected Host");
    if (request.path === "/latest/api/token") {
      if (request.method !== "PUT") return text(405, "Method Not Allowed");
      if (request.headers["x-forwarded-for"] !== undefined) return text(403, "Forbidden");
      const ttl = Number(request.headers["x-aws-ec2-metadata-token-ttl-seconds"]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_SECONDS) return text(400, "Bad Request");
      if (tokens.size >= MAX_TOKENS) {
        for (const [token, expires] of tokens) if (expires <= now()) tokens.delete(token);
        const [oldest] = tokens.keys();
        if (tokens.size >= MAX_TOKENS && oldest) tokens.delete(oldest);
      }
      const token = process.getBuiltinModule("node:crypto").randomBytes(32).toString("base64url");
      tokens.set(token, now() + ttl * 1000);
      return { ...text(200, token), headers: { "X-aws-ec2-metadata-token-ttl-seconds": String(ttl) } };
    }
    if (request.method !== "GET") return text(405, "Method Not Allowed");
    const token = request.headers["x-aws-ec2-metadata-token"];
    if (token !== undefined) {
      const expires = typeof token === "string" ? tokens.get(token) : undefined;
      if (expires === undefined || expires <= now()) return text(401, "Unauthorized");
    }
    return route(request.path);
  };

  async function route(path: string): Promise<Reply> {
    switch (path) {
      case CREDENTIALS_PATH:
      case CREDENTIALS_PATH.slice(0, -1):
        return text(200, ROLE_NAME);
      case `${CREDENTIALS_PATH}${ROLE_NAME}`:
      case `${CREDENTIALS_PATH}${ROLE_NAME}/`:
        return credentialsReply((await held.get()).credentials, options.clock);
      case "/latest/meta-data/iam/info":
      case "/latest/meta-data/iam/info/":
        return { status: 200, body: `${JSON.stringify({ Code: "Success" })}\n` };
      case "/latest/meta-data/instance-id":
      case "/latest/meta-data/instance-id/":
        return text(200, "vault-cli");
      case "/latest/meta-data/placement/region":
        return options.region ? text(200, options.region) : text(404, "Not Found");
      case "/latest/dynamic/instance-identity/document":
        return options.region
          ? { status: 200, body: `${JSON.stringify({ region: options.region })}\n` }
          : text(404, "Not Found");
      default:
        return text(404, "Not Found");
    }
  }
}

/** The instance profile document SDKs read (Token and Expiration are required by them). */
function credentialsReply(credentials: AwsCredentials, clock: Clock): Reply {
  if (!credentials.sessionToken || !credentials.expiration) {
    return messageReply(
      500,
      "the profile's credentials are long-term keys: EC2 metadata serves only sessions",
    );
  }
  const document = {
    Code: "Success",
    LastUpdated: formatRfc3339(clock()),
    Type: "AWS-HMAC",
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: formatRfc3339(credentials.expiration),
  };
  return { status: 200, body: `${JSON.stringify(document)}\n` };
}
