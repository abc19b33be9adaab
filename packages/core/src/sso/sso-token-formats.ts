import type { SsoClient, SsoToken } from "../engine/ports.js";
import { VaultError } from "../errors.js";
import { goField, goJsonString, parseJsonObject } from "../keystore/go-json.js";
import { formatRfc3339, formatRfc3339Nano, parseRfc3339 } from "../keystore/rfc3339.js";

/**
 * An SSO sign-in as vault-cli keeps it: the token, and the client registration that refreshes it. Stored in
 * the keystore item `oidc:<start url>` that aws-vault reads too, and shared with the AWS CLI's cache on request.
 */
export interface StoredSsoToken extends SsoToken {
  /** Absent in items aws-vault wrote (it registers anew at each sign-in and keeps no registration). */
  readonly client?: SsoClient;
  readonly startUrl?: string;
  readonly region?: string;
}

/** Label aws-vault gives an SSO token item. */
export function ssoTokenLabel(startUrl: string, expiresAt: Date): string {
  return `aws-vault oidc token for ${startUrl} (expires ${formatRfc3339(expiresAt)})`;
}

/** Description aws-vault gives an SSO token item. */
export const SSO_TOKEN_DESCRIPTION = "aws-vault oidc token";

/**
 * aws-vault's item: `{"Token":<CreateTokenOutput>,"Expiration":"<RFC 3339>"}`, fields in its order, with
 * `ExpiresIn` the seconds left at `now`. The registration goes in a `"VaultCli"` object, which aws-vault's
 * decoder ignores.
 */
export function encodeSsoTokenItem(token: StoredSsoToken, now: Date): string {
  const expiresIn = Math.max(0, Math.floor((token.expiresAt.getTime() - now.getTime()) / 1000));
  const text = (value: string | undefined) => (value === undefined ? "null" : goJsonString(value));
  const extra: string[] = [];
  if (token.startUrl !== undefined) extra.push(`"StartUrl":${goJsonString(token.startUrl)}`);
  if (token.region !== undefined) extra.push(`"Region":${goJsonString(token.region)}`);
  if (token.client) {
    extra.push(
      `"ClientId":${goJsonString(token.client.clientId)}`,
      `"ClientSecret":${goJsonString(token.client.clientSecret)}`,
      `"RegistrationExpiresAt":${goJsonString(formatRfc3339Nano(token.client.expiresAt))}`,
      `"Scopes":[${token.client.scopes.map(goJsonString).join(",")}]`,
    );
    if (token.client.authorizationCode) extra.push(`"AuthorizationCode":true`);
  }
  return (
    `{"Token":{"AccessToken":${goJsonString(token.accessToken)},"ExpiresIn":${expiresIn}` +
    `,"IdToken":${text(token.idToken)},"RefreshToken":${text(token.refreshToken)}` +
    `,"TokenType":${text(token.tokenType)},"ResultMetadata":{}}` +
    `,"Expiration":${goJsonString(formatRfc3339Nano(token.expiresAt))}` +
    (extra.length > 0 ? `,"VaultCli":{${extra.join(",")}}` : "") +
    "}"
  );
}

