import { describe, expect, it } from "vitest";
import { isVaultError } from "../../src/errors.js";
import {
  decodeAwsCliToken,
  decodeSsoTokenItem,
  encodeAwsCliToken,
  encodeSsoTokenItem,
} from "../../src/sso/sso-token-formats.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const IN_AN_HOUR = new Date("2026-01-01T01:00:00Z");
const START_URL = "https://corp.awsapps.com/start";
const client = {
  clientId: "client-1",
  clientSecret: "secret",
  expiresAt: new Date("2026-04-01T00:00:00Z"),
  scopes: ["sso:account:access", "openid"],
};

function decodeError(data: string): unknown {
  try {
    decodeSsoTokenItem(data, "item");
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("aws-vault's token item", () => {
  it("of a bare token is exactly aws-vault's JSON, with no vault-cli part", () => {
    expect(encodeSsoTokenItem({ accessToken: "a", expiresAt: IN_AN_HOUR }, NOW)).toBe(
      '{"Token":{"AccessToken":"a","ExpiresIn":3600,"IdToken":null,"RefreshToken":null,"TokenType":null,' +
        '"ResultMetadata":{}},"Expiration":"2026-01-01T01:00:00Z"}',
    );
  });

  it.each([
    ["a start URL", { startUrl: START_URL }, { StartUrl: START_URL }],
    ["a region", { region: "eu-central-1" }, { Region: "eu-central-1" }],
  ])("keeps only %s when that is all it has", (_, extra, vaultCli) => {
    const item = JSON.parse(encodeSsoTokenItem({ accessToken: "a", expiresAt: IN_AN_HOUR, ...extra }, NOW));
    expect(item.VaultCli).toEqual(vaultCli);
  });

  it("keeps the registration with all its scopes", () => {
    const item = JSON.parse(encodeSsoTokenItem({ accessToken: "a", expiresAt: IN_AN_HOUR, client }, NOW));
    expect(item.VaultCli).toEqual({
      ClientId: "client-1",
      ClientSecret: "secret",
      RegistrationExpiresAt: "2026-04-01T00:00:00Z",
      Scopes: ["sso:account:access", "openid"],
    });
  });

  it("reads back everything it was given", () => {
    const token = {
      accessToken: "a",
      expiresAt: IN_AN_HOUR,
      refreshToken: "r",
      idToken: "i",
      tokenType: "Bearer",
      startUrl: START_URL,
      region: "eu-central-1",
      client: { ...client, authorizationCode: true },
    };
    expect(decodeSsoTokenItem(encodeSsoTokenItem(token, NOW), "item")).toEqual(token);
  });

  it.each([
    ["no Token", '{"Expiration":"2026-01-01T01:00:00Z"}', "has no Token"],
    ["a null Token", '{"Token":null,"Expiration":"2026-01-01T01:00:00Z"}', "has no Token"],
    ["a text Token", '{"Token":"a","Expiration":"2026-01-01T01:00:00Z"}', "has no Token"],
    ["a list Token", '{"Token":[{"AccessToken":"a"}],"Expiration":"2026-01-01T01:00:00Z"}', "has no Token"],
    ["no AccessToken", '{"Token":{},"Expiration":"2026-01-01T01:00:00Z"}', "has no AccessToken"],
    [
      "an empty AccessToken",
      '{"Token":{"AccessToken":""},"Expiration":"2026-01-01T01:00:00Z"}',
      "has no AccessToken",
    ],
    [
      "a numeric AccessToken",
      '{"Token":{"AccessToken":5},"Expiration":"2026-01-01T01:00:00Z"}',
      "has no AccessToken",
    ],
    ["no Expiration", '{"Token":{"AccessToken":"a"}}', "has no valid Expiration"],
    ["a garbled Expiration", '{"Token":{"AccessToken":"a"},"Expiration":"soon"}', "has no valid Expiration"],
    [
      "a list Expiration",
      '{"Token":{"AccessToken":"a"},"Expiration":["2026-01-01T01:00:00Z"]}',
      "has no valid Expiration",
    ],
  ])("with %s is KEYSTORE_CORRUPT", (_, data, reason) => {
    const error = decodeError(data);
    expect(isVaultError(error)).toBe(true);
    expect(error).toMatchObject({ code: "KEYSTORE_CORRUPT", message: `item ${reason}` });
  });

  it.each(["null", "[]", '"x"'])("with a VaultCli part of %s is read as aws-vault's", (vaultCli) => {
    const data = `{"Token":{"AccessToken":"a"},"Expiration":"2026-01-01T01:00:00Z","VaultCli":${vaultCli}}`;
    expect(decodeSsoTokenItem(data, "item")).toEqual({ accessToken: "a", expiresAt: IN_AN_HOUR });
  });

  it.each([
    ["no ClientId", { ClientSecret: "s", RegistrationExpiresAt: "2026-04-01T00:00:00Z" }],
    ["no ClientSecret", { ClientId: "c", RegistrationExpiresAt: "2026-04-01T00:00:00Z" }],
    [
      "a numeric ClientSecret",
      { ClientId: "c", ClientSecret: 5, RegistrationExpiresAt: "2026-04-01T00:00:00Z" },
    ],
    ["no RegistrationExpiresAt", { ClientId: "c", ClientSecret: "s" }],
  ])("with a registration of %s has no registration", (_, vaultCli) => {
    const data = JSON.stringify({
      Token: { AccessToken: "a" },
      Expiration: "2026-01-01T01:00:00Z",
      VaultCli: vaultCli,
    });
    expect(decodeSsoTokenItem(data, "item").client).toBeUndefined();
  });

  it("keeps only the text scopes of a registration", () => {
    const data = JSON.stringify({
      Token: { AccessToken: "a" },
      Expiration: "2026-01-01T01:00:00Z",
      VaultCli: {
        ClientId: "c",
        ClientSecret: "s",
        RegistrationExpiresAt: "2026-04-01T00:00:00Z",
        Scopes: ["sso:account:access", 1, null, "openid"],
      },
    });
    expect(decodeSsoTokenItem(data, "item").client?.scopes).toEqual(["sso:account:access", "openid"]);
  });
});

describe("the AWS CLI's token cache file", () => {
  it("of a bare token has only the access token and its expiry", () => {
    expect(JSON.parse(encodeAwsCliToken({ accessToken: "a", expiresAt: IN_AN_HOUR }))).toEqual({
      accessToken: "a",
      expiresAt: "2026-01-01T01:00:00Z",
    });
  });

  it("is read with its refresh token, start URL, region and registration", () => {
    const file = JSON.stringify({
      startUrl: START_URL,
      region: "eu-central-1",
      accessToken: "a",
      expiresAt: "2026-01-01T01:00:00Z",
      clientId: "client-1",
      clientSecret: "secret",
      registrationExpiresAt: "2026-04-01T00:00:00Z",
      refreshToken: "r",
    });
    expect(decodeAwsCliToken(file)).toEqual({
      accessToken: "a",
      expiresAt: IN_AN_HOUR,
      refreshToken: "r",
      startUrl: START_URL,
      region: "eu-central-1",
      client: { clientId: "client-1", clientSecret: "secret", expiresAt: client.expiresAt, scopes: [] },
    });
  });

  it("is read with the 'UTC' suffix older writers used", () => {
    expect(decodeAwsCliToken('{"accessToken":"a","expiresAt":"2026-01-01T01:00:00UTC"}')).toEqual({
      accessToken: "a",
      expiresAt: IN_AN_HOUR,
    });
  });

  it.each([
    ["not JSON", "{not json"],
    ["a list", "[]"],
    ["no access token", '{"expiresAt":"2026-01-01T01:00:00Z"}'],
    ["an empty access token", '{"accessToken":"","expiresAt":"2026-01-01T01:00:00Z"}'],
    ["a numeric access token", '{"accessToken":5,"expiresAt":"2026-01-01T01:00:00Z"}'],
    ["no expiry", '{"accessToken":"a"}'],
    ["a numeric expiry", '{"accessToken":"a","expiresAt":1767229200}'],
    ["a garbled expiry", '{"accessToken":"a","expiresAt":"soon"}'],
  ])("with %s is no token", (_, text) => {
    expect(decodeAwsCliToken(text)).toBeUndefined();
  });
});
