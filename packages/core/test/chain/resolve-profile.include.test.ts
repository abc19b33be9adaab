import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig, locationOf } from "../support/config-builder.js";
import { expectVaultError } from "./expect-vault-error.js";

describe("include_profile", () => {
  const config = buildConfig({
    default: { region: "default-1", external_id: "default-ext" },
    "profile base": { region: "base-1", role_arn: "arn:aws:iam::1:role/base", source_profile: "user" },
    "profile middle": { include_profile: "base", mfa_serial: "middle-mfa", region: "middle-1" },
    "profile dev": { include_profile: "middle", role_session_name: "dev" },
    "profile user": {},
  });

  it("fills only empty fields, follows nested includes and may bring any key, credential sources included", () => {
    const dev = resolveProfile(config, "dev", { isTarget: true });
    expect(dev).toMatchObject({
      includeProfile: "middle",
      roleSessionName: "dev",
      mfaSerial: "middle-mfa",
      region: "middle-1",
      roleArn: "arn:aws:iam::1:role/base",
      sourceProfile: "user",
      externalId: "default-ext",
    });
    expect(dev.origins).toMatchObject({
      mfaSerial: `include_profile middle ${at(config, "middle", "mfa_serial")}`,
      roleArn: `include_profile base ${at(config, "base", "role_arn")}`,
      externalId: `[default] ${at(config, "default", "external_id")}`,
    });
    expect(dev.locations.sourceProfile).toEqual(locationOf(config, "base", "source_profile"));
  });

  it("reports a cycle with its path and the include_profile line that closes it", () => {
    const cyclic = buildConfig({
      "profile a": { include_profile: "b" },
      "profile b": { include_profile: "c" },
      "profile c": { include_profile: "a" },
      "profile t": { include_profile: "b" },
    });
    const error = expectVaultError(() => resolveProfile(cyclic, "a", { isTarget: true }), "PROFILE_CYCLE");
    expect(error.message).toBe(
      `include_profile cycle: a -> b -> c -> a (closed by include_profile at ${at(cyclic, "c", "include_profile")})`,
    );
    expect(error.location).toEqual(locationOf(cyclic, "c", "include_profile"));
    expect(error.profile).toBe("c");
    const entered = expectVaultError(() => resolveProfile(cyclic, "t", { isTarget: true }), "PROFILE_CYCLE");
    expect(entered.message).toMatch(/^include_profile cycle: b -> c -> a -> b /);
  });

  it("reports a profile that includes itself", () => {
    const self = buildConfig({ "profile a": { include_profile: "a" } });
    const error = expectVaultError(() => resolveProfile(self, "a", { isTarget: true }), "PROFILE_CYCLE");
    expect(error.message).toBe("include_profile cycle: a -> a (closed by include_profile at /tmp/config:2)");
  });

  it("reports a missing included profile with did-you-mean and the line", () => {
    const missing = buildConfig({ "profile base": {}, "profile dev": { include_profile: "bsae" } });
    const error = expectVaultError(
      () => resolveProfile(missing, "dev", { isTarget: true }),
      "PROFILE_NOT_FOUND",
    );
    expect(error.message).toBe(
      `include_profile of profile 'dev' at ${at(missing, "dev", "include_profile")} names profile 'bsae', ` +
        "which is not in /tmp/config (did you mean 'base'?)",
    );
    expect(error.location).toEqual(locationOf(missing, "dev", "include_profile"));
  });

  it("clears a source_profile naming the profile itself (aws-vault's parent style)", () => {
    const parent = buildConfig({
      "profile root": { source_profile: "root", region: "root-1" },
      "profile child": { include_profile: "root" },
    });
    expect(resolveProfile(parent, "root", { isTarget: true }).sourceProfile).toBeUndefined();
    expect(resolveProfile(parent, "child", { isTarget: true })).toMatchObject({
      sourceProfile: "root",
      region: "root-1",
    });
  });
});
