import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../../src/chain/parse-duration.js";
import { parseSessionTags } from "../../src/chain/parse-session-tags.js";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";

const ROLE = "arn:aws:iam::111111111111:role/R";
const SSO = {
  sso_start_url: "https://x.awsapps.com/start",
  sso_region: "eu-west-1",
  sso_account_id: "1",
  sso_role_name: "Admin",
};

describe("planCredentials: SSO profiles", () => {
  it("ask for the sso:account:access scope when the config names none", () => {
    expect(planCredentials(buildConfig({ "profile S": SSO }), "S").hops[0]).toMatchObject({
      kind: "SsoRoleCredentials",
      ssoRegistrationScopes: ["sso:account:access"],
    });
  });

  it("read sso_registration_scopes split on commas and blanks", () => {
    const config = buildConfig({ "profile S": { ...SSO, sso_registration_scopes: "a, b,,c" } });
    expect(planCredentials(config, "S").hops[0]).toMatchObject({ ssoRegistrationScopes: ["a", "b", "c"] });
  });

  it.each(["sso_region", "sso_account_id", "sso_role_name"])("without %s are refused, naming it", (key) => {
    const { [key as keyof typeof SSO]: _, ...rest } = SSO;
    const config = buildConfig({ "profile S": rest });
    const error = expectVaultError(() => planCredentials(config, "S"), "CONFIG_INVALID_SETTING");
    expect(error.message).toBe(
      `profile 'S' uses SSO (sso_start_url from ${at(config, "S", "sso_start_url")}) but has no ${key}`,
    );
    expect(error).toMatchObject({ profile: "S", location: locationOf(config, "S", "sso_start_url") });
  });

  it("without any of them name all three", () => {
    const config = buildConfig({ "profile S": { sso_start_url: SSO.sso_start_url } });
    expect(expectVaultError(() => planCredentials(config, "S"), "CONFIG_INVALID_SETTING").message).toMatch(
      /but has no sso_region, sso_account_id, sso_role_name$/,
    );
  });

  it("ignore role_arn with a warning at its line", () => {
    const config = buildConfig({ "profile S": { ...SSO, role_arn: ROLE } });
    expect(planCredentials(config, "S").warnings).toEqual([
      {
        ...locationOf(config, "S", "role_arn"),
        code: "ignored-setting",
        profile: "S",
        message:
          "role_arn of profile 'S' is ignored: SSO profiles get their role from sso_account_id and sso_role_name (aws-vault ignores it too)",
      },
    ]);
  });
});

describe("planCredentials: credential_process and web identity sources", () => {
  it("credential_process ignores role_arn with a warning", () => {
    const config = buildConfig({ "profile P": { credential_process: "c", role_arn: ROLE } });
    expect(planCredentials(config, "P").warnings.map((w) => w.message)).toEqual([
      "role_arn of profile 'P' is ignored: credential_process supplies the credentials (aws-vault ignores it too)",
    ]);
  });

  it("a role_arn from AWS_ROLE_ARN that is ignored is reported against that variable", () => {
    const config = buildConfig({ "profile P": { credential_process: "c" } });
    const [warning] = planCredentials(config, "P", { env: { AWS_ROLE_ARN: ROLE } }).warnings;
    expect(warning).toMatchObject({ code: "ignored-setting", file: "env:AWS_ROLE_ARN" });
  });

  it.each([
    ["web_identity_token_file", "/t"],
    ["web_identity_token_process", "get-token"],
  ])("%s without role_arn is refused at its line", (key, value) => {
    const config = buildConfig({ "profile W": { [key]: value } });
    const error = expectVaultError(() => planCredentials(config, "W"), "CONFIG_INVALID_SETTING");
    expect(error.message).toBe(
      `profile 'W' has a web identity token at ${at(config, "W", key)} but no role_arn to assume with it`,
    );
    expect(error).toMatchObject({ profile: "W", location: locationOf(config, "W", key) });
  });
});

describe("planCredentials: MFA on the steps", () => {
  it("a step without mfa_serial sends no code, and does not carry mfa_process", () => {
    const config = buildConfig({ "profile U": { mfa_process: "otp" } });
    const step = planCredentials(config, "U", { storedProfiles: new Set(["U"]) }).hops[1]!;
    expect(step).toMatchObject({ kind: "GetSessionToken", mfa: { kind: "none" } });
    expect(step).not.toHaveProperty("mfaProcess");
  });

  it("a role chained after an MFA session sends no code, and does not carry mfa_process", () => {
    const serial = "arn:aws:iam::1:mfa/u";
    const config = buildConfig({
      "profile U": { mfa_serial: serial, mfa_process: "otp" },
      "profile R": { role_arn: ROLE, source_profile: "U", mfa_serial: serial },
    });
    const [, session, role] = planCredentials(config, "R", { storedProfiles: new Set(["U"]) }).hops;
    expect(session).toMatchObject({ mfa: { kind: "code", via: "mfa_process" }, mfaProcess: "otp" });
    expect(role).toMatchObject({ mfa: { kind: "chained", serial } });
    expect(role).not.toHaveProperty("mfaProcess");
  });
});

describe("planCredentials: environment variables for the target only", () => {
  it("AWS_ROLE_ARN makes the target assume that role, not its source", () => {
    const config = buildConfig({ "profile T": { source_profile: "U" } });
    const hops = planCredentials(config, "T", {
      storedProfiles: new Set(["U"]),
      env: { AWS_ROLE_ARN: ROLE },
    }).hops;
    expect(hops.map((hop) => `${hop.kind} ${hop.profile}`)).toEqual(["stored U", "AssumeRole T"]);
  });
});

describe("planCredentials: a missing profile", () => {
  it("in a config without profiles hints at AWS_CONFIG_FILE", () => {
    const error = expectVaultError(() => planCredentials(buildConfig({}), "dev"), "PROFILE_NOT_FOUND");
    expect(error.message).toBe(
      "profile 'dev' not found in /tmp/config (it defines no profiles: check AWS_CONFIG_FILE)",
    );
    expect(error).toMatchObject({ profile: "dev" });
  });
});

describe("Go durations and session tags at their edges", () => {
  it.each([
    ["0", 0],
    ["-0", 0],
    ["+0", 0],
    ["10", undefined],
    ["0x", undefined],
    ["00", undefined],
  ])("parseGoDuration(%j) is %s", (text, seconds) => {
    expect(parseGoDuration(text)).toBe(seconds);
  });

  it.each([
    [1, "1s"],
    [-90, "-1m30s"],
    [0.5, "500ms"],
  ])("formatGoDuration(%s) is %s", (seconds, text) => {
    expect(formatGoDuration(seconds)).toBe(text);
  });

  it("a session tag with an empty key before '=' is kept, not refused", () => {
    expect(parseSessionTags("=v,a=1")).toEqual({ "": "v", a: "1" });
  });
});
