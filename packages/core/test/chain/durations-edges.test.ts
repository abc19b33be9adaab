import { describe, expect, it } from "vitest";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import type { ConfigSpec } from "../support/config-builder.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";

const ROLE = "arn:aws:iam::111111111111:role/R";
const stored = new Set(["U"]);
const plan = (spec: ConfigSpec, target: string, options = {}) =>
  planCredentials(buildConfig(spec), target, { storedProfiles: stored, ...options });

describe("planCredentials: durations below STS's 15 minutes are refused, naming where they came from", () => {
  it("a 1s AWS_SESSION_TOKEN_TTL is used, then refused for GetSessionToken", () => {
    const error = expectVaultError(
      () => plan({ "profile U": {} }, "U", { env: { AWS_SESSION_TOKEN_TTL: "1s" } }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      "GetSessionToken of profile 'U' would last 1s (AWS_SESSION_TOKEN_TTL): AWS allows at least 15m0s",
    );
    expect(error).toMatchObject({ profile: "U", data: { origin: "env:AWS_SESSION_TOKEN_TTL" } });
  });

  it("--duration below the minimum names the flag", () => {
    const error = expectVaultError(
      () => plan({ "profile U": {} }, "U", { durationSeconds: 600 }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      "GetSessionToken of profile 'U' would last 10m0s (--duration): AWS allows at least 15m0s",
    );
  });

  it("a short duration_seconds of a role names its file and line", () => {
    const spec = { "profile R": { role_arn: ROLE, source_profile: "U", duration_seconds: "600" } };
    const error = expectVaultError(() => plan(spec, "R"), "CONFIG_INVALID_SETTING");
    expect(error.message).toBe(
      `AssumeRole of profile 'R' would last 10m0s (duration_seconds at ${at(buildConfig(spec), "R", "duration_seconds")}): AWS allows at least 15m0s`,
    );
  });

  it("a short duration_seconds of a web identity profile is refused for AssumeRoleWithWebIdentity", () => {
    const spec = { "profile W": { role_arn: ROLE, web_identity_token_file: "/t", duration_seconds: "899" } };
    const error = expectVaultError(() => plan(spec, "W"), "CONFIG_INVALID_SETTING");
    expect(error.message).toBe(
      `AssumeRoleWithWebIdentity of profile 'W' would last 14m59s (duration_seconds at ${at(buildConfig(spec), "W", "duration_seconds")}): AWS allows at least 15m0s`,
    );
  });

  it("exactly 15 minutes is allowed", () => {
    expect(plan({ "profile U": {} }, "U", { durationSeconds: 900 }).hops[1]).toMatchObject({
      durationSeconds: 900,
    });
  });
});

describe("planCredentials: duration_seconds must be a whole number of seconds up to 12 hours", () => {
  const role = (value: string) => ({
    "profile R": { role_arn: ROLE, source_profile: "U", duration_seconds: value },
  });

  it.each(["x3600", "3600s", "-1"])("'%s' is refused as not a whole number, at its line", (value) => {
    const config = buildConfig(role(value));
    const error = expectVaultError(
      () => planCredentials(config, "R", { storedProfiles: stored }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      `duration_seconds of profile 'R' at ${at(config, "R", "duration_seconds")} must be a whole number of seconds, not '${value}'`,
    );
    expect(error).toMatchObject({ profile: "R", location: locationOf(config, "R", "duration_seconds") });
  });

  it.each(["43201", "99999999999999999999"])("'%s' is refused as over 12h", (value) => {
    const config = buildConfig(role(value));
    const error = expectVaultError(
      () => planCredentials(config, "R", { storedProfiles: stored }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      `duration_seconds of profile 'R' at ${at(config, "R", "duration_seconds")} is ${value}: AWS allows at most 43200 (12h)`,
    );
    expect(error).toMatchObject({ profile: "R", location: locationOf(config, "R", "duration_seconds") });
  });

  it("43200 is allowed, and the role is then assumed from long-term keys", () => {
    expect(
      plan(role("43200"), "R").hops.map((hop) => [hop.kind, "durationSeconds" in hop && hop.durationSeconds]),
    ).toEqual([
      ["stored", false],
      ["AssumeRole", 43200],
    ]);
  });
});

describe("planCredentials: each hop records where its duration came from", () => {
  it("GetSessionToken: the built-in default, or the TTL variable", () => {
    expect(plan({ "profile U": {} }, "U").hops[1]).toMatchObject({
      durationSeconds: 3600,
      durationOrigin: "default",
    });
    expect(plan({ "profile U": {} }, "U", { env: { AWS_SESSION_TOKEN_TTL: "2h" } }).hops[1]).toMatchObject({
      durationSeconds: 7200,
      durationOrigin: "env:AWS_SESSION_TOKEN_TTL",
    });
  });

  it("AssumeRole: the built-in default, or duration_seconds", () => {
    const plain = { "profile R": { role_arn: ROLE, source_profile: "U" } };
    expect(plan(plain, "R").hops.at(-1)).toMatchObject({ kind: "AssumeRole", durationOrigin: "default" });
    const set = { "profile R": { role_arn: ROLE, source_profile: "U", duration_seconds: "1800" } };
    expect(plan(set, "R").hops.at(-1)).toMatchObject({
      kind: "AssumeRole",
      durationSeconds: 1800,
      durationOrigin: at(buildConfig(set), "R", "duration_seconds"),
    });
  });

  it("AssumeRoleWithWebIdentity: the built-in default, or duration_seconds", () => {
    const plain = { "profile W": { role_arn: ROLE, web_identity_token_file: "/t" } };
    expect(plan(plain, "W").hops[0]).toMatchObject({ durationSeconds: 3600, durationOrigin: "default" });
    const set = { "profile W": { role_arn: ROLE, web_identity_token_file: "/t", duration_seconds: "1800" } };
    expect(plan(set, "W").hops[0]).toMatchObject({
      durationSeconds: 1800,
      durationOrigin: at(buildConfig(set), "W", "duration_seconds"),
    });
  });
});
