import { describe, expect, it } from "vitest";
import { VaultError } from "../../src/errors.js";
import { ssoRoleCredentials } from "../../src/sso/sso-sign-in.js";
import { decodeSsoTokenItem, encodeAwsCliToken } from "../../src/sso/sso-token-formats.js";
import { START_URL, ssoHop, ssoWorld, storedClient, TOKEN_KEY } from "./sso-world.js";

const hop = ssoHop();

async function storedToken(w: ReturnType<typeof ssoWorld>) {
  const item = await w.keystore.get(TOKEN_KEY);
  return item === undefined ? undefined : decodeSsoTokenItem(item, "item");
}

function tokensShownToThePortal(w: ReturnType<typeof ssoWorld>) {
  return w.requests
    .filter((r) => r.api === "GetRoleCredentials")
    .map((r) => (r.input as { accessToken: string }).accessToken);
}

describe("the keystore's token", () => {
  it("is used as it is while it has more than 5 minutes left, without waiting for the sign-in lock", async () => {
    const w = ssoWorld();
    await w.store({ accessToken: "kept", expiresAt: w.in(301), refreshToken: "r", client: storedClient() });
    const credentials = await ssoRoleCredentials(hop, w.deps);
    expect(credentials.accessKeyId).toMatch(/^ASIASSO/);
    expect(w.requests).toEqual([
      {
        api: "GetRoleCredentials",
        target: { profile: "dev", region: "eu-central-1" },
        input: { accessToken: "kept", accountId: "111111111111", roleName: "Dev" },
      },
    ]);
    expect(w.lockRequests).toEqual([]);
  });

  it("is refreshed with its refresh token and registration once 5 minutes or less are left", async () => {
    const w = ssoWorld();
    await w.store({
      accessToken: "old",
      expiresAt: w.in(300),
      refreshToken: "r-old",
      client: storedClient(),
    });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual(["CreateToken refreshToken", "GetRoleCredentials"]);
    expect(w.requests[0]).toMatchObject({ clientId: "stored-client", input: { refreshToken: "r-old" } });
    expect(tokensShownToThePortal(w)).toEqual(["access-1"]);
    expect(w.signIns).toEqual([]);
    expect(await storedToken(w)).toEqual({
      accessToken: "access-1",
      expiresAt: w.in(8 * 3600),
      refreshToken: "refresh-1",
      tokenType: "Bearer",
      startUrl: START_URL,
      region: "eu-central-1",
      client: storedClient(),
    });
  });

  it("that needs a sign-in is guarded by one lock per start URL, named after the token item", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(hop, w.deps);
    expect(w.lockRequests).toEqual([
      { name: TOKEN_KEY, label: `the SSO sign-in to ${START_URL}`, waitMs: 11 * 60_000 },
    ]);
  });

  it("written by another process while this one waited for the lock is used: no sign-in", async () => {
    const w = ssoWorld();
    w.meanwhile(() => w.store({ accessToken: "theirs", expiresAt: w.in(3600) }));
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual(["GetRoleCredentials"]);
    expect(tokensShownToThePortal(w)).toEqual(["theirs"]);
  });

  it("written by another process and refused by the portal is dropped: the user signs in once", async () => {
    const w = ssoWorld();
    w.meanwhile(() => w.keystore.set(TOKEN_KEY, itemFor("theirs", w.in(3600))));
    await ssoRoleCredentials(hop, w.deps);
    expect(w.signIns).toHaveLength(1);
    expect(tokensShownToThePortal(w)).toEqual(["theirs", "access-3"]);
  });

  it("refreshed and then refused by the portal is dropped: the user signs in once, with no second refresh", async () => {
    const w = ssoWorld();
    await w.store({
      accessToken: "old",
      expiresAt: w.in(-60),
      refreshToken: "r-old",
      client: storedClient(),
    });
    refuseFirstToken(w);
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual([
      "CreateToken refreshToken",
      "GetRoleCredentials",
      "StartDeviceAuthorization",
      "CreateToken deviceCode",
      "CreateToken deviceCode",
      "GetRoleCredentials",
    ]);
    expect(w.signIns).toHaveLength(1);
  });

  it("refused by the portal is removed even when no new sign-in can be shown", async () => {
    const w = ssoWorld({ without: ["ssoLogin"] });
    await w.keystore.set(TOKEN_KEY, itemFor("refused", w.in(3600)));
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({ code: "SSO_LOGIN_FAILED" });
    expect(await w.keystore.get(TOKEN_KEY)).toBeUndefined();
  });

  it("refused by the portal, when another process has meanwhile stored a different one, leaves that one to refresh", async () => {
    const w = ssoWorld();
    await w.keystore.set(TOKEN_KEY, itemFor("refused", w.in(3600)));
    w.meanwhile(() =>
      w.store({
        accessToken: "theirs",
        expiresAt: w.in(-60),
        refreshToken: "r-theirs",
        client: storedClient(),
      }),
    );
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual(["GetRoleCredentials", "CreateToken refreshToken", "GetRoleCredentials"]);
    expect(w.signIns).toEqual([]);
  });

  it("refused by the portal and meanwhile removed by another process leads to a sign-in", async () => {
    const w = ssoWorld();
    await w.keystore.set(TOKEN_KEY, itemFor("refused", w.in(3600)));
    w.meanwhile(async () => {
      await w.keystore.remove(TOKEN_KEY);
    });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.signIns).toHaveLength(1);
    expect((await storedToken(w))?.accessToken).toBe("access-3");
  });

  it("without a refresh token is not refreshed: the user signs in with its registration", async () => {
    const w = ssoWorld();
    await w.store({ accessToken: "old", expiresAt: w.in(-60), client: storedClient() });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual([
      "StartDeviceAuthorization",
      "CreateToken deviceCode",
      "CreateToken deviceCode",
      "GetRoleCredentials",
    ]);
    expect(w.requests[0]?.clientId).toBe("stored-client");
  });

  it("that aws-vault wrote (a refresh token, no registration) is not refreshed: the user signs in", async () => {
    const w = ssoWorld();
    await w.keystore.set(
      TOKEN_KEY,
      '{"Token":{"AccessToken":"from-aws-vault","ExpiresIn":0,"IdToken":null,"RefreshToken":"r-aws-vault",' +
        '"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"2025-12-31T23:00:00Z"}',
    );
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls()).toEqual([
      "RegisterClient",
      "StartDeviceAuthorization",
      "CreateToken deviceCode",
      "CreateToken deviceCode",
      "GetRoleCredentials",
    ]);
  });

  it.each([
    ["expires now", 0],
    ["expired a second ago", -1],
  ])("is not refreshed with a registration that %s: the user signs in with a new one", async (_, life) => {
    const w = ssoWorld();
    await w.store({
      accessToken: "old",
      expiresAt: w.in(-60),
      refreshToken: "r-old",
      client: storedClient(life),
    });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls().slice(0, 2)).toEqual(["RegisterClient", "StartDeviceAuthorization"]);
    expect(w.signIns).toHaveLength(1);
  });

  it("whose refresh is answered with no token leads to a sign-in", async () => {
    const w = ssoWorld();
    await w.store({
      accessToken: "old",
      expiresAt: w.in(-60),
      refreshToken: "r-old",
      client: storedClient(),
    });
    const createToken = w.service.createToken;
    w.service.createToken = async (target, client, grant) =>
      "refreshToken" in grant ? { pending: "authorization_pending" } : createToken(target, client, grant);
    await ssoRoleCredentials(hop, w.deps);
    expect(w.signIns).toHaveLength(1);
    expect(tokensShownToThePortal(w)).toHaveLength(1);
  });

  it("whose refresh fails other than by a refusal passes the error on: no sign-in", async () => {
    const w = ssoWorld();
    await w.store({
      accessToken: "old",
      expiresAt: w.in(-60),
      refreshToken: "r-old",
      client: storedClient(),
    });
    w.service.createToken = async () => {
      throw new VaultError("SSO_FAILED", "profile 'dev': CreateToken failed: throttled");
    };
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({
      code: "SSO_FAILED",
      message: "profile 'dev': CreateToken failed: throttled",
    });
    expect(w.signIns).toEqual([]);
  });

  it("is passed on when the portal fails other than by a refusal: no new sign-in", async () => {
    const w = ssoWorld();
    await w.store({ accessToken: "kept", expiresAt: w.in(3600) });
    w.service.getRoleCredentials = async () => {
      throw new VaultError("SSO_FAILED", "profile 'dev': GetRoleCredentials failed: throttled");
    };
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({ code: "SSO_FAILED" });
    expect(w.calls()).toEqual(["GetRoleCredentials"]);
    expect(w.signIns).toEqual([]);
  });

  it("absent is no warning", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(hop, w.deps);
    expect(w.warnings).toEqual([]);
  });

  it("damaged is replaced by a sign-in even when the vault has no way to warn", async () => {
    const w = ssoWorld({ without: ["warn"] });
    await w.keystore.set(TOKEN_KEY, "{not json");
    await ssoRoleCredentials(hop, w.deps);
    expect((await storedToken(w))?.accessToken).toBe("access-3");
  });
});

