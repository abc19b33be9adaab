/**
 * IAM Identity Center through the built binary: the real @aws-sdk/client-sso(-oidc) clients talk to the
 * project's HTTP fake of the portal and OIDC (AWS_ENDPOINT_URL_SSO / _SSO_OIDC), $BROWSER is a script that
 * opens the verification page as the user's browser would (approving the code), and roles chained on SSO are
 * assumed from moto. botocore (python3) reads and refreshes the token vault-cli shares.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { decodeSsoTokenItem, encodeSsoTokenItem } from "@vault-cli/core";
import { awsCliTokenPath } from "@vault-cli/sdk-provider";
import {
  assertBuilt,
  type Moto,
  type SsoFake,
  type SsoFakeOptions,
  startMoto,
  startSsoFake,
  tempDir,
  type VaultHome,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readWire } from "./e2e/moto-wire.js";
import { verify } from "./e2e/sigv4.js";

const START_URL = "https://corp.awsapps.com/start";
const TOKEN_KEY = `oidc:${START_URL}`;
const BOTOCORE_SSO = new URL("../../test-support/src/botocore_sso.py", import.meta.url).pathname;

const CONFIG = `[sso-session corp]
sso_start_url = ${START_URL}
sso_region = eu-central-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = admin
region = eu-west-1

[profile chained]
source_profile = dev
role_arn = arn:aws:iam::123456789012:role/deployer
region = eu-west-1
`;

let moto: Moto;
let fake: SsoFake | undefined;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** A user whose SSO calls go to a fresh fake and whose $BROWSER approves every code it is shown. */
async function ssoUser(options: SsoFakeOptions = {}, env: Record<string, string> = {}, deny = false) {
  fake = await startSsoFake(options);
  const dir = tempDir("sso-browser");
  const browser = join(dir, "browser.cjs");
  // The user's browser: opens the page (which approves the code) and notes that it was opened.
  writeFileSync(
    browser,
    `require("fs").appendFileSync(${JSON.stringify(join(dir, "opened"))}, "x");\n` +
      `fetch(process.argv[2]${deny ? ' + "&action=deny"' : ""}).then((r) => process.exit(r.ok ? 0 : 1));\n`,
  );
  chmodSync(browser, 0o755);
  const home = vaultHome(moto.url, CONFIG, {
    env: {
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      BROWSER: `"${process.execPath}" "${browser}"`,
      ...env,
    },
  });
  const opened = () =>
    existsSync(join(dir, "opened")) ? readFileSync(join(dir, "opened"), "utf8").length : 0;
  return { home, fake, opened };
}

async function exportJson(home: VaultHome, profile: string, extra: Record<string, string> = {}) {
  const run = await home.vaultAsync(["export", "--format=json", profile], extra);
  return { ...run, json: run.code === 0 ? (JSON.parse(run.stdout) as Record<string, string>) : undefined };
}

/** Drops the cached role credentials, so the next run needs the SSO token again. */
async function dropRoleSessions(home: VaultHome): Promise<void> {
  const keystore = home.keystore();
  for (const key of await keystore.keys())
    if (key.startsWith("sso.GetRoleCredentials,")) await keystore.remove(key);
}

