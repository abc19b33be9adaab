import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64UrlField as base64Url, sessionKeyPrefix } from "../../src/session/session-key.js";

describe("sessionKeyPrefix", () => {
  it("matches aws-vault's example key (§5.2)", () => {
    const key = `${sessionKeyPrefix("sts.GetSessionToken", "jonsmith", "arn:aws:iam::111111111111:mfa/jonsmith")}1700000000`;
    expect(key).toBe(
      "sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9uc21pdGg,1700000000",
    );
  });

  it("leaves an empty serial empty", () => {
    expect(sessionKeyPrefix("credential_process", "p", "")).toBe("credential_process,cA,,");
  });
});

describe("base64Url", () => {
  it.each(["", "a", "ab", "abc", "abcd", "ÿ?>", "prod-ünïcödé", "日本語", "🚀-role", "\u0000"])(
    "encodes %j like Buffer",
    (text) => {
      expect(base64Url(text)).toBe(Buffer.from(text, "utf8").toString("base64url"));
    },
  );

  it("agrees with Buffer on any string, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(base64Url(text)).toBe(Buffer.from(text, "utf8").toString("base64url"));
      }),
    );
  });
});
