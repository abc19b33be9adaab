import { describe, expect, it } from "vitest";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";
import { chained, code, hopShape, M, R_ARN, R1_ARN } from "./hop-shape.js";

const storedU = { storedProfiles: new Set(["U"]) };

describe("planCredentials: source_profile errors", () => {
  it("reports a two-profile cycle with the source_profile line that closes it", () => {
    const config = buildConfig({
      "profile a": { source_profile: "b" },
      "profile b": { source_profile: "a" },
    });
    const error = expectVaultError(() => planCredentials(config, "a"), "PROFILE_CYCLE");
    expect(error.message).toBe(
      `source_profile cycle: a -> b -> a (closed by source_profile of profile 'b' at ${at(config, "b", "source_profile")})`,
    );
    expect(error).toMatchObject({ profile: "b", location: locationOf(config, "b", "source_profile") });
  });

  it("reports a long cycle entered from outside it, naming only the cycle", () => {
    const config = buildConfig({
      "profile t": { source_profile: "a" },
      "profile a": { source_profile: "b" },
      "profile b": { source_profile: "c" },
      "profile c": { source_profile: "a" },
    });
    expect(expectVaultError(() => planCredentials(config, "t"), "PROFILE_CYCLE").message).toMatch(
      /^source_profile cycle: a -> b -> c -> a \(closed by source_profile of profile 'c' at \/tmp\/config:\d+\)$/,
    );
  });

  it("reports a cycle whose closing source_profile comes from an include_profile, at that line", () => {
    const config = buildConfig({
      "profile a": { source_profile: "b" },
      "profile b": { include_profile: "mixin" },
      "profile mixin": { source_profile: "a" },
    });
    const error = expectVaultError(() => planCredentials(config, "a"), "PROFILE_CYCLE");
    expect(error.message).toContain("a -> b -> a");
    expect(error.location).toEqual(locationOf(config, "mixin", "source_profile"));
  });

  it("stops at stored keys, so a cycle behind them is never followed", () => {
    const config = buildConfig({
      "profile a": { source_profile: "b" },
      "profile b": { source_profile: "a" },
    });
    expect(planCredentials(config, "a", { storedProfiles: new Set(["b"]) }).hops[0]).toMatchObject({
      kind: "stored",
      profile: "b",
    });
  });

  it("reports a missing source_profile with did-you-mean and its line", () => {
    const config = buildConfig({
      "profile user": {},
      "profile r": { role_arn: R_ARN, source_profile: "usr" },
    });
    const error = expectVaultError(() => planCredentials(config, "r"), "PROFILE_NOT_FOUND");
    expect(error.message).toBe(
      `source_profile of profile 'r' at ${at(config, "r", "source_profile")} names profile 'usr', which is not in ` +
        "/tmp/config and has no stored keys (did you mean 'user'?)",
    );
    expect(error.location).toEqual(locationOf(config, "r", "source_profile"));
  });

  it("accepts a source_profile known only by its stored keys", () => {
    const config = buildConfig({ "profile r": { role_arn: R_ARN, source_profile: "ci" } });
    expect(planCredentials(config, "r", { storedProfiles: new Set(["ci"]) }).hops.map((h) => h.kind)).toEqual(
      ["stored", "AssumeRole"],
    );
  });

  it("reports a profile without any credential source, at its section", () => {
    const config = buildConfig({ "profile empty": { region: "x" } });
    const error = expectVaultError(() => planCredentials(config, "empty"), "CREDENTIALS_MISSING");
    expect(error.message).toBe(
      "profile 'empty' has no credentials: no stored keys, source_profile, sso_*, web_identity_* or credential_process",
    );
    expect(error.location).toEqual(locationOf(config, "empty"));
    const chainedMissing = buildConfig({
      "profile r": { role_arn: R_ARN, source_profile: "empty" },
      "profile empty": {},
    });
    expect(expectVaultError(() => planCredentials(chainedMissing, "r"), "CREDENTIALS_MISSING").profile).toBe(
      "empty",
    );
  });

  it("rejects a web identity token without a role_arn", () => {
    const config = buildConfig({ "profile w": { web_identity_token_file: "/t" } });
    const error = expectVaultError(() => planCredentials(config, "w"), "CONFIG_INVALID_SETTING");
    expect(error.location).toEqual(locationOf(config, "w", "web_identity_token_file"));
  });
});