/** Reads an `oidc:` item, aws-vault's or vault-cli's. An item that cannot be used is KEYSTORE_CORRUPT. */
export function decodeSsoTokenItem(data: string, what: string): StoredSsoToken {
  const object = parseJsonObject(data);
  if (!object) throw new VaultError("KEYSTORE_CORRUPT", `${what} is not a JSON object`);
  const token = goField(object, "Token");
  if (typeof token !== "object" || token === null || Array.isArray(token)) {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no Token`);
  }
  const fields = token as Record<string, unknown>;
  const accessToken = goField(fields, "AccessToken");
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new VaultError("KEYSTORE_CORRUPT", `${what} has no AccessToken`);
  }
  const expirationText = goField(object, "Expiration");
  const expiresAt = typeof expirationText === "string" ? parseRfc3339(expirationText) : undefined;
  if (!expiresAt) throw new VaultError("KEYSTORE_CORRUPT", `${what} has no valid Expiration`);
  const extra = goField(object, "VaultCli");
  const vaultCli =
    typeof extra === "object" && extra !== null && !Array.isArray(extra)
      ? (extra as Record<string, unknown>)
      : {};
  const client = clientOf({
    clientId: goField(vaultCli, "ClientId"),
    clientSecret: goField(vaultCli, "ClientSecret"),
    expiresAt: goField(vaultCli, "RegistrationExpiresAt"),
    scopes: goField(vaultCli, "Scopes"),
    authorizationCode: goField(vaultCli, "AuthorizationCode"),
  });
  return {
    accessToken,
    expiresAt,
    ...optionalText("refreshToken", goField(fields, "RefreshToken")),
    ...optionalText("idToken", goField(fields, "IdToken")),
    ...optionalText("tokenType", goField(fields, "TokenType")),
    ...optionalText("startUrl", goField(vaultCli, "StartUrl")),
    ...optionalText("region", goField(vaultCli, "Region")),
    ...(client ? { client } : {}),
  };
}

/**
 * The AWS CLI's (botocore's) token cache file: camelCase fields, `expiresAt` in UTC without a fraction, the
 * registration alongside so that any of them can refresh the token.
 */
export function encodeAwsCliToken(token: StoredSsoToken): string {
  const file: Record<string, string> = {};
  if (token.startUrl !== undefined) file.startUrl = token.startUrl;
  if (token.region !== undefined) file.region = token.region;
  file.accessToken = token.accessToken;
  file.expiresAt = formatRfc3339(token.expiresAt);
  if (token.client) {
    file.clientId = token.client.clientId;
    file.clientSecret = token.client.clientSecret;
    file.registrationExpiresAt = formatRfc3339(token.client.expiresAt);
  }
  if (token.refreshToken !== undefined) file.refreshToken = token.refreshToken;
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads an AWS CLI token cache file; undefined when it is not one (the AWS CLI's file is its business). */
export function decodeAwsCliToken(text: string): StoredSsoToken | undefined {
  const file = parseJsonObject(text);
  if (!file) return undefined;
  const accessToken = file.accessToken;
  const expiresAt = typeof file.expiresAt === "string" ? parseAwsCliTime(file.expiresAt) : undefined;
  if (typeof accessToken !== "string" || accessToken === "" || !expiresAt) return undefined;
  const client = clientOf({
    clientId: file.clientId,
    clientSecret: file.clientSecret,
    expiresAt: file.registrationExpiresAt,
    scopes: undefined,
    authorizationCode: undefined,
  });
  return {
    accessToken,
    expiresAt,
    ...optionalText("refreshToken", file.refreshToken),
    ...optionalText("startUrl", file.startUrl),
    ...optionalText("region", file.region),
    ...(client ? { client } : {}),
  };
}

/** The AWS CLI v2 writes `2026-01-01T00:00:00Z`; older writers used `UTC` for `Z`. */
function parseAwsCliTime(text: string): Date | undefined {
  return parseRfc3339(text.replace(/UTC$/, "Z"));
}

function clientOf(fields: {
  clientId: unknown;
  clientSecret: unknown;
  expiresAt: unknown;
  scopes: unknown;
  authorizationCode: unknown;
}): SsoClient | undefined {
  const { clientId, clientSecret } = fields;
  const expiresAt = typeof fields.expiresAt === "string" ? parseAwsCliTime(fields.expiresAt) : undefined;
  if (typeof clientId !== "string" || typeof clientSecret !== "string" || !expiresAt) return undefined;
  const scopes = Array.isArray(fields.scopes) ? fields.scopes.filter((s) => typeof s === "string") : [];
  return {
    clientId,
    clientSecret,
    expiresAt,
    scopes,
    ...(fields.authorizationCode === true ? { authorizationCode: true } : {}),
  };
}

function optionalText<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === "string" && value !== "" ? { [key]: value } : {}) as { [P in K]?: string };
}
