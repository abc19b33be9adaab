import { describe, expect, it } from "vitest";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import { buildConfig } from "../support/config-builder.js";
import { scaleConfig } from "./scale-config.js";

describe("planCredentials at scale", () => {
  it("plans all 5,000 profiles of chains up to 10 roles deep", () => {
    const { spec, profiles, stored } = scaleConfig();
    const config = buildConfig(spec);
    expect(config.profiles.size).toBe(5001);
    expect(Math.max(...profiles.map((profile) => profile.depth))).toBe(10);
    for (const profile of profiles) {
      const plan = planCredentials(config, profile.name, { storedProfiles: stored });
      // With MFA, the user's GetSessionToken carries it and every role is chained; without, no
      // GetSessionToken for a role chain (the role above has no MFA serial) and plain AssumeRoles.
      const session = profile.depth === 0 || profile.mfa ? ["GetSessionToken"] : [];
      const roles = Array.from({ length: profile.depth }, () => "AssumeRole");
      expect(plan.hops.map((hop) => hop.kind)).toEqual(["stored", ...session, ...roles]);
      expect(plan.hops[0]!.profile).toBe(profile.user);
      const mfaKinds = new Set(
        plan.hops.filter((hop) => hop.kind === "AssumeRole").map((hop) => hop.mfa.kind),
      );
      expect([...mfaKinds]).toEqual(profile.depth === 0 ? [] : [profile.mfa ? "chained" : "none"]);
      expect(plan.region).toBe("eu-west-1");
    }
  });
});
