import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import type { ResolveOptions } from "../../src/chain/types.js";
import { at, buildConfig } from "../support/config-builder.js";

const config = buildConfig({
  default: { region: "default-1", mfa_serial: "default-mfa", role_session_name: "from-default" },
  "profile base": { region: "base-1", external_id: "base-ext", mfa_serial: "base-mfa" },
  "profile dev": { region: "dev-1", include_profile: "base" },
});
const resolve = (options: Partial<ResolveOptions> = {}, name = "dev", isTarget = true) =>
  resolveProfile(config, name, { ...options, isTarget });

describe("resolveProfile precedence: flag > env > section > include_profile > [default] > built-in", () => {
  it("takes each field from the first layer that sets it and records where", () => {
    const dev = resolve();
    expect(dev).toMatchObject({ region: "dev-1", externalId: "base-ext", mfaSerial: "base-mfa" });
    expect(dev.roleSessionName).toBe("from-default");
    expect(dev.origins).toMatchObject({
      region: at(config, "dev", "region"),
      externalId: `include_profile base ${at(config, "base", "external_id")}`,
      roleSessionName: `[default] ${at(config, "default", "role_session_name")}`,
      assumeRoleDurationSeconds: "default",
    });
    expect(dev.locations.region).toEqual({ file: "/tmp/config", line: 12 });
  });

  it("lets env beat the section and the flag beat env", () => {
    const env = { AWS_REGION: "env-1", AWS_DEFAULT_REGION: "env-default-1" };
    expect(resolve({ env })).toMatchObject({ region: "env-1", origins: { region: "env:AWS_REGION" } });
    expect(resolve({ env, region: "flag-1" })).toMatchObject({
      region: "flag-1",
      origins: { region: "flag:--region" },
    });
  });

  it("falls back to AWS_DEFAULT_REGION and treats empty variables as unset", () => {
    expect(resolve({ env: { AWS_REGION: "", AWS_DEFAULT_REGION: "env-default-1" } }).origins.region).toBe(
      "env:AWS_DEFAULT_REGION",
    );
    expect(resolve({ env: { AWS_REGION: "", AWS_DEFAULT_REGION: "" } }).region).toBe("dev-1");
  });

  it("applies every-profile variables to sources too and target-only variables to the target alone", () => {
    const env = {
      AWS_MFA_SERIAL: "env-mfa",
      AWS_STS_REGIONAL_ENDPOINTS: "legacy",
      AWS_ENDPOINT_URL: "http://localhost:4566",
      AWS_ROLE_ARN: "arn:aws:iam::1:role/env",
      AWS_ROLE_SESSION_NAME: "env-session",
      AWS_SESSION_TAGS: "a=1",
      AWS_TRANSITIVE_TAGS: "a",
      AWS_SOURCE_IDENTITY: "me",
    };
    const everyProfile = {
      mfaSerial: "env-mfa",
      stsRegionalEndpoints: "legacy",
      endpointUrl: "http://localhost:4566",
    };
    expect(resolve({ env }, "base", false)).toMatchObject(everyProfile);
    const source = resolve({ env }, "base", false);
    expect([source.roleArn, source.sessionTags, source.transitiveSessionTags, source.sourceIdentity]).toEqual(
      [undefined, undefined, undefined, undefined],
    );
    expect(source.roleSessionName).toBe("from-default");
    expect(resolve({ env }, "base", true)).toMatchObject({
      ...everyProfile,
      roleArn: "arn:aws:iam::1:role/env",
      roleSessionName: "env-session",
      sessionTags: { a: "1" },
      transitiveSessionTags: ["a"],
      sourceIdentity: "me",
      origins: { roleArn: "env:AWS_ROLE_ARN", sessionTags: "env:AWS_SESSION_TAGS" },
    });
  });

  it("resolves the durations: --duration > TTL variables > duration_seconds > built-in defaults", () => {
    const withSeconds = buildConfig({ "profile r": { duration_seconds: "5400" } });
    const r = (options: Partial<ResolveOptions>) =>
      resolveProfile(withSeconds, "r", { ...options, isTarget: true });
    expect(r({})).toMatchObject({
      assumeRoleDurationSeconds: 5400,
      sessionTokenDurationSeconds: 3600,
      chainedSessionTokenDurationSeconds: 8 * 3600,
      origins: { assumeRoleDurationSeconds: "/tmp/config:2", sessionTokenDurationSeconds: "default" },
    });
    const env = {
      AWS_ASSUME_ROLE_TTL: "2h",
      AWS_SESSION_TOKEN_TTL: "90m",
      AWS_CHAINED_SESSION_TOKEN_TTL: "1.5h",
    };
    expect(r({ env })).toMatchObject({
      assumeRoleDurationSeconds: 7200,
      sessionTokenDurationSeconds: 5400,
      chainedSessionTokenDurationSeconds: 5400,
      origins: { assumeRoleDurationSeconds: "env:AWS_ASSUME_ROLE_TTL" },
    });
    expect(r({ env, durationSeconds: 900 })).toMatchObject({
      assumeRoleDurationSeconds: 900,
      sessionTokenDurationSeconds: 900,
      chainedSessionTokenDurationSeconds: 900,
      origins: { assumeRoleDurationSeconds: "flag:--duration" },
    });
  });

  it("reads the other settings into camelCase fields", () => {
    const full = buildConfig({
      "profile p": {
        sts_regional_endpoints: "regional",
        session_tags: "team=core, env = prod",
        transitive_session_tags: "team,,env",
        mfa_process: "otp p",
        web_identity_token_process: "token",
      },
    });
    expect(resolveProfile(full, "p", { isTarget: true })).toMatchObject({
      stsRegionalEndpoints: "regional",
      sessionTags: { team: "core", env: "prod" },
      transitiveSessionTags: ["team", "env"],
      mfaProcess: "otp p",
      webIdentityTokenProcess: "token",
      location: { file: "/tmp/config", line: 1 },
    });
  });

  it("ignores an unknown sts_regional_endpoints value with a warning", () => {
    const odd = buildConfig({ "profile p": { sts_regional_endpoints: "global" } });
    const p = resolveProfile(odd, "p", { isTarget: true });
    expect(p.stsRegionalEndpoints).toBeUndefined();
    expect(p.warnings).toMatchObject([{ code: "ignored-setting", file: "/tmp/config", line: 2 }]);
  });
});