describe("planCredentials: what each hop carries", () => {
  const config = buildConfig({
    default: { region: "eu-west-1" },
    "profile U": { mfa_serial: M, mfa_process: "otp U", endpoint_url: "http://localhost:4566" },
    "profile R": {
      source_profile: "U",
      role_arn: R1_ARN,
      mfa_serial: M,
      region: "us-east-1",
      external_id: "ext",
      role_session_name: "me",
      source_identity: "jon",
      session_tags: "team=core",
      transitive_session_tags: "team",
      sts_regional_endpoints: "legacy",
    },
  });

  it("takes region and endpoint from each hop's own profile and the plan's region from the target", () => {
    const plan = planCredentials(config, "R", storedU);
    expect(plan.region).toBe("us-east-1");
    // The target's endpoint_url is what exec exports: R names none, U does.
    expect(plan.endpointUrl).toBeUndefined();
    expect(planCredentials(config, "U", storedU).endpointUrl).toBe("http://localhost:4566");
    expect(plan.hops.map((hop) => [hop.profile, hop.region, hop.endpointUrl])).toEqual([
      ["U", "eu-west-1", "http://localhost:4566"],
      ["U", "eu-west-1", "http://localhost:4566"],
      ["R", "us-east-1", undefined],
    ]);
    expect(plan.hops[2]).toMatchObject({
      externalId: "ext",
      roleSessionName: "me",
      sourceIdentity: "jon",
      sessionTags: { team: "core" },
      transitiveSessionTags: ["team"],
      stsRegionalEndpoints: "legacy",
    });
  });

  it("inherits mfa_process from the source when the profile has none (ByteNess 7.12.1)", () => {
    const plan = planCredentials(config, "R", { ...storedU, noSession: true });
    expect(plan.hops[1]!.mfa).toEqual({ kind: "code", serial: M, via: "mfa_process" });
  });

  it("writes aws-vault's debug-log lines as notes", () => {
    const plan = planCredentials(config, "R", storedU);
    expect(plan.hops.map((hop) => hop.notes)).toEqual([
      ["profile U: using stored credentials"],
      ["profile U: using GetSessionToken (with MFA)"],
      ["profile R: sourcing credentials from profile U", "profile R: using AssumeRole (chained MFA)"],
    ]);
  });

  it("makes every profile MFA-capable with AWS_MFA_SERIAL", () => {
    const plain = buildConfig({ "profile U": {}, "profile R": { source_profile: "U", role_arn: R_ARN } });
    const plan = planCredentials(plain, "R", { ...storedU, env: { AWS_MFA_SERIAL: M } });
    expect(plan.hops.map(hopShape).map((h) => h.mfa)).toEqual([{ kind: "none" }, code(M), chained(M)]);
  });

  it("prefers source_profile over the profile's own sso_* settings", () => {
    const both = buildConfig({
      "profile U": {},
      "profile R": { source_profile: "U", role_arn: R_ARN, sso_start_url: "https://d-1.awsapps.com/start" },
    });
    expect(planCredentials(both, "R", storedU).hops.map((h) => h.kind)).toEqual(["stored", "AssumeRole"]);
  });

  it("ignores role_arn on an SSO profile with a warning at the role_arn line", () => {
    const sso = buildConfig({
      "profile s": {
        sso_start_url: "https://d-1.awsapps.com/start",
        sso_region: "eu-west-1",
        sso_account_id: "111111111111",
        sso_role_name: "r",
        role_arn: R_ARN,
      },
    });
    const plan = planCredentials(sso, "s");
    expect(plan.hops.map((h) => h.kind)).toEqual(["SsoRoleCredentials"]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: "ignored-setting", profile: "s", ...locationOf(sso, "s", "role_arn") }),
    ]);
  });

  it("plans an SSO hop with its token item, sso-session and scopes (sso:account:access when none are set)", () => {
    const sso = buildConfig({
      "sso-session corp": {
        sso_start_url: "https://d-1.awsapps.com/start",
        sso_region: "eu-west-1",
        sso_registration_scopes: "sso:account:access codecatalyst:read_write",
      },
      "profile with-session": { sso_session: "corp", sso_account_id: "111111111111", sso_role_name: "r" },
      "profile legacy": {
        sso_start_url: "https://d-2.awsapps.com/start",
        sso_region: "us-east-1",
        sso_account_id: "222222222222",
        sso_role_name: "dev",
      },
    });
    expect(planCredentials(sso, "with-session").hops[0]).toMatchObject({
      kind: "SsoRoleCredentials",
      ssoStartUrl: "https://d-1.awsapps.com/start",
      ssoRegion: "eu-west-1",
      ssoAccountId: "111111111111",
      ssoRoleName: "r",
      ssoSession: "corp",
      ssoRegistrationScopes: ["sso:account:access", "codecatalyst:read_write"],
      tokenKey: "oidc:https://d-1.awsapps.com/start",
    });
    const legacy = planCredentials(sso, "legacy").hops[0];
    expect(legacy).toMatchObject({
      ssoRegistrationScopes: ["sso:account:access"],
      tokenKey: "oidc:https://d-2.awsapps.com/start",
    });
    expect(legacy).not.toHaveProperty("ssoSession");
  });

  it("refuses an SSO profile without sso_region, sso_account_id or sso_role_name, naming them", () => {
    const partial = buildConfig({
      "profile half": { sso_start_url: "https://d-1.awsapps.com/start", sso_region: "x" },
    });
    const error = expectVaultError(() => planCredentials(partial, "half"), "CONFIG_INVALID_SETTING");
    expect(error.message).toBe(
      `profile 'half' uses SSO (sso_start_url from ${at(partial, "half", "sso_start_url")}) but has no sso_account_id, sso_role_name`,
    );
    expect(error.location).toEqual(locationOf(partial, "half", "sso_start_url"));
  });

  it("builds aws-vault's cache key prefix for each hop", () => {
    const plan = planCredentials(config, "R", storedU);
    expect(plan.hops[1]!.cache?.keyPrefix).toBe(
      `sts.GetSessionToken,VQ,${Buffer.from(M).toString("base64url")},`,
    );
  });
});
