import { describe, expect, it } from "vitest";
import { redactExternal } from "../src/redact.js";

describe("redactExternal", () => {
  it("masks key ids, secrets, tokens, codes, Authorization and quoted values", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const token = `FwoGZXIvYXdzE${"A1b2C3d4".repeat(20)}`;
    const text =
      `The security token ${token} of ASIAXYZ0000EXAMPLE01 is invalid; key ${secret}; ` +
      "TokenCode=123456&SerialNumber=arn:aws:iam::111111111111:mfa/jon; Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE000000WXYZ/x; " +
      `{"SessionToken":"abc"} Value 'hunter2' at 'tokenCode' failed to satisfy constraint`;
    const shown = redactExternal(text, 10_000);
    for (const hidden of [
      secret,
      token,
      "ASIAXYZ0000EXAMPLE01",
      "123456",
      "AKIAEXAMPLE000000WXYZ",
      "hunter2",
      '"abc"',
    ]) {
      expect(shown).not.toContain(hidden);
    }
    expect(shown).toContain("****LE01");
    expect(shown).toContain("TokenCode=******");
    expect(shown).toContain("arn:aws:iam::111111111111:mfa/jon"); // what names things stays readable
    expect(shown).toContain("Value '***' at 'tokenCode'");
  });

  it("cuts long text and says how much was left out", () => {
    const shown = redactExternal("word ".repeat(300), 100);
    expect(shown).toBe(`${"word ".repeat(20)}… (1400 more characters)`);
  });

  it("keeps what names things readable: ARNs, paths and session keys; masks a whole Authorization value", () => {
    const arn = "arn:aws:iam::123456789012:role/OrganizationAccountAccessRoleProduction";
    const key = "sts.AssumeRole,YWRtaW4,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1796002450";
    const path = "/root/.password-store/aws-vault/OrganizationAccountAccessRoleProduction.gpg";
    const shown = redactExternal(
      `cannot assume ${arn} for ${key} at ${path}; Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln`,
    );
    for (const name of [arn, key, path]) expect(shown).toContain(name);
    expect(shown).toContain("Authorization: ******");
    expect(shown).not.toContain("eyJ");
  });
});
