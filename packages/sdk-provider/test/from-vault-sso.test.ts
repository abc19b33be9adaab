import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { memoryKeystore } from "@vault-cli/core/testing";
import { type SsoFake, startSsoFake, tempDir } from "@vault-cli/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { fromVault } from "../src/index.js";

let fake: SsoFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const START_URL = "https://corp.awsapps.com/start";

describe("fromVault on an SSO profile", () => {
  it("hands the sign-in to the ssoLogin callback, then serves the role credentials (one sign-in for two providers)", async () => {
    fake = await startSsoFake();
    const home = tempDir("from-vault-sso");
    const config = join(home, "config");
    writeFileSync(
      config,
      `[profile dev]\nsso_start_url = ${START_URL}\nsso_region = eu-central-1\nsso_account_id = 123456789012\nsso_role_name = admin\n`,
    );
    const env = {
      HOME: home,
      AWS_CONFIG_FILE: config,
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    };
    const shown: string[] = [];
    const options = {
      env,
      keystore: memoryKeystore(),
      // The app shows the page; here the "user" opens it at once, which approves the code.
      ssoLogin: (signIn: { verificationUriComplete: string; userCode?: string }) => {
        shown.push(signIn.userCode ?? "(none)");
        void fetch(signIn.verificationUriComplete);
      },
    };
    const [a, b] = await Promise.all([fromVault("dev", options)(), fromVault("dev", options)()]);
    expect(a.accessKeyId).toMatch(/^ASIA/);
    expect(b).toEqual(a);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(fake.count("StartDeviceAuthorization")).toBe(1);
    expect(fake.count("GetRoleCredentials")).toBe(1);
    // A legacy profile (no sso_registration_scopes) still registers for a refresh token (aws-vault asks none).
    expect(fake.calls().find((c) => c.api === "RegisterClient")?.scopes).toEqual(["sso:account:access"]);
    expect(fake.calls().find((c) => c.api === "CreateToken" && c.outcome === "ok")).toBeDefined();
  });
});