describe("the requests of a hop", () => {
  it("go to its sso_region and, when it has one, its endpoint_url", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(ssoHop({ endpointUrl: "https://sso.internal.test" }), w.deps);
    expect(new Set(w.requests.map((r) => r.api)).size).toBe(4);
    for (const request of w.requests) {
      expect(request.target).toStrictEqual({
        profile: "dev",
        region: "eu-central-1",
        endpointUrl: "https://sso.internal.test",
      });
    }
  });

  it("name no endpoint when the hop has none", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(hop, w.deps);
    for (const request of w.requests) {
      expect(request.target).toStrictEqual({ profile: "dev", region: "eu-central-1" });
    }
  });
});

describe("the AWS CLI's token cache", () => {
  const cliToken = (accessToken: string, expiresAt: Date, startUrl: string | undefined = START_URL) =>
    encodeAwsCliToken({ accessToken, expiresAt, ...(startUrl ? { startUrl } : {}) });

  it("is read by the sso-session's name; its token is used and kept, not written back even when sharing", async () => {
    const w = ssoWorld({ env: { VAULT_CLI_SSO_SHARE_TOKEN: "1" } });
    w.awsCliFiles.corp = '{"accessToken":"from-cli","expiresAt":"2026-01-01T01:00:00Z"}';
    w.fake.accept("from-cli", w.in(3600));
    await ssoRoleCredentials(hop, w.deps);
    expect(tokensShownToThePortal(w)).toEqual(["from-cli"]);
    expect(w.awsCliWrites).toEqual([]);
    expect(await storedToken(w)).toMatchObject({
      accessToken: "from-cli",
      startUrl: START_URL,
      region: "eu-central-1",
    });
  });

  it("is not consulted when the vault has none, and sharing is then skipped", async () => {
    const w = ssoWorld({ without: ["awsCliTokens"], env: { VAULT_CLI_SSO_SHARE_TOKEN: "1" } });
    await ssoRoleCredentials(hop, w.deps);
    expect((await storedToken(w))?.accessToken).toBe("access-3");
  });

  it("holds a token that, refused by the portal, leads to a sign-in", async () => {
    const w = ssoWorld({ awsCliFiles: { corp: cliToken("from-cli", new Date("2026-01-01T01:00:00Z")) } });
    await ssoRoleCredentials(hop, w.deps);
    expect(tokensShownToThePortal(w)).toEqual(["from-cli", "access-3"]);
    expect(w.signIns).toHaveLength(1);
  });

  it("holds an expired token that is not used", async () => {
    const w = ssoWorld({ awsCliFiles: { corp: cliToken("from-cli", new Date("2025-12-31T23:59:00Z")) } });
    w.fake.accept("from-cli", w.in(3600));
    await ssoRoleCredentials(hop, w.deps);
    expect(tokensShownToThePortal(w)).toEqual(["access-3"]);
  });

  it("holds a token for another start URL that is not used", async () => {
    const other = cliToken("other", new Date("2026-01-01T01:00:00Z"), "https://other.awsapps.com/start");
    const w = ssoWorld({ awsCliFiles: { corp: other } });
    w.fake.accept("other", w.in(3600));
    await ssoRoleCredentials(hop, w.deps);
    expect(tokensShownToThePortal(w)).toEqual(["access-3"]);
  });

  it("is not consulted once the portal has refused the keystore's token", async () => {
    const w = ssoWorld({ awsCliFiles: { corp: cliToken("from-cli", new Date("2026-01-01T01:00:00Z")) } });
    w.fake.accept("from-cli", w.in(3600));
    await w.keystore.set(TOKEN_KEY, itemFor("refused", w.in(3600)));
    await ssoRoleCredentials(hop, w.deps);
    expect(tokensShownToThePortal(w)).toEqual(["refused", "access-3"]);
    expect(w.signIns).toHaveLength(1);
  });

  it("gets no copy of a new token unless asked", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(hop, w.deps);
    expect(w.awsCliWrites).toEqual([]);
  });

  it("gets a copy of a refreshed token when asked", async () => {
    const w = ssoWorld({ env: { VAULT_CLI_SSO_SHARE_TOKEN: "1" } });
    await w.store({
      accessToken: "old",
      expiresAt: w.in(-60),
      refreshToken: "r-old",
      client: storedClient(),
    });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.awsCliWrites).toEqual(["corp"]);
    expect(JSON.parse(w.awsCliFiles.corp ?? "{}")).toMatchObject({
      accessToken: "access-1",
      refreshToken: "refresh-1",
      clientId: "stored-client",
    });
  });

  it.each(["1", "true", "TRUE", "yes", "Yes"])(
    "gets a copy when VAULT_CLI_SSO_SHARE_TOKEN=%s",
    async (value) => {
      const w = ssoWorld({ env: { VAULT_CLI_SSO_SHARE_TOKEN: value } });
      await ssoRoleCredentials(hop, w.deps);
      expect(w.awsCliWrites).toEqual(["corp"]);
    },
  );

  it.each(["0", "false", "no", "on", ""])("gets no copy when VAULT_CLI_SSO_SHARE_TOKEN=%j", async (value) => {
    const w = ssoWorld({ env: { VAULT_CLI_SSO_SHARE_TOKEN: value } });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.awsCliWrites).toEqual([]);
  });
});

/** A token item the portal does not know (it refuses its access token). */
function itemFor(accessToken: string, expiresAt: Date): string {
  return `{"Token":{"AccessToken":"${accessToken}"},"Expiration":"${expiresAt.toISOString()}"}`;
}

/** The portal refuses the first access token it is shown (401), whichever it is. */
function refuseFirstToken(w: ReturnType<typeof ssoWorld>) {
  const getRoleCredentials = w.service.getRoleCredentials;
  let refused = false;
  w.service.getRoleCredentials = async (target, input) => {
    if (refused) return getRoleCredentials(target, input);
    refused = true;
    throw new VaultError("SSO_UNAUTHORIZED", `profile '${target.profile}': GetRoleCredentials failed (401)`);
  };
}
