import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";

describe("sso_session", () => {
  const config = buildConfig({
    "sso-session moon-sso": {
      sso_start_url: "https://d-123456789.example.com/start",
      sso_region: "moon-2",
      sso_registration_scopes: "sso:account:access, codewhisperer:completions other",
    },
    "profile with-sso-session": {
      sso_session: "moon-sso",
      sso_start_url: "https://d-123456789.example.com/start",
      sso_account_id: "123456789012",
      sso_role_name: "Admin",
      region: "moon-1",
    },
    "profile conflicting": { sso_session: "moon-sso", sso_region: "inline-region" },
  });

  it("takes the start URL, region and scopes from the sso-session (TestIncludeSsoSession)", () => {
    const profile = resolveProfile(config, "with-sso-session", { isTarget: true });
    expect(profile).toMatchObject({
      ssoSession: "moon-sso",
      ssoStartUrl: "https://d-123456789.example.com/start",
      ssoRegion: "moon-2",
      ssoRegistrationScopes: ["sso:account:access", "codewhisperer:completions", "other"],
      ssoAccountId: "123456789012",
      region: "moon-1",
    });
    expect(profile.origins.ssoStartUrl).toBe(
      `[sso-session moon-sso] ${at(config, "moon-sso", "sso_start_url")}`,
    );
  });

  it("refuses an inline value that differs from the sso-session's, naming both lines", () => {
    const error = expectVaultError(
      () => resolveProfile(config, "conflicting", { isTarget: true }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      `profile 'conflicting': sso_region = inline-region at ${at(config, "conflicting", "sso_region")} ` +
        `conflicts with sso_region = moon-2 of [sso-session moon-sso] at ${at(config, "moon-sso", "sso_region")}`,
    );
    expect(error.location).toEqual(locationOf(config, "conflicting", "sso_region"));
  });

  it("reports a missing sso-session with did-you-mean and the sso_session line", () => {
    const missing = buildConfig({
      "sso-session moon-sso": { sso_start_url: "x" },
      "profile p": { sso_session: "mon-sso" },
    });
    const error = expectVaultError(
      () => resolveProfile(missing, "p", { isTarget: true }),
      "CONFIG_INVALID_SETTING",
    );
    expect(error.message).toBe(
      `sso_session of profile 'p' at ${at(missing, "p", "sso_session")} names sso-session 'mon-sso', ` +
        "which is not in /tmp/config (did you mean 'moon-sso'?)",
    );
    expect(error.location).toEqual(locationOf(missing, "p", "sso_session"));
  });

  it("never takes sso_* or sso_session from [default]", () => {
    const leaky = buildConfig({
      default: { sso_session: "moon-sso", sso_region: "x" },
      "sso-session moon-sso": {},
      "profile p": {},
    });
    const profile = resolveProfile(leaky, "p", { isTarget: true });
    expect([profile.ssoSession, profile.ssoRegion]).toEqual([undefined, undefined]);
  });
});
