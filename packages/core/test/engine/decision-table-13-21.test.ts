import { describe, expect, it } from "vitest";
import { M, R_ARN, R1_ARN, R2_ARN } from "../chain/hop-shape.js";
import { harness } from "./engine-harness.js";

// aws-vault.md §4.4 rows 13-17, 20, 21 end to end, ByteNess v7.13.5 column (18-19 are SSO, not yet supported).
describe("getCredentials: decision table rows 13-21", () => {
  it("row 13: keys stored under the role profile: AssumeRole with MFA directly", async () => {
    const h = harness({ "profile R": { role_arn: R_ARN, mfa_serial: M } }, { stored: ["R"], codes: ["1"] });
    await h.get("R");
    expect(h.calls()).toEqual([`AssumeRole R R 3600s [${M}:1] <- AKIAR`]);
  });

  it("row 14: T <- S (role, keys under S), same M: GetSessionToken(S), both roles chained", async () => {
    const spec = {
      "profile S": { role_arn: R1_ARN, mfa_serial: M },
      "profile T": { role_arn: R2_ARN, source_profile: "S", mfa_serial: M },
    };
    const h = harness(spec, { stored: ["S"], codes: ["1"] });
    await h.get("T");
    expect(h.calls()).toEqual([
      `GetSessionToken S 28800s [${M}:1] <- AKIAS`,
      "AssumeRole S R1 3600s <- ASIAFAKE0001",
      "AssumeRole T R2 3600s <- ASIAFAKE0002",
    ]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
  });

  it("row 15: alias A <- U, same M: A receives U's 8h session", async () => {
    const h = harness(
      { "profile U": { mfa_serial: M }, "profile A": { source_profile: "U", mfa_serial: M } },
      { codes: ["1"] },
    );
    const credentials = await h.get("A");
    expect(h.calls()).toEqual([`GetSessionToken U 28800s [${M}:1] <- AKIAU`]);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0001");
  });

  it("row 16: alias A (no M) <- U(M): GetSessionToken on behalf of A without MFA", async () => {
    const h = harness({ "profile U": { mfa_serial: M }, "profile A": { source_profile: "U" } });
    await h.get("A");
    expect(h.calls()).toEqual(["GetSessionToken A 3600s <- AKIAU"]);
    expect(h.mfaPrompt.prompts).toEqual([]);
    expect(await h.sessionKeys()).toEqual(["sts.GetSessionToken,QQ,,1767229200"]);
  });

  it("row 17: T(role) <- A <- U, one role asking 2h: AssumeRole with MFA from the keys, full duration", async () => {
    const spec = {
      "profile U": { mfa_serial: M },
      "profile A": { source_profile: "U", mfa_serial: M },
      "profile T": { role_arn: R_ARN, source_profile: "A", mfa_serial: M, duration_seconds: "7200" },
    };
    const h = harness(spec, { codes: ["1"] });
    await h.get("T");
    expect(h.calls()).toEqual([`AssumeRole T R 7200s [${M}:1] <- AKIAU`]);
  });

  it("row 20: web identity from a file: AssumeRoleWithWebIdentity with the whole file, cached (P, '')", async () => {
    const spec = { "profile P": { role_arn: R_ARN, web_identity_token_file: "/var/run/token" } };
    const h = harness(spec, { stored: [], files: { "/var/run/token": "eyJ.token\n" } });
    const credentials = await h.get("P");
    expect(h.sts.calls).toEqual([
      {
        action: "AssumeRoleWithWebIdentity",
        profile: "P",
        roleArn: R_ARN,
        roleSessionName: "1767225600000000000",
        durationSeconds: 3600,
        webIdentityToken: "eyJ.token\n",
      },
    ]);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0001");
    expect(await h.sessionKeys()).toEqual(["sts.AssumeRoleWithWebIdentity,UA,,1767229200"]);
  });

  it("row 20: web identity from a process: its stdout is the token, not trimmed", async () => {
    const spec = {
      "profile P": { role_arn: R_ARN, web_identity_token_process: "get-token", role_session_name: "ci" },
    };
    const h = harness(spec, { stored: [], processes: { "get-token": "tok\n" } });
    await h.get("P");
    expect(h.sts.calls[0]).toMatchObject({ roleSessionName: "ci", webIdentityToken: "tok\n" });
    expect(h.runProcess.runs).toEqual([{ command: "get-token", env: { HOME: "/home/test" } }]);
  });

  it("row 21: credential_process: its credentials, cached (P, ''), role_arn ignored", async () => {
    const output = JSON.stringify({
      Version: 1,
      AccessKeyId: "ASIAPROC",
      SecretAccessKey: "s",
      SessionToken: "t",
      Expiration: "2026-01-01T06:00:00Z",
    });
    const spec = { "profile P": { credential_process: "get-creds", role_arn: R_ARN } };
    const h = harness(spec, { stored: [], processes: { "get-creds": output } });
    const credentials = await h.get("P");
    expect(credentials).toEqual({
      accessKeyId: "ASIAPROC",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date("2026-01-01T06:00:00Z"),
    });
    expect(h.calls()).toEqual([]);
    expect(await h.sessionKeys()).toEqual(["credential_process,UA,,1767247200"]);
    await h.get("P");
    expect(h.runProcess.runs).toHaveLength(1);
  });

  it("rows 18-19: SSO is refused with UNSUPPORTED for now", async () => {
    const spec = {
      "profile P": {
        sso_start_url: "https://d-1.awsapps.com/start",
        sso_account_id: "1",
        sso_role_name: "r",
      },
    };
    const h = harness(spec, { stored: [] });
    await expect(h.get("P")).rejects.toMatchObject({
      code: "UNSUPPORTED",
      message: expect.stringContaining("SSO is not supported yet"),
    });
  });
});
