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
  /** vault-cli's note of the plan that produced the item; absent in items aws-vault wrote. */
  readonly metadata?: SessionMetadata;
}

/**
 * What a cached item was made from, stored as an extra `"VaultCli"` object that aws-vault's decoder
 * ignores, so an edited config (other role, source, MFA serial or external id) is never served a stale item.
 */
export interface SessionMetadata {
  readonly roleArn?: string;
  /** The previous hop's cache key prefix, or `stored:<profile>`. */
  readonly source?: string;
  readonly mfaSerial?: string;
  readonly externalId?: string;
  /**
   * Everything else the call was made with that changes the credentials: session tags, transitive tag keys,
   * source identity, a configured session name, the credential_process command, the web identity source.
   */
  readonly settings?: string;
}

const METADATA_FIELDS = [
  ["roleArn", "RoleArn"],
  ["source", "Source"],
  ["mfaSerial", "MfaSerial"],
  ["externalId", "ExternalId"],
  ["settings", "Settings"],
] as const;

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
    `,"SessionToken":${token}` +
    encodeMetadata(credentials.metadata) +
    "}"
  );
}

function encodeMetadata(metadata: SessionMetadata | undefined): string {
  if (metadata === undefined) return "";
  const fields = METADATA_FIELDS.filter(([name]) => metadata[name] !== undefined).map(
    ([name, json]) => `"${json}":${goJsonString(metadata[name]!)}`,
  );
  return `,"VaultCli":{${fields.join(",")}}`;
}

function decodeMetadata(value: unknown): SessionMetadata | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  const entries = METADATA_FIELDS.map(([name, json]) => [name, goField(object, json)] as const);
  return Object.fromEntries(entries.filter(([, v]) => typeof v === "string")) as SessionMetadata;
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
  const metadata = decodeMetadata(goField(object, "VaultCli"));
  return {
    accessKeyId,
    secretAccessKey,
    ...(typeof sessionToken === "string" && sessionToken !== "" ? { sessionToken } : {}),
    expiration,
    ...(metadata ? { metadata } : {}),
  };
}
