import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";

const config = buildConfig({
  "profile prod": { duration_seconds: "1h", session_tags: "team=core,oops" },
  "profile staging": {},
});

describe("resolveProfile errors and warnings", () => {
  it("reports an unknown profile with did-you-mean", () => {
    const error = expectVaultError(
      () => resolveProfile(config, "prdo", { isTarget: true }),
      "PROFILE_NOT_FOUND",
    );
    expect(error.message).toBe("profile 'prdo' not found in /tmp/config (did you mean 'prod'?)");
    expect(
      expectVaultError(() => resolveProfile(config, "billing", { isTarget: true }), "PROFILE_NOT_FOUND")
        .message,
    ).toBe("profile 'billing' not found in /tmp/config");
  });

  it("resolves a profile known only by its stored keys as an empty profile", () => {
    const profile = resolveProfile(config, "ci", {
      isTarget: true,
      storedProfiles: new Set(["ci"]),
      env: { AWS_REGION: "r" },
    });
    expect(profile).toMatchObject({
      name: "ci",
      location: undefined,
      region: "r",
      origins: { region: "env:AWS_REGION" },
    });
  });

  it("rejects a duration_seconds that is not whole seconds, naming the profile and line", () => {
    const bad = buildConfig({ "profile prod": { duration_seconds: "1h" } });
    const error = expectVaultError(
      () => resolveProfile(bad, "prod", { isTarget: true }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      `duration_seconds of profile 'prod' at ${at(bad, "prod", "duration_seconds")} must be a whole number of seconds, not '1h'`,
    );
    expect(error).toMatchObject({ profile: "prod", location: locationOf(bad, "prod", "duration_seconds") });
  });

  it("treats duration_seconds = 0 as unset, as aws-vault does", () => {
    const zero = buildConfig({ "profile p": { duration_seconds: "0" } });
    expect(resolveProfile(zero, "p", { isTarget: true }).origins.assumeRoleDurationSeconds).toBe("default");
  });

  it("rejects malformed session_tags from the file and from AWS_SESSION_TAGS", () => {
    const bad = buildConfig({ "profile p": { session_tags: "team=core,oops" } });
    const fromFile = expectVaultError(
      () => resolveProfile(bad, "p", { isTarget: true }),
      "CONFIG_INVALID_SETTING",
    );
    expect(fromFile.message).toBe(
      `session_tags of profile 'p' at ${at(bad, "p", "session_tags")} must be <key1>=<value1>,[<key2>=<value2>[,...]]: element 'oops' has no '='`,
    );
    expect(fromFile.location).toEqual(locationOf(bad, "p", "session_tags"));
    const env = { AWS_SESSION_TAGS: "a=1," };
    const fromEnv = expectVaultError(
      () => resolveProfile(config, "staging", { isTarget: true, env }),
      "CONFIG_INVALID_SETTING",
    );
    expect(fromEnv.message).toBe(
      "AWS_SESSION_TAGS must be <key1>=<value1>,[<key2>=<value2>[,...]]: element '' has no '='",
    );
  });

  it("ignores an invalid TTL variable with an invalid-env warning instead of aws-vault's silence", () => {
    const env = {
      AWS_ASSUME_ROLE_TTL: "2 hours",
      AWS_SESSION_TOKEN_TTL: "0s",
      AWS_CHAINED_SESSION_TOKEN_TTL: "12h",
    };
    const profile = resolveProfile(config, "staging", { isTarget: true, env });
    expect(profile).toMatchObject({
      assumeRoleDurationSeconds: 3600,
      sessionTokenDurationSeconds: 3600,
      chainedSessionTokenDurationSeconds: 12 * 3600,
    });
    expect(profile.warnings).toEqual([
      expect.objectContaining({ code: "invalid-env", file: "env:AWS_SESSION_TOKEN_TTL", line: 0 }),
      expect.objectContaining({
        code: "invalid-env",
        message:
          "AWS_ASSUME_ROLE_TTL '2 hours' is not a positive Go duration such as 1h, 90m or 43200s; ignored",
      }),
    ]);
  });
});

describe("limits and missing sources", () => {
  it("rejects a duration_seconds above AWS's 12-hour maximum instead of printing an absurd duration", () => {
    const big = buildConfig({ "profile prod": { duration_seconds: "99999999999999999999999" } });
    const error = expectVaultError(
      () => resolveProfile(big, "prod", { isTarget: true }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toContain("duration_seconds of profile 'prod' at /tmp/config:");
    expect(error.message).toContain("AWS allows at most 43200 (12h)");
  });

  it("names the referring profile when source_profile = default and there is no [default]", async () => {
    const { planCredentials } = await import("../../src/chain/plan-credentials.js");
    const noDefault = buildConfig({
      "profile dev": { source_profile: "default", role_arn: "arn:aws:iam::1:role/d" },
    });
    const error = expectVaultError(() => planCredentials(noDefault, "dev", {}), "PROFILE_NOT_FOUND");
    expect(error.message).toContain("source_profile of profile 'dev' at /tmp/config:");
    expect(error.message).toContain("names profile 'default'");
  });
});
