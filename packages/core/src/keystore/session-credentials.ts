import { VaultError } from "../errors.js";
import { goField, goJsonString, parseJsonObject } from "./go-json.js";
import { formatRfc3339Nano, parseRfc3339 } from "./rfc3339.js";

/** Temporary credentials as a cached-session item holds them. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Absent only for credential_process results that were long-term keys. */
  readonly sessionToken?: string;
  readonly expiration: Date;
}

/**
 * The item data aws-vault writes for a session (aws-sdk-go-v2 `sts/types.Credentials`, fields in
 * its order): `{"AccessKeyId":…,"Expiration":"<RFC 3339>","SecretAccessKey":…,"SessionToken":…}`.
 */
export function encodeSessionCredentials(credentials: SessionCredentials): string {
  const token = credentials.sessionToken === undefined ? "null" : goJsonString(credentials.sessionToken);
  return (
    `{"AccessKeyId":${goJsonString(credentials.accessKeyId)}` +
    `,"Expiration":${goJsonString(formatRfc3339Nano(credentials.expiration))}` +
    `,"SecretAccessKey":${goJsonString(credentials.secretAccessKey)}` +
    `,"SessionToken":${token}}`
  );
}

/**
 * Reads a session item whatever its field order or letter case; `Expiration` may carry a fraction
 * and `Z` or an offset (SSO items are in local time). aws-vault needs Expiration, so this does too.
 */
export function decodeSessionCredentials(data: string, what = "session item"): SessionCredentials {
  const object = parseJsonObject(data);
  if (!object) throw new VaultError("KEYSTORE_CORRUPT", `${what} is not a JSON object`);
  const accessKeyId = goField(object, "AccessKeyId");
  const secretAccessKey = goField(object, "SecretAccessKey");
  const sessionToken = goField(object, "SessionToken");
  const expirationText = goField(object, "Expiration");
  if (typeof accessKeyId !== "string" || accessKeyId === "") {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no AccessKeyId`);
  }
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no SecretAccessKey`);
  }
  const expiration = typeof expirationText === "string" ? parseRfc3339(expirationText) : undefined;
  if (!expiration) throw new VaultError("KEYSTORE_CORRUPT", `${what} has no valid Expiration`);
  return typeof sessionToken === "string" && sessionToken !== ""
    ? { accessKeyId, secretAccessKey, sessionToken, expiration }
    : { accessKeyId, secretAccessKey, expiration };
}
