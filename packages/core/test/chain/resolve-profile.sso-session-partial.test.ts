import { describe, expect, it } from "vitest";
import { resolveProfile } from "../../src/chain/resolve-profile.js";
import { at, buildConfig } from "../support/config-builder.js";

describe("an sso-session that leaves a setting out", () => {
  const config = buildConfig({
    "sso-session corp": { sso_start_url: "https://corp.awsapps.com/start", sso_region: "eu-central-1" },
    "profile dev": {
      sso_session: "corp",
      sso_registration_scopes: "sso:account:access, openid",
      sso_account_id: "111111111111",
      sso_role_name: "Dev",
    },
  });

  it("leaves the profile's own value of that setting in place", () => {
    const profile = resolveProfile(config, "dev", { isTarget: true });
    expect(profile).toMatchObject({
      ssoStartUrl: "https://corp.awsapps.com/start",
      ssoRegion: "eu-central-1",
      ssoRegistrationScopes: ["sso:account:access", "openid"],
    });
    expect(profile.origins.ssoRegistrationScopes).toBe(at(config, "dev", "sso_registration_scopes"));
  });
});
