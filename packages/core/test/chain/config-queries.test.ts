import { describe, expect, it } from "vitest";
import {
  profilesFeeding,
  profilesSourcedFrom,
  profilesWithoutCredentialSource,
  sourceProfileOf,
  ssoStartUrlOf,
} from "../../src/chain/config-queries.js";
import { parseAwsConfig } from "../../src/config/index.js";
import { buildConfig } from "../support/config-builder.js";

describe("ssoStartUrlOf", () => {
  const config = buildConfig({
    "sso-session corp": { sso_start_url: "https://corp.example.com/start" },
    "profile via-session": { sso_session: "corp", sso_start_url: "https://own.example.com/start" },
    "profile legacy": { sso_start_url: "https://legacy.example.com/start" },
    "profile missing-session": { sso_session: "nope", sso_start_url: "https://fallback.example.com/start" },
    "profile keys": { region: "eu-west-1" },
  });

  it.each([
    ["via-session", "https://corp.example.com/start"],
    ["legacy", "https://legacy.example.com/start"],
    ["missing-session", "https://fallback.example.com/start"],
    ["keys", undefined],
    ["not-in-config", undefined],
  ])("gives %s the start URL %s", (profile, url) => {
    expect(ssoStartUrlOf(config, profile)).toBe(url);
  });
});

describe("sourceProfileOf", () => {
  const config = buildConfig({
    "profile role": { source_profile: " base ", include_profile: "other" },
    "profile other": { source_profile: "elsewhere" },
    "profile base": { region: "eu-west-1" },
  });

  it("reads the profile's own source_profile, trimmed", () => {
    expect(sourceProfileOf(config, "role")).toBe("base");
  });

  it("is undefined for a profile without one, even if an included profile has one", () => {
    expect(sourceProfileOf(config, "base")).toBeUndefined();
    expect(sourceProfileOf(buildConfig({ "profile a": { include_profile: "other" } }), "a")).toBeUndefined();
    expect(sourceProfileOf(config, "not-in-config")).toBeUndefined();
  });
});

describe("profilesSourcedFrom", () => {
  it("finds every profile whose source_profile chain reaches the profile, through include_profile too", () => {
    const config = buildConfig({
      "profile base": { region: "eu-west-1" },
      "profile direct": { source_profile: "base", role_arn: "arn:aws:iam::1:role/a" },
      "profile second-hop": { source_profile: "direct", role_arn: "arn:aws:iam::1:role/b" },
      "profile included": { include_profile: "direct" },
      "profile other-base": { region: "us-east-1" },
      "profile unrelated": { source_profile: "other-base" },
      "profile own-first": { source_profile: "other-base", include_profile: "direct" },
    });
    expect(profilesSourcedFrom(config, "base")).toEqual(new Set(["direct", "second-hop", "included"]));
    expect(profilesSourcedFrom(config, "second-hop")).toEqual(new Set());
  });

  it("does not count a profile naming itself as source_profile (parent style) as sourced from itself", () => {
    const config = buildConfig({
      "profile parent": { source_profile: "parent", role_arn: "arn:aws:iam::1:role/a" },
      "profile child": { source_profile: "parent" },
    });
    expect(profilesSourcedFrom(config, "parent")).toEqual(new Set(["child"]));
  });

  it("ends on source_profile and include_profile cycles, without a profile being sourced from itself", () => {
    const config = buildConfig({
      "profile a": { source_profile: "b" },
      "profile b": { source_profile: "a" },
      "profile entry": { source_profile: "c" },
      "profile c": { source_profile: "d" },
      "profile d": { source_profile: "c" },
      "profile loop-1": { include_profile: "loop-2" },
      "profile loop-2": { include_profile: "loop-1" },
    });
    expect(profilesSourcedFrom(config, "a")).toEqual(new Set(["b"]));
    expect(profilesSourcedFrom(config, "d")).toEqual(new Set(["entry", "c"]));
    expect(profilesSourcedFrom(config, "base")).toEqual(new Set());
  });
});

describe("profilesFeeding", () => {
  const config = buildConfig({
    "profile target": { source_profile: "source", include_profile: "shared" },
    "profile source": { include_profile: "source-settings" },
    "profile source-settings": { region: "eu-west-1" },
    "profile shared": { source_profile: "shared-source" },
    "profile shared-source": { source_profile: "target" },
    "profile unrelated": { source_profile: "source" },
  });

  it("holds the profile, its source_profile and include_profile chains, and [default]", () => {
    expect(profilesFeeding(config, "target")).toEqual(
      new Set(["default", "target", "source", "shared", "source-settings", "shared-source"]),
    );
  });

  it("holds only the profile and [default] for a profile that names neither key", () => {
    expect(profilesFeeding(config, "source-settings")).toEqual(new Set(["default", "source-settings"]));
  });

  it("follows the chains of [default] itself", () => {
    const withDefault = buildConfig({ default: { source_profile: "base" }, "profile base": {} });
    expect(profilesFeeding(withDefault, "default")).toEqual(new Set(["default", "base"]));
  });
});

describe("profilesWithoutCredentialSource", () => {
  const config = buildConfig({
    "profile keys": { region: "eu-west-1", mfa_serial: "arn:aws:iam::1:mfa/me" },
    "profile role": { role_arn: "arn:aws:iam::1:role/a", source_profile: "keys" },
    "profile process": { credential_process: "get-creds" },
    "profile sso": { sso_session: "corp" },
    "profile included": { include_profile: "role" },
    "profile blank-process": { credential_process: "   " },
  });

  it("lists the profiles with no credential source key, an empty value counting as none", () => {
    expect(profilesWithoutCredentialSource(config)).toEqual(new Set(["keys", "blank-process"]));
  });

  it("asks only about the given profiles and skips names that are not in the config", () => {
    expect(profilesWithoutCredentialSource(config, ["role", "missing", "keys"])).toEqual(new Set(["keys"]));
  });

  it("answers the same for a parsed file", () => {
    const parsed = parseAwsConfig(
      ["[default]", "region = eu-west-1", "[profile dev]", "source_profile = default"].join("\n"),
      "config",
    );
    expect(profilesWithoutCredentialSource(parsed)).toEqual(new Set(["default"]));
  });
});
