import { VaultError } from "../errors.js";
import { goField, goJsonString, parseJsonObject } from "./go-json.js";

/** A profile's long-term IAM keys, as `add` stores them. */
export interface MasterCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Only when someone stored temporary keys as a profile's credentials. */
  readonly sessionToken?: string;
}

/**
 * The item data aws-vault writes for `add` (aws-sdk-go-v2 `aws.Credentials`), byte for byte:
 * `{"AccessKeyID":…,"SecretAccessKey":…,"SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}`.
 */
export function encodeMasterCredentials(credentials: MasterCredentials): string {
  return (
    `{"AccessKeyID":${goJsonString(credentials.accessKeyId)}` +
    `,"SecretAccessKey":${goJsonString(credentials.secretAccessKey)}` +
    `,"SessionToken":${goJsonString(credentials.sessionToken ?? "")}` +
    `,"Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}`
  );
}

/**
 * Reads what any aws-vault version stored (v5 `ProviderName`, v7 `AccountID`, unknown fields, any
 * letter case). `what` names the item in errors, e.g. `credentials of 'alice'`.
 */
export function decodeMasterCredentials(data: string, what = "credentials item"): MasterCredentials {
  const object = parseJsonObject(data);
  if (!object) throw new VaultError("KEYSTORE_CORRUPT", `${what} is not a JSON object`);
  const accessKeyId = goField(object, "AccessKeyID");
  const secretAccessKey = goField(object, "SecretAccessKey");
  const sessionToken = goField(object, "SessionToken");
  if (typeof accessKeyId !== "string" || accessKeyId === "") {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no AccessKeyID`);
  }
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no SecretAccessKey`);
  }
  return typeof sessionToken === "string" && sessionToken !== ""
    ? { accessKeyId, secretAccessKey, sessionToken }
    : { accessKeyId, secretAccessKey };
}
