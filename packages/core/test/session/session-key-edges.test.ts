import { describe, expect, it } from "vitest";
import {
  classifyKey,
  OIDC_TOKEN_KEY_PREFIX,
  parseSessionKey,
  readKey,
} from "../../src/session/session-key.js";

describe("parseSessionKey: what is a current-format key", () => {
  it.each([
    ["the usual key", "sts.GetSessionToken,YWxpY2U,,1767225600", "alice", ""],
    ["a one-letter type and profile", "t,cA,,1767225600", "p", ""],
    ["a serial", "sts.AssumeRole,cA,YXJu,1767225600", "p", "arn"],
    ["a one-character serial group", "sts.AssumeRole,cA,YQ,1767225600", "p", "a"],
  ])("reads %s", (_what, key, profile, serial) => {
    const parsed = parseSessionKey(key);
    expect(parsed).toBeDefined();
    expect({ profile: parsed?.profile, serial: parsed?.serial }).toEqual({ profile, serial });
  });

  it("reads a one-digit expiry", () => {
    expect(parseSessionKey("t,cA,,7")?.expiration).toEqual(new Date(7000));
  });

  it.each([
    ["a leading extra field", "x,sts.GetSessionToken,YWxpY2U,,1767225600"],
    ["text after the expiry", "sts.GetSessionToken,YWxpY2U,,1767225600x"],
    ["a fifth field after the expiry", "sts.GetSessionToken,YWxpY2U,,1767225600,1"],
    ["a serial of impossible base64 length", "sts.GetSessionToken,YWxpY2U,Y,1767225600"],
    ["a serial of 5 characters", "sts.GetSessionToken,YWxpY2U,YWxpY,1767225600"],
    ["an expiry beyond what a Date holds", "sts.GetSessionToken,YWxpY2U,,9999999999999"],
    ["an expiry that is not digits", "sts.GetSessionToken,YWxpY2U,,soon"],
  ])("refuses %s", (_what, key) => {
    expect(parseSessionKey(key)).toBeUndefined();
    expect(classifyKey(key)).toBe("credentials");
  });
});

describe("classifyKey: legacy keys aws-vault deletes", () => {
  it.each([
    ["v5 with a serial", "session,YWxpY2U,YXJu,1500000000"],
    ["v4 with an empty serial", "session:alice::1500000000"],
    ["v4 with a serial", "session:alice:arn:1500000000"],
    ["v3", "alice session (1500000000)"],
  ])("%s is a legacy session", (_what, key) => {
    expect(classifyKey(key)).toBe("legacy-session");
  });

  it.each([
    ["a v5 key behind a prefix (a current key of type xsession)", "xsession,YWxpY2U,,1500000000", "session"],
    ["a v5 key with text after the expiry", "session,YWxpY2U,,1500000000x", "credentials"],
    ["a v4 key behind a prefix", "xsession:alice:arn:1500000000", "credentials"],
    ["a v4 key ending in a colon", "session:alice:arn:1500000000:", "credentials"],
    ["a v3 key with text after it", "alice session (1500000000) old", "credentials"],
  ])("%s is not legacy", (_what, key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });
});

describe("readKey", () => {
  it("tells SSO tokens by their oidc: prefix only", () => {
    expect(OIDC_TOKEN_KEY_PREFIX).toBe("oidc:");
    expect(readKey("oidc:https://example.awsapps.com/start")).toEqual({ kind: "oidc-token" });
    expect(readKey("oidc")).toEqual({ kind: "credentials" });
    expect(readKey("alice")).toEqual({ kind: "credentials" });
  });

  it("hands back the parsed session key", () => {
    const read = readKey("sts.AssumeRole,cHJvZA,,1767225600");
    expect(read.kind).toBe("session");
    expect(read.kind === "session" && read.session.profile).toBe("prod");
  });
});
