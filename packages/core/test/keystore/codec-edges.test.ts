import { describe, expect, it } from "vitest";
import { isVaultError } from "../../src/errors.js";
import {
  decodeKeyringItem,
  decodeMasterCredentials,
  decodeSessionCredentials,
  encodeKeyringItem,
  encodeSessionCredentials,
  parseRfc3339,
} from "../../src/keystore/index.js";

/** The error a decoder throws, as `CODE: message`. */
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return isVaultError(error) ? `${error.code}: ${error.message}` : `not a VaultError: ${error}`;
  }
  return "no error";
};

const EXPIRATION = '"Expiration":"2026-01-01T00:00:00Z"';

describe("keyring item wrapper edges", () => {
  it("writes an empty Label and Description when none is given", () => {
    expect(encodeKeyringItem({ key: "k", data: "x" })).toBe(
      '{"Key":"k","Data":"eA==","Label":"","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}',
    );
  });

  it("reads the Description and both flags", () => {
    const json = encodeKeyringItem({
      key: "k",
      data: "x",
      description: "d",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: true,
    });
    expect(decodeKeyringItem(json)).toEqual({
      key: "k",
      data: "x",
      label: "",
      description: "d",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: true,
    });
    expect(
      decodeKeyringItem(encodeKeyringItem({ key: "alice", data: "x" })).keychainNotTrustApplication,
    ).toBe(true);
  });

  it.each([
    ["missing", "{}"],
    ["the string true", '{"KeychainNotTrustApplication":"true","KeychainNotSynchronizable":"true"}'],
    ["1", '{"KeychainNotTrustApplication":1,"KeychainNotSynchronizable":1}'],
  ])("takes flags that are %s as false", (_what, json) => {
    expect(decodeKeyringItem(json)).toMatchObject({
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    });
  });

  it("ignores line breaks inside Data, as Go's base64 decoder does", () => {
    expect(decodeKeyringItem('{"Key":"k","Data":"eHl6\\r\\neA=="}').data).toBe("xyzx");
  });

  it.each([
    ["Key", '{"Key":1,"Data":"eA=="}'],
    ["Label", '{"Key":"k","Data":"eA==","Label":true}'],
    ["Data", '{"Key":"k","Data":["eA=="]}'],
  ])("refuses a non-string %s", (name, json) => {
    expect(failure(() => decodeKeyringItem(json, "'/x/k'"))).toBe(
      `KEYSTORE_CORRUPT: '/x/k' has a non-string ${name}`,
    );
  });

  it("refuses padding where Go's standard decoder does", () => {
    expect(failure(() => decodeKeyringItem('{"Key":"k","Data":"eA="}'))).toBe(
      "KEYSTORE_CORRUPT: item has Data that is not base64",
    );
  });
});

describe("session credentials edges", () => {
  const creds = { accessKeyId: "A", secretAccessKey: "s", expiration: new Date("2026-01-01T00:00:00Z") };

  it("writes a null SessionToken for long-term keys and reads it back as none", () => {
    const data = encodeSessionCredentials(creds);
    expect(data).toBe(
      '{"AccessKeyId":"A","Expiration":"2026-01-01T00:00:00Z","SecretAccessKey":"s","SessionToken":null}',
    );
    expect(decodeSessionCredentials(data)).toEqual(creds);
  });

  it.each([
    ["empty", '""'],
    ["a number", "5"],
    ["null", "null"],
  ])("reads a SessionToken that is %s as none", (_what, token) => {
    const data = `{"AccessKeyId":"A","SecretAccessKey":"s",${EXPIRATION},"SessionToken":${token}}`;
    expect(decodeSessionCredentials(data)).toEqual(creds);
  });

  it("reads a null VaultCli record as no metadata", () => {
    const data = `{"AccessKeyId":"A","SecretAccessKey":"s",${EXPIRATION},"VaultCli":null}`;
    expect(decodeSessionCredentials(data)).toEqual(creds);
  });

  it.each([
    ["null", "session item 'k' is not a JSON object"],
    ["5", "session item 'k' is not a JSON object"],
    ['"text"', "session item 'k' is not a JSON object"],
    ["[]", "session item 'k' is not a JSON object"],
    ["{", "session item 'k' is not a JSON object"],
    [`{"SecretAccessKey":"s",${EXPIRATION}}`, "session item 'k' has no AccessKeyId"],
    [`{"AccessKeyId":"","SecretAccessKey":"s",${EXPIRATION}}`, "session item 'k' has no AccessKeyId"],
    [`{"AccessKeyId":7,"SecretAccessKey":"s",${EXPIRATION}}`, "session item 'k' has no AccessKeyId"],
    [`{"AccessKeyId":"A",${EXPIRATION}}`, "session item 'k' has no SecretAccessKey"],
    [`{"AccessKeyId":"A","SecretAccessKey":"",${EXPIRATION}}`, "session item 'k' has no SecretAccessKey"],
    [`{"AccessKeyId":"A","SecretAccessKey":7,${EXPIRATION}}`, "session item 'k' has no SecretAccessKey"],
    [
      '{"AccessKeyId":"A","SecretAccessKey":"s","Expiration":["2026-01-01T00:00:00Z"]}',
      "session item 'k' has no valid Expiration",
    ],
  ])("refuses %s", (data, message) => {
    expect(failure(() => decodeSessionCredentials(data, "session item 'k'"))).toBe(
      `KEYSTORE_CORRUPT: ${message}`,
    );
  });

  it("prefers the field with the exact name over one in another letter case", () => {
    const data = `{"accesskeyid":"lower","AccessKeyId":"exact","SecretAccessKey":"s",${EXPIRATION}}`;
    expect(decodeSessionCredentials(data).accessKeyId).toBe("exact");
  });
});

describe("master credentials edges", () => {
  it.each([
    ['{"AccessKeyID":"","SecretAccessKey":"S"}', "credentials item has no AccessKeyID"],
    ['{"AccessKeyID":"AK"}', "credentials item has no SecretAccessKey"],
    ['{"AccessKeyID":"AK","SecretAccessKey":5}', "credentials item has no SecretAccessKey"],
    ["null", "credentials item is not a JSON object"],
  ])("refuses %s", (data, message) => {
    expect(failure(() => decodeMasterCredentials(data))).toBe(`KEYSTORE_CORRUPT: ${message}`);
  });

  it.each([["null"], ["5"], ['""']])("reads a SessionToken of %s as none", (token) => {
    expect(
      decodeMasterCredentials(`{"AccessKeyID":"AK","SecretAccessKey":"S","SessionToken":${token}}`),
    ).toEqual({
      accessKeyId: "AK",
      secretAccessKey: "S",
    });
  });
});

describe("RFC 3339 field ranges", () => {
  it.each([
    "2026-00-01T00:00:00Z",
    "2026-01-00T00:00:00Z",
    "2026-01-32T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T00:60:00Z",
    "2026-01-01T00:00:60Z",
  ])("refuses %s", (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });

  it("accepts the largest value of each field", () => {
    expect(parseRfc3339("2026-12-31T23:59:59Z")?.toISOString()).toBe("2026-12-31T23:59:59.000Z");
    expect(parseRfc3339("2026-01-01T00:00:00Z")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
