/**
 * AWS Signature Version 4, written from the public spec for tests: sign a query-protocol request to moto, and
 * recompute the signature of a request moto recorded, which proves offline which secret (and session token)
 * signed it. Independent of the AWS SDK that vault-cli signs with.
 */
import { createHash, createHmac } from "node:crypto";

export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** A request as sent on the wire: header names in any case, the body as bytes. */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case), as SigV4 wants. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function canonicalUri(url: URL): string {
  return url.pathname
    .split("/")
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join("/");
}

function lowerHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The signature for `request` over `signedHeaders`, at `amzDate` in `scope` (date/region/service/aws4_request). */
function signature(
  request: WireRequest,
  signedHeaders: readonly string[],
  amzDate: string,
  scope: string,
  secret: string,
): string {
  const url = new URL(request.url);
  const headers = lowerHeaders(request.headers);
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(url),
    canonicalQuery(url),
    canonicalHeaders,
    signedHeaders.join(";"),
    sha256(request.body),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const [date = "", region = "", service = ""] = scope.split("/");
  let key = hmac(`AWS4${secret}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

interface Authorization {
  readonly accessKeyId: string;
  readonly scope: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(value: string | undefined): Authorization | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(
      value?.trim() ?? "",
    );
  if (!match) return undefined;
  return {
    accessKeyId: match[1]!,
    scope: match[2]!,
    signedHeaders: match[3]!.split(";"),
    signature: match[4]!,
  };
}

export type Verdict =
  | "ok" // signed by exactly these keys (and this token, or none for long-term keys)
  | "unsigned" // no SigV4 Authorization header
  | "other-key" // signed with another access key id
  | "bad-token" // right key id, but the session token sent is not this one (or one was sent for long-term keys)
  | "bad-signature"; // right key id and token, but another secret or altered content

/** Recomputes the SigV4 signature of a recorded request with `keys`. */
export function verify(request: WireRequest, keys: Keys): Verdict {
  const headers = lowerHeaders(request.headers);
  const auth = parseAuthorization(headers.authorization);
  if (!auth) return "unsigned";
  if (auth.accessKeyId !== keys.accessKeyId) return "other-key";
  if (headers["x-amz-security-token"] !== keys.sessionToken) return "bad-token";
  // The token must be covered by the signature, else anyone could swap it.
  if (keys.sessionToken !== undefined && !auth.signedHeaders.includes("x-amz-security-token")) {
    return "bad-token";
  }
  const amzDate = headers["x-amz-date"] ?? "";
  const expected = signature(request, auth.signedHeaders, amzDate, auth.scope, keys.secretAccessKey);
  return expected === auth.signature ? "ok" : "bad-signature";
}

/** Signs a form-encoded POST (the STS/IAM query protocol) to `endpoint` with `keys`. */
export function signForm(
  endpoint: string,
  form: Readonly<Record<string, string>>,
  keys: Keys,
  service: "sts" | "iam",
  region = "us-east-1",
  now = new Date(),
): { headers: Record<string, string>; body: string } {
  const body = new URLSearchParams(form).toString();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    host: new URL(endpoint).host,
    "x-amz-date": amzDate,
  };
  if (keys.sessionToken !== undefined) headers["x-amz-security-token"] = keys.sessionToken;
  const signedHeaders = Object.keys(headers).sort();
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const request = { method: "POST", url: endpoint, headers, body: Buffer.from(body) };
  const sig = signature(request, signedHeaders, amzDate, scope, keys.secretAccessKey);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${sig}`;
  return { headers, body };
}