describe("SSO through the binary", () => {
  it("30 parallel exports with no token: one registration, one sign-in, one token, 30 identical answers", async () => {
    const { home, fake, opened } = await ssoUser();
    const runs = await Promise.all(Array.from({ length: 30 }, () => exportJson(home, "dev")));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    expect(runs[0]!.json).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(fake.count("RegisterClient")).toBe(1);
    expect(fake.count("StartDeviceAuthorization")).toBe(1);
    expect(fake.count("CreateToken", "ok")).toBe(1);
    expect(fake.count("GetRoleCredentials")).toBe(1);
    expect(fake.calls().find((c) => c.api === "RegisterClient")?.scopes).toEqual(["sso:account:access"]);
    expect(opened()).toBe(1);
    // One process showed the sign-in on stderr (never stdout); the others said nothing.
    const shown = runs.filter((run) => run.stderr.includes("To sign in to"));
    expect(shown).toHaveLength(1);
    expect(shown[0]!.stderr).toContain(
      `To sign in to ${START_URL} for profile 'dev', open\n  ${fake.url}/device?user_code=`,
    );
    expect(runs.filter((run) => run.stderr !== "")).toHaveLength(1);
    // The token is in aws-vault's item, with the refresh token and the registration.
    const item = decodeSsoTokenItem((await home.keystore().get(TOKEN_KEY))!, TOKEN_KEY);
    expect(item.accessToken).toBe(fake.accessTokens()[0]);
    expect(item.refreshToken).toMatch(/^aor-/);
    expect(item.client?.clientId).toBe(fake.calls().find((c) => c.api === "RegisterClient")?.clientId);
  }, 120_000);

  it("an expired access token with a valid refresh token: no browser, one refresh CreateToken", async () => {
    const { home, fake, opened } = await ssoUser();
    expect((await exportJson(home, "dev")).code).toBe(0);
    const keystore = home.keystore();
    const item = decodeSsoTokenItem((await keystore.get(TOKEN_KEY))!, TOKEN_KEY);
    const expired = { ...item, expiresAt: new Date(Date.now() - 60_000) };
    await keystore.set(TOKEN_KEY, encodeSsoTokenItem(expired, new Date()));
    await dropRoleSessions(home);
    fake.expire(item.accessToken);

    const run = await exportJson(home, "dev");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(opened()).toBe(1);
    expect(fake.count("StartDeviceAuthorization")).toBe(1);
    expect(
      fake
        .calls()
        .filter((c) => c.api === "CreateToken" && c.outcome === "ok")
        .map((c) => c.grantType),
    ).toEqual(["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"]);
    const refreshed = decodeSsoTokenItem((await keystore.get(TOKEN_KEY))!, TOKEN_KEY);
    expect(refreshed.accessToken).toBe(fake.accessTokens()[1]);
    expect(fake.calls().at(-1)).toMatchObject({
      api: "GetRoleCredentials",
      accessToken: refreshed.accessToken,
    });
  }, 60_000);

  it("a revoked token (401): exactly one new sign-in", async () => {
    const { home, fake, opened } = await ssoUser();
    expect((await exportJson(home, "dev")).code).toBe(0);
    fake.revoke(fake.accessTokens()[0]!);
    await dropRoleSessions(home);

    const run = await exportJson(home, "dev");
    expect(run.code, run.stderr).toBe(0);
    expect(opened()).toBe(2);
    expect(fake.count("StartDeviceAuthorization")).toBe(2);
    expect(
      fake
        .calls()
        .filter((c) => c.api === "GetRoleCredentials")
        .map((c) => c.outcome),
    ).toEqual(["ok", "UnauthorizedException", "ok"]);
  }, 60_000);

  it("a code that expires unapproved: a clear error, and nothing is cached", async () => {
    const { home, fake, opened } = await ssoUser(
      { deviceCodeExpiresIn: 2, interval: 1 },
      { VAULT_CLI_NO_BROWSER: "1" },
    );
    const run = await exportJson(home, "dev");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      new RegExp(
        `vault-cli: error: export: profile 'dev': the SSO sign-in to ${START_URL} was not approved before its code [A-Z]{4}-[A-Z]{4} expired \\(2s\\)`,
      ),
    );
    expect(run.stderr).toContain("vault-cli: hint: run the command again and approve the code");
    expect(opened()).toBe(0);
    expect(fake.count("CreateToken", "ok")).toBe(0);
    expect(await home.keystore().keys()).toEqual([]);
  }, 60_000);

  it("a role chained on an SSO profile is assumed with the SSO role credentials (the signature checks out)", async () => {
    const { home } = await ssoUser();
    const sso = await exportJson(home, "dev");
    expect(sso.code, sso.stderr).toBe(0);
    const before = readWire(moto.recordFile!).length;
    const chained = await exportJson(home, "chained");
    expect(chained.code, chained.stderr).toBe(0);
    const calls = readWire(moto.recordFile!).slice(before);
    expect(calls.map((c) => c.action)).toEqual(["AssumeRole"]);
    const [assume] = calls;
    expect(assume!.params.RoleArn).toBe("arn:aws:iam::123456789012:role/deployer");
    expect(assume!.accessKeyId).toBe(sso.json!.AccessKeyId);
    expect(assume!.sessionToken).toBe(sso.json!.SessionToken);
    const keys = {
      accessKeyId: sso.json!.AccessKeyId!,
      secretAccessKey: sso.json!.SecretAccessKey!,
      sessionToken: sso.json!.SessionToken!,
    };
    expect(verify(assume!, keys)).toBe("ok");
    expect(chained.json!.AccessKeyId).not.toBe(sso.json!.AccessKeyId);
  }, 60_000);
});

