import { describe, expect, it } from "vitest";
import { gst, plan, role, shapes, stored, userAndRole } from "./decision-table-rows.js";
import { chained, code, hopShape, M, NO_MFA, R_ARN, R1_ARN, R2_ARN } from "./hop-shape.js";

// Rows 13-25 of aws-vault.md §4.4 (aliases, self-sourced roles, SSO, web identity, login), ByteNess column.
describe("decision table (ByteNess v7.13.5), rows 13-25", () => {
  it("row 13: keys stored under the role profile itself: AssumeRole with MFA directly, no GetSessionToken", () => {
    const spec = { "profile R": { role_arn: R_ARN, mfa_serial: M } };
    expect(shapes(spec, "R", {}, ["R"])).toEqual([stored("R"), role("R", R_ARN, code(M))]);
  });

  it("row 14: T(role, M) <- S(role, M, keys stored under S): GetSessionToken(S), then both roles chained", () => {
    const spec = {
      "profile S": { role_arn: R1_ARN, mfa_serial: M },
      "profile T": { role_arn: R2_ARN, source_profile: "S", mfa_serial: M },
    };
    expect(shapes(spec, "T", {}, ["S"])).toEqual([
      stored("S"),
      gst("S", M, 8 * 3600),
      role("S", R1_ARN, chained(M)),
      role("T", R2_ARN, chained(M)),
    ]);
  });

  it("row 15: alias A (no role) <- U, same M: GetSessionToken(U) 8h, A receives U's session", () => {
    const spec = { "profile U": { mfa_serial: M }, "profile A": { source_profile: "U", mfa_serial: M } };
    const result = plan(spec, "A");
    expect(result.hops.map(hopShape)).toEqual([stored("U"), gst("U", M, 8 * 3600)]);
    expect(result.hops[1]!.notes).toContain("profile A: sourcing credentials from profile U");
  });

  it("row 16: alias A (no role, no M) <- U(M): GetSessionToken on behalf of A, no MFA, cached (A, '')", () => {
    const spec = { "profile U": { mfa_serial: M }, "profile A": { source_profile: "U" } };
    const result = plan(spec, "A");
    expect(result.hops.map(hopShape)).toEqual([stored("U"), gst("A", "", 3600)]);
    expect(result.hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because profile 'A' has no MFA serial defined",
    );
  });

  it("row 17: T(role) <- A(no role) <- U, one role asking > 1h: AssumeRole from the keys, full duration", () => {
    const spec = {
      "profile U": { mfa_serial: M },
      "profile A": { source_profile: "U", mfa_serial: M },
      "profile T": { role_arn: R_ARN, source_profile: "A", mfa_serial: M, duration_seconds: "7200" },
    };
    expect(shapes(spec, "T")).toEqual([stored("U"), { ...role("T", R_ARN, code(M)), durationSeconds: 7200 }]);
  });

  it("row 18: SSO profile: role credentials cached by start URL", () => {
    const spec = {
      "profile P": {
        sso_start_url: "https://d-1.awsapps.com/start",
        sso_region: "eu-west-1",
        sso_account_id: "123456789012",
        sso_role_name: "Admin",
      },
    };
    const cache = { type: "sso.GetRoleCredentials", profile: "P", serial: "https://d-1.awsapps.com/start" };
    expect(shapes(spec, "P")).toEqual([
      {
        kind: "SsoRoleCredentials",
        profile: "P",
        mfa: NO_MFA,
        cache: { ...cache, sharedWithAwsVault: true },
      },
    ]);
  });

  it("row 19: T(role) <- S(SSO): SSO credentials of S, then AssumeRole T (vault-cli-only cache unless MFA)", () => {
    const spec = {
      "profile S": {
        sso_start_url: "https://d-1.awsapps.com/start",
        sso_account_id: "1",
        sso_role_name: "r",
      },
      "profile T": { role_arn: R_ARN, source_profile: "S" },
    };
    const hops = shapes(spec, "T");
    expect(hops[0]?.kind).toBe("SsoRoleCredentials");
    expect(hops[1]).toEqual(role("T", R_ARN, NO_MFA));
    const withMfa = shapes({ ...spec, "profile T": { ...spec["profile T"], mfa_serial: M } }, "T");
    expect(withMfa[1]).toEqual(role("T", R_ARN, code(M)));
  });

  it("row 20: web identity: AssumeRoleWithWebIdentity, cached (P, '')", () => {
    const spec = { "profile P": { role_arn: R_ARN, web_identity_token_file: "/var/run/token" } };
    const cache = {
      type: "sts.AssumeRoleWithWebIdentity",
      profile: "P",
      serial: "",
      sharedWithAwsVault: true,
    };
    expect(shapes(spec, "P")).toEqual([
      {
        kind: "AssumeRoleWithWebIdentity",
        profile: "P",
        roleArn: R_ARN,
        mfa: NO_MFA,
        durationSeconds: 3600,
        cache,
      },
    ]);
  });

  it("row 21: credential_process: cached (P, ''), role_arn on the same profile ignored with a warning", () => {
    const spec = { "profile P": { credential_process: "get-creds", role_arn: R_ARN } };
    const result = plan(spec, "P");
    const cache = { type: "credential_process", profile: "P", serial: "", sharedWithAwsVault: true };
    expect(result.hops.map(hopShape)).toEqual([
      { kind: "CredentialProcess", profile: "P", mfa: NO_MFA, cache },
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(["ignored-setting"]);
  });

  it("row 22: stored keys win over credential_process and sso_* on the same profile", () => {
    const spec = {
      "profile U": { credential_process: "get-creds", sso_start_url: "https://d-1.awsapps.com/start" },
    };
    expect(shapes(spec, "U")).toEqual([stored("U"), gst("U", "", 3600)]);
  });

  it("row 23: role_arn + credential_source without source_profile: credentials missing", () => {
    const spec = { "profile P": { role_arn: R_ARN, credential_source: "Ec2InstanceMetadata" } };
    expect(() => plan(spec, "P")).toThrowError(
      expect.objectContaining({
        code: "CREDENTIALS_MISSING",
        message: expect.stringContaining("credential_source"),
      }),
    );
  });

  it("row 24: login U: the target never gets a GetSessionToken, so the long-term keys come out", () => {
    const result = plan({ "profile U": { mfa_serial: M } }, "U", { noSessionForTarget: true });
    expect(result.hops.map(hopShape)).toEqual([stored("U")]);
    expect(result.hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because sessions are disabled for this profile",
    );
  });

  it("row 25: login R: the same chain as exec R (the source still gets its GetSessionToken)", () => {
    expect(shapes(userAndRole(M, M), "R", { noSessionForTarget: true })).toEqual(
      shapes(userAndRole(M, M), "R"),
    );
  });
});
