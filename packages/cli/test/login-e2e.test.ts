import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assertBuilt,
  type FederationFake,
  type Moto,
  type SsoFake,
  startFederationFake,
  startMoto,
  startSsoFake,
  tempDir,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// `login` against moto's STS and a fake federation endpoint: the session JSON sent for a sign-in token, the
// STS calls that produced it, and the URL printed or opened.
const CONFIG = `
[profile alice]
region = eu-west-1
mfa_serial = arn:aws:iam::123456789012:mfa/alice
mfa_process = $MFA

[profile deploy]
source_profile = alice
role_arn = arn:aws:iam::123456789012:role/deploy
mfa_serial = arn:aws:iam::123456789012:mfa/alice
region = cn-north-1

[profile nowhere]
source_profile = alice
role_arn = arn:aws:iam::123456789012:role/deploy
mfa_serial = arn:aws:iam::123456789012:mfa/alice

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1

[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = admin
region = us-gov-west-1
`;

let moto: Moto;
let federation: FederationFake;
let sso: SsoFake | undefined;
beforeAll(async () => {
  assertBuilt();
  [moto, federation] = await Promise.all([startMoto({ record: true }), startFederationFake()]);
});
afterAll(async () => {
  await moto?.stop();
  await federation?.stop();
});
afterEach(async () => {
  await sso?.stop();
  sso = undefined;
});

/** A user with alice's real moto keys; `env` is added (a browser, the SSO fake). */
async function setup(env: Record<string, string> = {}) {
  await moto.reset();
  const keys = await moto.createUser("alice");
  const user = vaultHome(moto.url, CONFIG, {
    env: { VAULT_CLI_FEDERATION_ENDPOINT: federation.url, ...env },
  });
  await user.storeKeys("alice", keys);
  return { user, keys };
}

