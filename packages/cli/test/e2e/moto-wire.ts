/** moto's recorded requests, as sigv4.ts verifies them, and a tiny signed STS/IAM client for set-up and checks. */
import { readFileSync } from "node:fs";
import { parseRecording, type RecordedCall } from "@vault-cli/test-support";
import { type Keys, signForm, type WireRequest } from "./sigv4.js";

/** A recorded request (test-support's parser), which sigv4.ts can verify. */
export type WireCall = RecordedCall & WireRequest;

/** Every AWS request in the recording file, in order (moto-api calls skipped). */
export function readWire(recordFile: string): WireCall[] {
  return parseRecording(readFileSync(recordFile, "utf8"));
}

/** Any key works for set-up: outside auth mode moto checks no signature. */
const BOOTSTRAP: Keys = { accessKeyId: "AKIDDECISIONTABLE000", secretAccessKey: "bootstrap" };

/** One signed query-protocol call; returns the response XML, throws on a non-2xx status. */
async function awsQuery(
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

const xmlValue = (xml: string, tag: string): string | undefined =>
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