describe("the authorization-code flow (VAULT_CLI_SSO_FLOW=authorization-code)", () => {
  const CODE_FLOW = { VAULT_CLI_SSO_FLOW: "authorization-code" };

  it("signs in with PKCE: the browser comes back to a loopback port with a code, no device code is involved", async () => {
    const { home, fake, opened } = await ssoUser({}, CODE_FLOW);
    const run = await exportJson(home, "dev");
    expect(run.code, run.stderr).toBe(0);
    expect(opened()).toBe(1);
    expect(fake.count("StartDeviceAuthorization")).toBe(0);
    const register = fake.calls().find((c) => c.api === "RegisterClient");
    expect(register).toMatchObject({
      grantTypes: ["authorization_code", "refresh_token"],
      scopes: ["sso:account:access"],
    });
    expect(
      fake
        .calls()
        .filter((c) => c.api === "Authorize")
        .map((c) => c.outcome),
    ).toEqual(["ok"]);
    // The fake checked the code's redirect URI and that sha256(verifier) is the challenge the page was given.
    expect(
      fake
        .calls()
        .filter((c) => c.api === "CreateToken")
        .map((c) => `${c.grantType} ${c.outcome}`),
    ).toEqual(["authorization_code ok"]);
    const page = /open\n {2}(\S+)\nand sign in there/.exec(run.stderr)?.[1];
    const query = new URL(page ?? "http://x").searchParams;
    expect(page?.startsWith(`${fake.url}/authorize?`)).toBe(true);
    expect(query.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(query.has("code_verifier")).toBe(false);
    const item = decodeSsoTokenItem((await home.keystore().get(TOKEN_KEY))!, TOKEN_KEY);
    expect(item.refreshToken).toMatch(/^aor-/);
    expect(item.client?.authorizationCode).toBe(true);
  }, 60_000);

  it("a sign-in the user denies: a clear error, and nothing is cached", async () => {
    const { home, fake, opened } = await ssoUser({}, CODE_FLOW, true);
    const run = await exportJson(home, "dev");
    expect(run.code).toBe(1);
    expect(opened()).toBe(1);
    expect(run.stderr).toContain(
      `vault-cli: error: export: profile 'dev': the SSO sign-in to ${START_URL} failed: the browser came back without a code (access_denied)\n`,
    );
    expect(fake.count("CreateToken")).toBe(0);
    expect(await home.keystore().keys()).toEqual([]);
  }, 60_000);
});

describe("list and clear --sso", () => {
  it("list shows the token next to its profile; clear --sso signs out with it and removes it", async () => {
    const { home, fake } = await ssoUser();
    expect((await exportJson(home, "dev")).code).toBe(0);
    const listed = await home.vaultAsync(["list"]);
    expect(listed.stdout).toMatch(new RegExp(`dev\\s+-\\s+.*${TOKEN_KEY.replace(/[.:/]/g, "\\$&")}`));
    const token = fake.accessTokens()[0]!;

    const cleared = await home.vaultAsync(["clear", "--sso", "dev"]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toBe("Cleared 2 sessions.\n");
    expect(cleared.stderr).toBe(`Signed out of ${START_URL}.\n`);
    expect(fake.calls().filter((c) => c.api === "Logout")).toEqual([
      { api: "Logout", accessToken: token, outcome: "ok" },
    ]);
    expect(await home.keystore().keys()).toEqual([]);
    // The portal no longer takes the token.
    const probe = await fetch(`${fake.url}/federation/credentials?account_id=123456789012&role_name=admin`, {
      headers: { "x-amz-sso_bearer_token": token },
    });
    expect(probe.status).toBe(401);
  }, 60_000);
});

describe("SSO tokens shared with botocore, the AWS CLI and aws-vault", () => {
  const botocore = async (home: VaultHome, mode: string, profile: string) => {
    const { stdout } = await promisify(execFile)("python3", [BOTOCORE_SSO, mode, profile], {
      env: { ...home.env, PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it("botocore reads the token vault-cli shared and refreshes it; vault-cli then uses the token botocore wrote", async () => {
    // Tokens of 10 minutes: fine for vault-cli (5 min margin), inside botocore's 15-minute refresh window.
    const { home, fake } = await ssoUser({ accessTokenExpiresIn: 600 }, { VAULT_CLI_SSO_SHARE_TOKEN: "1" });
    expect((await exportJson(home, "dev")).code).toBe(0);
    const file = awsCliTokenPath(home.home, "corp");
    const shared = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(shared).toMatchObject({
      startUrl: START_URL,
      region: "eu-central-1",
      accessToken: fake.accessTokens()[0],
    });

    const read = await botocore(home, "token", "dev");
    expect(read).toMatchObject({ refreshed: true });
    expect(
      fake
        .calls()
        .filter((c) => c.api === "CreateToken")
        .at(-1),
    ).toMatchObject({
      grantType: "refresh_token",
      clientId: shared.clientId,
      outcome: "ok",
    });
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(written.accessToken).toBe(read.accessToken);

    // vault-cli, without its own token, takes the one botocore wrote: no sign-in.
    await home.keystore().remove(TOKEN_KEY);
    await dropRoleSessions(home);
    const run = await exportJson(home, "dev");
    expect(run.code, run.stderr).toBe(0);
    expect(fake.count("StartDeviceAuthorization")).toBe(1);
    expect(fake.calls().at(-1)).toMatchObject({
      api: "GetRoleCredentials",
      accessToken: written.accessToken,
    });
  }, 60_000);

  it("reads an oidc: item in aws-vault's shape", async () => {
    const { home, fake } = await ssoUser();
    const token = await deviceToken(fake);
    const expiration = new Date(Date.now() + 8 * 3600_000).toISOString().replace("Z", "123456+00:00");
    await home
      .keystore()
      .set(
        TOKEN_KEY,
        `{"Token":{"AccessToken":"${token}","ExpiresIn":28800,"IdToken":null,"RefreshToken":null,"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"${expiration}"}`,
      );
    const run = await exportJson(home, "dev");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(fake.count("StartDeviceAuthorization")).toBe(1); // the one made here
    expect(fake.calls().at(-1)).toMatchObject({
      api: "GetRoleCredentials",
      accessToken: token,
      outcome: "ok",
    });
  }, 60_000);
});

/** A token obtained the way aws-vault does (no scopes, so no refresh token), straight over HTTP. */
async function deviceToken(fake: SsoFake): Promise<string> {
  const post = async (path: string, body: object) => {
    const response = await fetch(`${fake.url}${path}`, { method: "POST", body: JSON.stringify(body) });
    return (await response.json()) as Record<string, string>;
  };
  const client = await post("/client/register", { clientName: "aws-vault", clientType: "public" });
  const credentials = { clientId: client.clientId, clientSecret: client.clientSecret };
  const device = await post("/device_authorization", { ...credentials, startUrl: START_URL });
  await fetch(device.verificationUriComplete!);
  const token = await post("/token", {
    ...credentials,
    grantType: "urn:ietf:params:oauth:grant-type:device_code",
    deviceCode: device.deviceCode,
  });
  return token.accessToken!;
}