/** The file's text once it exists (written whole with one writeFileSync), within 10 seconds. */
async function fileWhenWritten(file: string): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (existsSync(file)) return readFileSync(file, "utf8");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} was not written within 10s`);
}

/** The query of a printed login URL, decoded. */
function loginQuery(url: string): Record<string, string> {
  expect(url.startsWith(`${federation.url}?`)).toBe(true);
  return Object.fromEntries(new URL(url).searchParams);
}

/** STS calls since the last setup() (its IAM calls are left out). */
const stsCalls = async () => (await moto.calls()).filter((call) => !IAM_SETUP.has(call.action ?? ""));
const IAM_SETUP = new Set(["CreateUser", "PutUserPolicy", "CreateAccessKey"]);
const actions = async () => (await stsCalls()).map((call) => call.action);

describe("vault-cli login --stdout", () => {
  it("an IAM user: federated as the IAM user with its long-term keys, no GetSessionToken and no MFA", async () => {
    const { user, keys } = await setup();
    const before = federation.requests.length;
    const r = await user.vaultAsync(["login", "--stdout", "alice"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const calls = await stsCalls();
    expect(calls.map((call) => call.action)).toEqual(["GetCallerIdentity", "GetFederationToken"]);
    expect(calls.every((call) => call.accessKeyId === keys.accessKeyId)).toBe(true);
    expect(calls[1]?.params).toMatchObject({ Name: "alice", DurationSeconds: "3600" });
    expect(JSON.parse(String(calls[1]?.params.Policy))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    });
    expect(user.mfaRuns()).toBe(0);
    const [request] = federation.requests.slice(before);
    expect(request?.params).toEqual({});
    // moto answers GetFederationToken with fixed example keys: anything but alice's own.
    expect(request?.session.sessionId).not.toBe(keys.accessKeyId);
    expect(request?.session.sessionToken).not.toBe("");
    expect(loginQuery(r.stdout.trim())).toEqual({
      Action: "login",
      Issuer: "vault-cli",
      Destination: "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
      SigninToken: `signin-${before + 1}`,
    });
    expect(r.stdout.endsWith("\n")).toBe(true);
  });

  it("--duration and --path: a 2-hour federated session opening the S3 console", async () => {
    const { user } = await setup();
    const r = await user.vaultAsync(["login", "-s", "-d", "2h", "--path", "s3/home", "alice"]);
    expect(r.code).toBe(0);
    const federate = (await stsCalls()).find((call) => call.action === "GetFederationToken");
    expect(federate?.params.DurationSeconds).toBe("7200");
    expect(loginQuery(r.stdout.trim()).Destination).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
  });

  it("a role: signed in with the role's credentials (one MFA code), in its partition's console", async () => {
    const { user } = await setup({ AWS_VAULT_STDOUT: "true" });
    const before = federation.requests.length;
    const r = await user.vaultAsync(["login", "deploy"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await actions()).toEqual(["GetSessionToken", "AssumeRole"]);
    expect(user.mfaRuns()).toBe(1);
    const [request] = federation.requests.slice(before);
    const session = JSON.parse((await user.vaultAsync(["export", "--format=json", "deploy"])).stdout);
    expect(request?.session).toEqual({
      sessionId: session.AccessKeyId,
      sessionKey: session.SecretAccessKey,
      sessionToken: session.SessionToken,
    });
    expect(loginQuery(r.stdout.trim()).Destination).toBe(
      "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
    );
    // Without a region: the global console.
    const global = await user.vaultAsync(["login", "nowhere"]);
    expect(loginQuery(global.stdout.trim()).Destination).toBe("https://console.aws.amazon.com/");
  });

  it("an SSO profile: signed in with the SSO role's credentials, in the us-gov console", async () => {
    sso = await startSsoFake();
    const dir = tempDir("login-browser");
    const browser = join(dir, "browser.cjs");
    writeFileSync(browser, "fetch(process.argv[2]).then((r) => process.exit(r.ok ? 0 : 1));\n");
    chmodSync(browser, 0o755);
    const { user } = await setup({
      AWS_ENDPOINT_URL_SSO: sso.url,
      AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
      BROWSER: `"${process.execPath}" "${browser}"`,
    });
    const before = federation.requests.length;
    const r = await user.vaultAsync(["login", "--stdout", "dev"]);
    expect(r.code, r.stderr).toBe(0);
    expect(sso.count("GetRoleCredentials")).toBe(1);
    expect(await actions()).toEqual([]);
    const [request] = federation.requests.slice(before);
    expect(request?.session.sessionId).toMatch(/^ASIA/);
    expect(loginQuery(r.stdout.trim()).Destination).toBe(
      "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1",
    );
  });
});

describe("vault-cli login (the browser)", () => {
  it("opens a one-time loopback page that redirects to the URL: the sign-in token is never on a command line", async () => {
    const dir = tempDir("login-browser");
    const browser = join(dir, "browser.cjs");
    // Notes its argv, follows nothing, and notes where the page sent it; a second visit gets 404.
    writeFileSync(
      browser,
      `const fs = require("fs");
fs.writeFileSync(${JSON.stringify(join(dir, "argv"))}, process.argv[2]);
(async () => {
  const first = await fetch(process.argv[2], { redirect: "manual" });
  const again = await fetch(process.argv[2], { redirect: "manual" }).then((r) => r.status, () => "closed");
  fs.writeFileSync(${JSON.stringify(join(dir, "seen"))}, JSON.stringify({
    status: first.status, location: first.headers.get("location"), again }));
})();\n`,
    );
    const { user } = await setup({ BROWSER: `"${process.execPath}" "${browser}"` });
    const r = await user.vaultAsync(["login", "alice"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Opened the AWS console as 'alice' in your browser\n");
    const argv = readFileSync(join(dir, "argv"), "utf8");
    expect(argv).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    // The browser runs on after vault-cli is done with it: wait for its note.
    const seen = JSON.parse(await fileWhenWritten(join(dir, "seen")));
    expect(seen.status).toBe(302);
    // Served once: a second visit finds the page gone, or the server closed.
    expect([404, "closed"]).toContain(seen.again);
    expect(loginQuery(seen.location).SigninToken).toMatch(/^signin-\d+$/);
  });

  it("a browser that cannot start is an error that points at --stdout", async () => {
    const { user } = await setup({ BROWSER: "/nonexistent/browser" });
    const r = await user.vaultAsync(["login", "alice"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/run 'vault-cli login --stdout' to print the URL instead/);
  });
});
