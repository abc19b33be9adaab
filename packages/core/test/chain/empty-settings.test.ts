import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig } from "../support/config-builder.js";

describe("settings with no text value", () => {
  const config = buildConfig({
    default: { region: "default-1", mfa_serial: "default-mfa" },
    "profile base": { region: "  ", mfa_serial: "base-mfa" },
    "profile dev": { region: "", mfa_serial: { nested: "value" }, include_profile: "base" },
  });

  it("count as unset, so the next layer's value wins", () => {
    const dev = resolveProfile(config, "dev", { isTarget: true });
    expect(dev).toMatchObject({ region: "default-1", mfaSerial: "base-mfa" });
    expect(dev.origins).toMatchObject({
      region: `[default] ${at(config, "default", "region")}`,
      mfaSerial: `include_profile base ${at(config, "base", "mfa_serial")}`,
    });
  });
});
