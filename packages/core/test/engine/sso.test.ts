import { describe, expect, it } from "vitest";
import { decodeSsoTokenItem, encodeAwsCliToken } from "../../src/sso/sso-token-formats.js";
import { HOUR_MS, harness, START } from "./engine-harness.js";

const START_URL = "https://corp.awsapps.com/start";
const TOKEN_KEY = `oidc:${START_URL}`;

const config = {
  "sso-session corp": {
    sso_start_url: START_URL,
    sso_region: "eu-central-1",
    sso_registration_scopes: "sso:account:access",
  },
  "profile dev": {
    sso_session: "corp",
    sso_account_id: "111111111111",
    sso_role_name: "Dev",
    region: "eu-west-1",
  },
  "profile ops": { sso_session: "corp", sso_account_id: "222222222222", sso_role_name: "Ops" },
  "profile admin": {
    source_profile: "dev",
    role_arn: "arn:aws:iam::333333333333:role/admin",
    region: "eu-west-1",
  },
};

describe("SSO role credentials", () => {
  it("signs in once with the device flow, keeps the token in aws-vault's item and serves the role from the cache", async () => {
    const h = harness(config, { stored: [] });
    const credentials = await h.get("dev");
    expect(credentials.accessKeyId).toMatch(/^ASIASSO/);
    expect(h.sso.signIns).toHaveLength(1);
    expect(h.sso.signIns[0]).toMatchObject({ profile: "dev", startUrl: START_URL, userCode: "CODE-2" });
    const register = h.sso.calls.find((c) => c.api === "RegisterClient");
    expect(register).toMatchObject({ region: "eu-central-1", scopes: ["sso:account:access"] });
    expect(h.sso.calls.filter((c) => c.api === "CreateToken").map((c) => c.outcome)).toEqual([
      "pending",
      "ok",
    ]);
    expect(h.sso.calls.find((c) => c.api === "GetRoleCredentials")).toMatchObject({
      accountId: "111111111111",
      roleName: "Dev",
      accessToken: "access-3",
    });

    const item = h.keystore.items.get(TOKEN_KEY);
    expect(item?.label).toBe(`aws-vault oidc token for ${START_URL} (expires 2026-01-01T08:00:01Z)`);
    expect(item?.description).toBe("aws-vault oidc token");
    expect(JSON.parse(item?.value ?? "")).toMatchObject({
      Token: {
        AccessToken: "access-3",
        ExpiresIn: 28800,
        RefreshToken: "refresh-3",
        TokenType: "Bearer",
        IdToken: null,
      },
      Expiration: "2026-01-01T08:00:01Z",
    });

    const again = await h.get("dev");
    expect(again).toEqual(credentials);
    expect(h.sso.count("GetRoleCredentials")).toBe(1);
    // Another role of the same start URL uses the token: no second sign-in.
    await h.get("ops");
    expect(h.sso.signIns).toHaveLength(1);
    expect(h.sso.count("GetRoleCredentials")).toBe(2);
  });

  it("concurrent callers for two roles of one start URL register, sign in and get a token once", async () => {
    const h = harness(config, { stored: [] });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.get(i % 2 === 0 ? "dev" : "ops")),
    );
    expect(h.sso.count("RegisterClient")).toBe(1);
    expect(h.sso.count("StartDeviceAuthorization")).toBe(1);
    expect(h.sso.count("CreateToken", "ok")).toBe(1);
    expect(h.sso.count("GetRoleCredentials")).toBe(2);
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(2);
  });

  it("refreshes an expired access token with its refresh token: no sign-in", async () => {
    const h = harness(config, { stored: [] });
    await h.get("dev");
    h.clock.advance(9 * HOUR_MS); // the token (8h) and the role credentials (1h) have expired
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(1);
    expect(h.sso.calls.filter((c) => c.api === "CreateToken").map((c) => c.grant)).toEqual([
      "device_code",
      "device_code",
      "refresh_token",
    ]);
    const stored = decodeSsoTokenItem(h.keystore.items.get(TOKEN_KEY)?.value ?? "", "item");
    expect(stored.accessToken).toBe("access-5");
    expect(stored.refreshToken).toBe("refresh-5");
    expect(stored.client?.clientId).toBe("client-1");
  });

  it("signs in again when the refresh token is refused", async () => {
    const h = harness(config, { stored: [] });
    await h.get("dev");
    h.clock.advance(9 * HOUR_MS);
    h.sso.revokeRefreshTokens();
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(2);
    // The stored registration is reused: one RegisterClient in all.
    expect(h.sso.count("RegisterClient")).toBe(1);
  });

  it("registers anew when the stored registration is refused", async () => {
    const h = harness(config, { stored: [] });
    await h.get("dev");
    h.clock.advance(9 * HOUR_MS);
    h.sso.revokeRefreshTokens();
    h.sso.revokeClients();
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(2);
    expect(h.sso.calls.filter((c) => c.api !== "CreateToken").map((c) => `${c.api} ${c.outcome}`)).toEqual([
      "RegisterClient ok",
      "StartDeviceAuthorization ok",
      "GetRoleCredentials ok",
      "StartDeviceAuthorization SSO_UNAUTHORIZED",
      "RegisterClient ok",
      "StartDeviceAuthorization ok",
      "GetRoleCredentials ok",
    ]);
  });

  it("a token the portal refuses (401) is dropped and the user signs in exactly once more", async () => {
    const h = harness(config, { stored: [] });
    await h.get("dev");
    h.sso.revoke("access-3");
    await h.get("ops");
    expect(h.sso.signIns).toHaveLength(2);
    expect(h.sso.calls.filter((c) => c.api === "GetRoleCredentials").map((c) => c.outcome)).toEqual([
      "ok",
      "SSO_UNAUTHORIZED",
      "ok",
    ]);
    // The refused token's refresh token is not used either.
    expect(h.sso.calls.filter((c) => c.grant === "refresh_token")).toEqual([]);
  });

  it("a 401 right after a new sign-in is an error, not a loop", async () => {
    const h = harness(config, { stored: [] });
    const original = h.sso.getRoleCredentials.bind(h.sso);
    h.sso.getRoleCredentials = async (target, input) => {
      h.sso.revoke(input.accessToken);
      return original(target, input);
    };
    await expect(h.get("dev")).rejects.toMatchObject({ code: "SSO_UNAUTHORIZED" });
    expect(h.sso.signIns).toHaveLength(1);
  });

  it("a code that expires unapproved is a clear error, and nothing is cached", async () => {
    const h = harness(config, {
      stored: [],
      sso: { neverApprove: true, deviceCodeSeconds: 30, interval: 5 },
    });
    const error = await h.get("dev").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SSO_LOGIN_FAILED", profile: "dev" });
    expect(String((error as Error).message)).toBe(
      `profile 'dev': the SSO sign-in to ${START_URL} was not approved before its code CODE-2 expired (30s)`,
    );
    expect(await h.keystore.keys()).toEqual([]);
    // Polled every 5 s while another poll fits before the code's end: at 0, 5, 10, 15, 20 and 25 s.
    expect(h.sso.count("CreateToken", "pending")).toBe(6);
  });

  it("polls more slowly after a slow-down", async () => {
    const h = harness(config, { stored: [], sso: { slowDownOnPolls: [1], pendingPolls: 2, interval: 1 } });
    await h.get("dev");
    expect(h.sso.calls.filter((c) => c.api === "CreateToken").map((c) => c.outcome)).toEqual([
      "slow_down",
      "pending",
      "ok",
    ]);
    // Two waits of 1 + 5 seconds each.
    expect(h.clock().getTime() - new Date(START).getTime()).toBe(12_000);
  });

  it("uses a valid token the AWS CLI left in its cache, and shares new tokens only when asked", async () => {
    const cliToken = encodeAwsCliToken({
      accessToken: "access-from-cli",
      expiresAt: new Date(new Date(START).getTime() + HOUR_MS),
      startUrl: START_URL,
      region: "eu-central-1",
    });
    const h = harness(config, { stored: [], awsCliTokens: { corp: cliToken } });
    h.sso.accept("access-from-cli", new Date(new Date(START).getTime() + HOUR_MS));
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(0);
    expect(h.sso.calls.map((c) => `${c.api} ${c.accessToken ?? ""}`)).toEqual([
      "GetRoleCredentials access-from-cli",
    ]);
    expect(decodeSsoTokenItem(h.keystore.items.get(TOKEN_KEY)?.value ?? "", "item").accessToken).toBe(
      "access-from-cli",
    );
    expect(h.awsCliFiles.corp).toBe(cliToken); // not written back

    const shared = harness(config, { stored: [], env: { VAULT_CLI_SSO_SHARE_TOKEN: "1" } });
    await shared.get("dev");
    expect(JSON.parse(shared.awsCliFiles.corp ?? "{}")).toEqual({
      startUrl: START_URL,
      region: "eu-central-1",
      accessToken: "access-3",
      expiresAt: "2026-01-01T08:00:01Z",
      clientId: "client-1",
      clientSecret: "secret",
      registrationExpiresAt: "2026-04-01T00:00:00Z",
      refreshToken: "refresh-3",
    });
  });

  it("ignores the AWS CLI's token of another start URL", async () => {
    const other = encodeAwsCliToken({
      accessToken: "other",
      expiresAt: new Date(new Date(START).getTime() + HOUR_MS),
      startUrl: "https://other.awsapps.com/start",
    });
    const h = harness(config, { stored: [], awsCliTokens: { corp: other } });
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(1);
  });

  it("reads a token item aws-vault wrote (no registration: an expired one means a new sign-in)", async () => {
    const awsVaultItem =
      '{"Token":{"AccessToken":"from-aws-vault","ExpiresIn":28800,"IdToken":null,"RefreshToken":null,' +
      '"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"2026-01-01T10:00:00.123456789+02:00"}';
    const h = harness(config, { stored: [], extraItems: { [TOKEN_KEY]: awsVaultItem } });
    h.sso.accept("from-aws-vault", new Date("2026-01-01T08:00:00Z"));
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(0);
    expect(h.sso.calls[0]).toMatchObject({ api: "GetRoleCredentials", accessToken: "from-aws-vault" });
    h.clock.advance(9 * HOUR_MS);
    await h.get("dev");
    expect(h.sso.signIns).toHaveLength(1);
  });

  it("a damaged token item is reported and replaced by a sign-in", async () => {
    const warnings: string[] = [];
    const h = harness(config, { stored: [], extraItems: { [TOKEN_KEY]: "{not json" } });
    const engineDeps = h.deps as { warn?: (m: string) => void };
    engineDeps.warn = (m) => warnings.push(m);
    await h.get("dev");
    expect(warnings).toEqual([
      `SSO token item '${TOKEN_KEY}' is not a JSON object; it is skipped and will be replaced`,
    ]);
    expect(h.sso.signIns).toHaveLength(1);
  });

  it("VAULT_CLI_SSO_FLOW=authorization-code signs in with PKCE and a loopback redirect instead", async () => {
    const h = harness(config, { stored: [], env: { VAULT_CLI_SSO_FLOW: "authorization-code" } });
    await h.get("dev");
    expect(h.sso.calls.map((c) => `${c.api}${c.grant ? ` ${c.grant}` : ""} ${c.outcome}`)).toEqual([
      "RegisterClient ok",
      "Authorize ok",
      "CreateToken authorization_code ok",
      "GetRoleCredentials ok",
    ]);
    expect(h.sso.calls[0]).toMatchObject({ authorizationCode: true, scopes: ["sso:account:access"] });
    // The page shown is the authorize page, with no device code; the token keeps its code-flow registration.
    expect(h.sso.signIns).toEqual([
      expect.objectContaining({ verificationUriComplete: "https://oidc.sso.test/authorize?state=state-1" }),
    ]);
    expect(h.sso.signIns[0]?.userCode).toBeUndefined();
    const stored = decodeSsoTokenItem(h.keystore.items.get(TOKEN_KEY)?.value ?? "", "item");
    expect(stored.client).toMatchObject({ clientId: "client-1", authorizationCode: true });
    // A later sign-in reuses that registration; a device-flow sign-in would not.
    h.clock.advance(9 * HOUR_MS);
    h.sso.revokeRefreshTokens();
    await h.get("dev");
    expect(h.sso.count("RegisterClient")).toBe(1);
    expect(h.sso.count("Authorize")).toBe(2);
  });

  it("an authorization-code sign-in nobody completes fails, and nothing is cached", async () => {
    const h = harness(config, {
      stored: [],
      env: { VAULT_CLI_SSO_FLOW: "pkce" },
      sso: { neverApprove: true },
    });
    await expect(h.get("dev")).rejects.toMatchObject({ code: "SSO_LOGIN_FAILED" });
    expect(h.sso.count("CreateToken")).toBe(0);
    expect(await h.keystore.keys()).toEqual([]);
  });

  it("assumes a role on top of SSO credentials, signed with them", async () => {
    const h = harness(config, { stored: [] });
    const credentials = await h.get("admin");
    expect(h.calls()).toEqual(["AssumeRole admin admin 3600s <- ASIASSO0004"]);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0001");
  });
});
