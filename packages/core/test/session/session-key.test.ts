import { describe, expect, it } from "vitest";
import {
  classifyKey,
  formatSessionKey,
  isLegacySessionKey,
  LEGACY_SESSION_KEY_PATTERNS,
  parseSessionKey,
} from "../../src/session/index.js";

const jan2026 = new Date("2026-01-01T00:00:00Z");

describe("formatSessionKey", () => {
  it("writes aws-vault's examples byte for byte", () => {
    expect(
      formatSessionKey({
        type: "sts.GetSessionToken",
        profile: "alice",
        serial: "arn:aws:iam::111122223333:mfa/alice",
        expiration: jan2026,
      }),
    ).toBe("sts.GetSessionToken,YWxpY2U,YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzptZmEvYWxpY2U,1767225600");
    expect(formatSessionKey({ type: "sts.GetSessionToken", profile: "alice", expiration: jan2026 })).toBe(
      "sts.GetSessionToken,YWxpY2U,,1767225600",
    );
    expect(
      formatSessionKey({
        type: "sts.GetSessionToken",
        profile: "jonsmith",
        serial: "arn:aws:iam::111111111111:mfa/jonsmith",
        expiration: new Date(1_700_000_000_999),
      }),
    ).toBe("sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9uc21pdGg,1700000000");
  });

  it("puts the SSO start URL in the serial slot and never uses a padding or URL-unsafe character", () => {
    const key = formatSessionKey({
      type: "sso.GetRoleCredentials",
      profile: "dev?>",
      serial: "https://example.awsapps.com/start",
      expiration: jan2026,
    });
    expect(key).toMatch(/^sso\.GetRoleCredentials,[A-Za-z0-9_-]+,[A-Za-z0-9_-]+,1767225600$/);
    const { type, profile, serial, expiration } = parseSessionKey(key)!;
    expect({ type, profile, serial, expiration }).toEqual({
      type: "sso.GetRoleCredentials",
      profile: "dev?>",
      serial: "https://example.awsapps.com/start",
      expiration: jan2026,
    });
  });
});

describe("parseSessionKey", () => {
  it("round-trips unicode profiles and serials", () => {
    const key = formatSessionKey({
      type: "sts.AssumeRole",
      profile: "prod 🚀 ü",
      serial: "x,y",
      expiration: jan2026,
    });
    expect(parseSessionKey(key)?.profile).toBe("prod 🚀 ü");
    expect(parseSessionKey(key)?.serial).toBe("x,y");
  });

  it("accepts any type text, as aws-vault's regex does", () => {
    expect(parseSessionKey("future.Type,YWxpY2U,,1")?.type).toBe("future.Type");
  });

  it.each([
    ["a profile name", "alice"],
    ["an empty profile field", "sts.GetSessionToken,,,1767225600"],
    ["a negative expiry (aws-vault v7.0.1 bug)", "credential_process,YWxpY2U,,-62135596800"],
    ["padding in the base64", "sts.GetSessionToken,YWxpY2U=,,1767225600"],
    ["standard-alphabet base64", "sts.GetSessionToken,a+b/,,1767225600"],
    ["an impossible base64 length", "sts.GetSessionToken,YWxpY,,1767225600"],
    ["too many fields", "sts.GetSessionToken,YWxpY2U,,,1767225600"],
    ["an oidc key", "oidc:https://example.awsapps.com/start"],
  ])("is undefined for %s", (_what, key) => {
    expect(parseSessionKey(key)).toBeUndefined();
  });
});

describe("legacy session keys", () => {
  it.each([
    "session,YWxpY2U,,1500000000",
    "session:alice:arn:1500000000",
    "blah session (61633665646639303539)",
  ])("recognises %s", (key) => {
    expect(isLegacySessionKey(key)).toBe(true);
    expect(classifyKey(key)).toBe("legacy-session");
  });

  it("exports aws-vault's three patterns", () => {
    expect(LEGACY_SESSION_KEY_PATTERNS).toHaveLength(3);
    expect(isLegacySessionKey("session,YWxpY2U,,1")).toBe(false); // v5 needs two expiry digits
  });
});

describe("classifyKey", () => {
  it.each([
    ["alice", "credentials"],
    ["dev/admin", "credentials"],
    ["credential_process,YWxpY2U,,-62135596800", "credentials"],
    [".DS_Store", "credentials"],
    ["sts.GetSessionToken,YWxpY2U,,1767225600", "session"],
    ["oidc:https://example.awsapps.com/start", "oidc-token"],
  ])("%s is %s", (key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });
});
