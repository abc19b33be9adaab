import { describe, expect, it } from "vitest";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig } from "../support/config-builder.js";

const config = buildConfig({
  default: {
    region: "eu-west-1",
    mfa_serial: "arn:aws:iam::1:mfa/me",
    duration_seconds: "1800",
    role_arn: "arn:aws:iam::1:role/default",
    source_profile: "root",
    sso_start_url: "https://d-1.awsapps.com/start",
    credential_process: "leak",
  },
  "profile root": {},
  "profile dev": { include_profile: "root" },
  "profile explicit": { include_profile: "default" },
});

describe("[default]", () => {
  it("lends its settings to every profile but never a credential source", () => {
    const dev = resolveProfile(config, "dev", { isTarget: true });
    expect(dev).toMatchObject({
      region: "eu-west-1",
      mfaSerial: "arn:aws:iam::1:mfa/me",
      assumeRoleDurationSeconds: 1800,
    });
    expect(dev.origins.region).toBe(`[default] ${at(config, "default", "region")}`);
    for (const field of ["roleArn", "sourceProfile", "ssoStartUrl", "credentialProcess"] as const) {
      expect(dev[field]).toBeUndefined();
    }
  });

  it("warns that aws-vault would use its credential source, naming the line", () => {
    const [warning] = resolveProfile(config, "dev", { isTarget: true }).warnings;
    expect(warning).toMatchObject({
      code: "default-credential-source",
      profile: "dev",
      ...config.profiles.get("default")!.settings.get("role_arn")!.location,
    });
    expect(warning?.message).toBe(
      "[default] sets role_arn, source_profile, sso_start_url, credential_process: vault-cli does not lend " +
        "a credential source from [default] to profile 'dev', but aws-vault (both forks) and the AWS CLI's " +
        "defaults would apply it",
    );
  });

  it("warns once per plan even when several profiles of the chain would inherit it", () => {
    const chain = buildConfig({
      default: { role_arn: "arn:aws:iam::1:role/default" },
      "profile u": {},
      "profile r": { source_profile: "u", role_arn: "arn:aws:iam::1:role/r" },
    });
    const plan = planCredentials(chain, "r", { storedProfiles: new Set(["u"]) });
    expect(plan.warnings.filter((w) => w.code === "default-credential-source")).toHaveLength(1);
    expect(plan.hops.map((hop) => ("roleArn" in hop ? hop.roleArn : undefined)).filter(Boolean)).toEqual([
      "arn:aws:iam::1:role/r",
    ]);
  });

  it("is fully used when the profile is default itself, and gives no warning then", () => {
    const defaults = resolveProfile(config, "default", { isTarget: true });
    expect(defaults).toMatchObject({ roleArn: "arn:aws:iam::1:role/default", sourceProfile: "root" });
    expect(defaults.origins.roleArn).toBe(at(config, "default", "role_arn"));
    expect(defaults.warnings).toEqual([]);
  });

  it("brings every key when a profile includes it explicitly", () => {
    const explicit = resolveProfile(config, "explicit", { isTarget: true });
    expect(explicit).toMatchObject({ roleArn: "arn:aws:iam::1:role/default", sourceProfile: "root" });
    expect(explicit.origins.roleArn).toBe(`include_profile default ${at(config, "default", "role_arn")}`);
    expect(explicit.warnings).toEqual([]);
  });

  it("resolves `default` without a section to an empty profile", () => {
    const empty = buildConfig({ "profile a": {} });
    expect(resolveProfile(empty, "default", { isTarget: true })).toMatchObject({
      name: "default",
      location: undefined,
    });
  });
});
