/**
 * moto's request recording with what moto.calls() drops (method, every header, the raw body), so signatures
 * can be recomputed; plus a tiny signed STS/IAM client for set-up and identity checks. moto's recorder
 * (moto/moto_api/_internal/recorder/models.py) appends one JSON object per request: {headers, method, url,
 * body, body_encoded}, where body is base64 when body_encoded.
 */
import { readFileSync } from "node:fs";
import { type Keys, signForm, type WireRequest } from "./sigv4.js";

export interface WireCall extends WireRequest {
  readonly action: string | undefined;
  /** Query and form parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The SigV4 signing key id, undefined for an unsigned request. */
  readonly accessKeyId: string | undefined;
  readonly sessionToken: string | undefined;
  readonly userAgent: string | undefined;
}

interface RecordingLine {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

/** Every AWS request in the recording file, in order (moto-api calls skipped). */
export function readWire(recordFile: string): WireCall[] {
  const calls: WireCall[] = [];
  for (const line of readFileSync(recordFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as RecordingLine;
    const url = new URL(entry.url);
    if (url.pathname.startsWith("/moto-api/")) continue;
    const lower = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const body = Buffer.from(entry.body ?? "", entry.body_encoded ? "base64" : "utf8");
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (lower["content-type"]?.includes("x-www-form-urlencoded")) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    }
    calls.push({
      method: entry.method,
      url: entry.url,
      headers: entry.headers,
      body,
      action: params.Action,
      params,
      accessKeyId: /Credential=([^/]+)\//.exec(lower.authorization ?? "")?.[1],
      sessionToken: lower["x-amz-security-token"],
      userAgent: lower["user-agent"],
    });
  }
  return calls;
}

/** Any key works for set-up: outside auth mode moto checks no signature. */
const BOOTSTRAP: Keys = { accessKeyId: "AKIDDECISIONTABLE000", secretAccessKey: "bootstrap" };

/** One signed query-protocol call; returns the response XML, throws on a non-2xx status. */
export async function awsQuery(
  endpoint: string,
  service: "sts" | "iam",
  form: Record<string, string>,
  keys: Keys = BOOTSTRAP,
): Promise<string> {
  const version = service === "sts" ? "2011-06-15" : "2010-05-08";
  const { headers, body } = signForm(endpoint, { Version: version, ...form }, keys, service);
  const response = await fetch(endpoint, { method: "POST", headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} ${form.Action}: HTTP ${response.status}: ${text}`);
  return text;
}

export const xmlValue = (xml: string, tag: string): string | undefined =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]?.replaceAll("&amp;", "&");

/** The ARN moto attributes to these keys (moto looks the caller up by access key id only). */
export async function callerArn(endpoint: string, keys: Keys): Promise<string | undefined> {
  return xmlValue(await awsQuery(endpoint, "sts", { Action: "GetCallerIdentity" }, keys), "Arn");
}

/** An IAM user with an access key, so GetCallerIdentity knows the long-term key. */
export async function createUser(endpoint: string, name: string): Promise<Keys> {
  await awsQuery(endpoint, "iam", { Action: "CreateUser", UserName: name });
  const xml = await awsQuery(endpoint, "iam", { Action: "CreateAccessKey", UserName: name });
  return { accessKeyId: xmlValue(xml, "AccessKeyId")!, secretAccessKey: xmlValue(xml, "SecretAccessKey")! };
}

/** Fresh AssumeRole credentials (moto needs no such role), e.g. for a credential_process to print. */
export async function assumeRole(
  endpoint: string,
  roleArn: string,
): Promise<Keys & { sessionToken: string; expiration: string }> {
  const xml = await awsQuery(endpoint, "sts", {
    Action: "AssumeRole",
    RoleArn: roleArn,
    RoleSessionName: "decision-table",
  });
  return {
    accessKeyId: xmlValue(xml, "AccessKeyId")!,
    secretAccessKey: xmlValue(xml, "SecretAccessKey")!,
    sessionToken: xmlValue(xml, "SessionToken")!,
    expiration: xmlValue(xml, "Expiration")!,
  };
}
