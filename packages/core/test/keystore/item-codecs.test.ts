import { describe, expect, it } from "vitest";
import { isVaultError } from "../../src/errors.js";
import {
  credentialsLabel,
  decodeKeyringItem,
  decodeMasterCredentials,
  decodeSessionCredentials,
  encodeKeyringItem,
  encodeMasterCredentials,
  encodeSessionCredentials,
  maskKey,
  SESSION_DESCRIPTION,
  sessionLabel,
} from "../../src/keystore/index.js";

const corrupt = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isVaultError(error) && error.code === "KEYSTORE_CORRUPT" ? error.message : `other: ${error}`;
  }
  return "no error";
};

describe("master credentials", () => {
  it("are written exactly as aws-vault add writes them", () => {
    expect(
      encodeMasterCredentials({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalr/K7+x" }),
    ).toBe(
      '{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalr/K7+x","SessionToken":"","Source":"",' +
        '"CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}',
    );
  });

  it.each([
    [
      "99designs v7",
      '{"AccessKeyID":"AK","SecretAccessKey":"S","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}',
    ],
    [
      "ByteNess",
      '{"AccessKeyID":"AK","SecretAccessKey":"S","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z","AccountID":""}',
    ],
    [
      "v5",
      '{"AccessKeyID":"AK","SecretAccessKey":"S","SessionToken":"","ProviderName":"SharedConfigCredentials"}',
    ],
    ["aws-vault's test seed", '{"AccessKeyID":"AK","SecretAccessKey":"S"}'],
    ["other letter case", '{"accesskeyid":"AK","SECRETACCESSKEY":"S"}'],
  ])("are read from the %s shape", (_shape, data) => {
    expect(decodeMasterCredentials(data)).toEqual({ accessKeyId: "AK", secretAccessKey: "S" });
  });

  it("keep a stored session token", () => {
    const data = encodeMasterCredentials({ accessKeyId: "AK", secretAccessKey: "S", sessionToken: "T" });
    expect(decodeMasterCredentials(data)).toEqual({
      accessKeyId: "AK",
      secretAccessKey: "S",
      sessionToken: "T",
    });
  });

  it("name the item, never a secret, when unreadable", () => {
    expect(corrupt(() => decodeMasterCredentials("nope", "credentials of 'alice'"))).toBe(
      "credentials of 'alice' is not a JSON object",
    );
    expect(corrupt(() => decodeMasterCredentials('{"SecretAccessKey":"TOPSECRET"}'))).toBe(
      "credentials item has no AccessKeyID",
    );
    expect(corrupt(() => decodeMasterCredentials('{"AccessKeyID":"AK","SecretAccessKey":""}'))).toContain(
      "SecretAccessKey",
    );
  });
});

describe("session credentials", () => {
  const creds = {
    accessKeyId: "ASIAEXAMPLE",
    secretAccessKey: "s/+=",
    sessionToken: "token",
    expiration: new Date("2026-01-01T00:00:00Z"),
  };

  it("are written in aws-sdk-go-v2's field order with an RFC 3339 Expiration", () => {
    expect(encodeSessionCredentials(creds)).toBe(
      '{"AccessKeyId":"ASIAEXAMPLE","Expiration":"2026-01-01T00:00:00Z","SecretAccessKey":"s/+=","SessionToken":"token"}',
    );
    expect(
      encodeSessionCredentials({ ...creds, expiration: new Date("2026-01-01T00:00:00.120Z") }),
    ).toContain('"Expiration":"2026-01-01T00:00:00.12Z"');
  });

  it("round-trip", () => {
    expect(decodeSessionCredentials(encodeSessionCredentials(creds))).toEqual(creds);
  });

  it("read SSO items in local time with nanoseconds, and any field order", () => {
    const data =
      '{"SessionToken":"t","SecretAccessKey":"s","Expiration":"2026-01-01T10:00:00.123456789+10:00","AccessKeyId":"A"}';
    expect(decodeSessionCredentials(data)).toEqual({
      accessKeyId: "A",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date("2026-01-01T00:00:00.123Z"),
    });
  });

  it("need an Expiration, as aws-vault does", () => {
    expect(corrupt(() => decodeSessionCredentials('{"AccessKeyId":"A","SecretAccessKey":"s"}'))).toBe(
      "session item has no valid Expiration",
    );
    expect(
      corrupt(() =>
        decodeSessionCredentials('{"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"tomorrow"}'),
      ),
    ).toBe("session item has no valid Expiration");
  });
});

describe("keyring item wrapper", () => {
  it("is Go's json.Marshal of keyring.Item, byte for byte", () => {
    const data = '{"AccessKeyID":"AK","SecretAccessKey":"S"}';
    expect(encodeKeyringItem({ key: "alice", data, label: credentialsLabel("alice") })).toBe(
      '{"Key":"alice","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLIiwiU2VjcmV0QWNjZXNzS2V5IjoiUyJ9",' +
        '"Label":"aws-vault (alice)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}',
    );
  });

  it("trusts the application for sessions, and escapes like Go", () => {
    const key = "sts.GetSessionToken,YWxpY2U,,1767225600";
    const json = encodeKeyringItem({
      key,
      data: "x",
      label: "<a&b>\u2028",
      description: SESSION_DESCRIPTION,
    });
    expect(json).toBe(
      `{"Key":"${key}","Data":"eA==","Label":"\\u003ca\\u0026b\\u003e\\u2028","Description":"aws-vault session",` +
        '"KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}',
    );
    expect(decodeKeyringItem(json).label).toBe("<a&b>\u2028");
  });

  it("round-trips unicode data", () => {
    const data = "ünïcödé 🚀 \u0000 \n";
    expect(decodeKeyringItem(encodeKeyringItem({ key: "k", data })).data).toBe(data);
  });

  it("is read leniently: letter case, unknown fields, null or unpadded Data", () => {
    expect(decodeKeyringItem('{"key":"k","data":"eA","extra":1}')).toMatchObject({
      key: "k",
      data: "x",
      label: "",
    });
    expect(decodeKeyringItem('{"Key":"k","Data":null}').data).toBe("");
  });

  it("reports Data that is not base64", () => {
    expect(corrupt(() => decodeKeyringItem('{"Key":"k","Data":"@@"}', "'/x/k'"))).toBe(
      "'/x/k' has Data that is not base64",
    );
    expect(corrupt(() => decodeKeyringItem("[1]"))).toBe("item is not a keyring item (not a JSON object)");
  });
});

describe("labels and masking", () => {
  it("match aws-vault's labels", () => {
    expect(credentialsLabel("alice")).toBe("aws-vault (alice)");
    expect(sessionLabel("alice", new Date("2026-01-01T00:00:00.500Z"))).toBe(
      "aws-vault session for alice (expires 2026-01-01T00:00:00Z)",
    );
  });

  it("mask access key ids to their last four characters", () => {
    expect(maskKey("AKIAIOSFODNN7EXAMPLE")).toBe("****MPLE");
    expect(maskKey("ABCD")).toBe("****");
    expect(maskKey("")).toBe("****");
  });
});
