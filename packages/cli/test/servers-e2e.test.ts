import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  assertBuilt,
  type Moto,
  startMoto,
  tempDir,
  type VaultHome,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// exec --ecs-server and --ec2-server with real clients: the AWS CLI v1 (botocore's container and instance
// metadata providers) and the JS SDK's default provider chain, against moto's STS.
const CONFIG = `
[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = $MFA

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = eu-west-1
`;

/** The JS SDK as a child of exec: the default provider chain, so it finds the server on its own. */
const STS_MODULE = createRequire(new URL("../../sdk-provider/package.json", import.meta.url)).resolve(
  "@aws-sdk/client-sts",
);
const SDK_CHILD = `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(STS_MODULE)});
new STSClient({}).send(new GetCallerIdentityCommand({})).then(
  (r) => console.log(JSON.stringify({ arn: r.Arn, region: process.env.AWS_REGION })),
  (e) => { console.error(e.name + ": " + e.message); process.exit(1); },
);`;

/**
 * A child that asks the ECS server itself: without the token, with a wrong one, with the right one, and the
 * same port on 127.0.0.2 and ::1 (a server bound to anything but 127.0.0.1 would answer there).
 */
const PROBE_CHILD = `const net = require("node:net");
const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const status = async (headers) => (await fetch(url, { headers })).status;
const connects = (host) => new Promise((resolve) => {
  const socket = net.connect({ host, port: new URL(url).port });
  socket.on("connect", () => { socket.destroy(); resolve("connected"); });
  socket.on("error", (e) => resolve(e.code));
});
(async () => {
  const good = await fetch(url, { headers: { Authorization: token } });
  console.log(JSON.stringify({
    url, tokenLength: token.length, keys: Object.keys(process.env).filter((k) => /^AWS_(ACCESS|SECRET|SESSION)/.test(k)),
    none: await status({}), wrong: await status({ Authorization: token.slice(0, -1) + "x" }),
    bearer: await status({ Authorization: "Bearer " + token }),
    good: good.status, document: await good.json(),
    otherLoopback: await connects("127.0.0.2"), ipv6: await connects("::1"),
  }));
})();`;

let moto: Moto;
let children: string;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
  children = tempDir("server-children");
  writeFileSync(join(children, "sdk.cjs"), SDK_CHILD);
  writeFileSync(join(children, "probe.cjs"), PROBE_CHILD);
});
afterAll(() => moto?.stop());

async function setup(): Promise<VaultHome> {
  await moto.reset();
  const user = vaultHome(moto.url, CONFIG);
  await user.storeKeys("jon", { accessKeyId: "AKIAJONSERVERE2E", secretAccessKey: "jon-secret" });
  return user;
}

const aws = ["--", "aws", "sts", "get-caller-identity", "--output", "json"];
const child = (name: string) => ["--", process.execPath, join(children, name)];
const stsCalls = async () => ({
  gst: await moto.count("GetSessionToken"),
  ar: await moto.count("AssumeRole"),
});

describe.each([
  ["--ecs-server", "the ECS credentials endpoint"],
  ["--ec2-server", "EC2 instance metadata (IMDSv2)"],
])("exec %s: %s", (flag) => {
  it("the AWS CLI v1 gets the role's identity; the command's exit status is vault-cli's", async () => {
    const user = await setup();
    const r = user.vault(["exec", flag, "admin", ...aws]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/admin\//);
    expect(r.stderr).toMatch(/^Serving credentials of 'admin' to the command as /);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    const failing = user.vault(["exec", flag, "admin", "--", "sh", "-c", "exit 7"]);
    expect(failing.code).toBe(7);
    // The second command was served from the session cache: no STS call, no MFA code.
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(user.mfaRuns()).toBe(1);
  });

  it("the JS SDK's default provider chain gets the role's identity and the profile's region", async () => {
    const user = await setup();
    const r = user.vault(["exec", flag, "admin", ...child("sdk.cjs")]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      arn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/admin\//),
      region: "eu-west-1",
    });
  });
});

/** A child that asks the EC2 metadata server itself, IMDSv2 and v1, with bad tokens and a foreign Host. */
const IMDS_PROBE_CHILD = `const http = require("node:http");
const base = new URL(process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT);
const ask = (method, path, headers = {}) => new Promise((resolve, reject) => {
  const req = http.request({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
    let body = "";
    res.on("data", (c) => (body += c));
    res.on("end", () => resolve({ status: res.statusCode, body }));
  });
  req.on("error", reject);
  req.end();
});
const CREDS = "/latest/meta-data/iam/security-credentials/";
(async () => {
  const token = (await ask("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "60" })).body;
  const v2 = { "X-aws-ec2-metadata-token": token };
  const name = await ask("GET", CREDS, v2);
  const document = await ask("GET", CREDS + name.body, v2);
  console.log(JSON.stringify({
    name: name.body,
    document: JSON.parse(document.body),
    v1: (await ask("GET", CREDS + name.body)).status,
    badToken: (await ask("GET", CREDS + name.body, { "X-aws-ec2-metadata-token": "forged" })).status,
    foreignHost: (await ask("GET", CREDS, { Host: "attacker.example:" + base.port })).status,
    proxiedToken: (await ask("PUT", "/latest/api/token", {
      "X-aws-ec2-metadata-token-ttl-seconds": "60", "X-Forwarded-For": "203.0.113.9" })).status,
    tooLongToken: (await ask("PUT", "/latest/api/token", { "X-aws-ec2-metadata-token-ttl-seconds": "21601" })).status,
    region: (await ask("GET", "/latest/meta-data/placement/region", v2)).body,
    unknown: (await ask("GET", "/latest/user-data", v2)).status,
  }));
})();`;

describe("exec --ecs-server: what the endpoint lets through", () => {
  it("answers only the exact token (403 otherwise), on 127.0.0.1 only, and the command's env holds no keys", async () => {
    const user = await setup();
    const r = user.vault(["exec", "--ecs-server", "admin", ...child("probe.cjs")]);
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout);
    expect(seen).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      tokenLength: 40,
      keys: [],
      none: 403,
      wrong: 403,
      bearer: 403,
      good: 200,
      otherLoopback: "ECONNREFUSED",
    });
    expect(seen.ipv6).not.toBe("connected");
    expect(Object.keys(seen.document)).toEqual(["AccessKeyId", "Expiration", "SecretAccessKey", "Token"]);
    expect(seen.document.AccessKeyId).toMatch(/^ASIA/);
    expect(seen.document.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("/role-arn/<arn> assumes that role with the profile's credentials (aws-vault's route)", async () => {
    const user = await setup();
    const reader = "arn:aws:iam::210987654321:role/reader";
    const script = `AWS_CONTAINER_CREDENTIALS_FULL_URI="$AWS_CONTAINER_CREDENTIALS_FULL_URI/role-arn/${reader}" aws sts get-caller-identity --output json`;
    const r = user.vault(["exec", "--ecs-server", "admin", "--", "sh", "-c", script]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Arn).toMatch(/^arn:aws:sts::210987654321:assumed-role\/reader\//);
    const roleCalls = (await moto.calls()).filter((call) => call.action === "AssumeRole");
    expect(roleCalls.map((call) => call.params.RoleArn)).toEqual([
      "arn:aws:iam::123456789012:role/admin",
      reader,
    ]);
    // Signed with admin's role credentials, without MFA.
    expect(roleCalls[1]?.accessKeyId).not.toBe(roleCalls[0]?.accessKeyId);
    expect(roleCalls[1]?.params.SerialNumber).toBeUndefined();
  });

  it("--lazy starts the command before any STS call; without it, credentials are fetched first", async () => {
    const user = await setup();
    const lazy = user.vault(["exec", "--ecs-server", "--lazy", "admin", "--", "true"]);
    expect(lazy.code).toBe(0);
    expect(await stsCalls()).toEqual({ gst: 0, ar: 0 });
    expect(user.mfaRuns()).toBe(0);
    const eager = user.vault(["exec", "--ecs-server", "admin", "--", "true"]);
    expect(eager.code).toBe(0);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
  });

  it("--debug logs each request (status, method, path), never the token", async () => {
    const user = await setup();
    const r = user.vault(["--debug", "exec", "--ecs-server", "admin", ...aws]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^vault-cli: debug \+\d+ms: http: 127\.0\.0\.1: 200 GET \/ \(\d+ ms\)$/m);
    expect(r.stderr).not.toMatch(/AWS_CONTAINER_AUTHORIZATION_TOKEN|Authorization/);
  });
});

describe("exec --ec2-server: what the metadata endpoint lets through", () => {
  it("serves IMDSv2 and v1, refuses forged tokens, foreign Hosts and proxied token requests", async () => {
    const user = await setup();
    writeFileSync(join(children, "imds-probe.cjs"), IMDS_PROBE_CHILD);
    const r = user.vault(["exec", "--ec2-server", "admin", ...child("imds-probe.cjs")]);
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout);
    expect(seen).toMatchObject({
      name: "local-credentials",
      v1: 200,
      badToken: 401,
      foreignHost: 403,
      proxiedToken: 403,
      tooLongToken: 400,
      region: "eu-west-1",
      unknown: 404,
    });
    expect(seen.document).toMatchObject({
      Code: "Success",
      Type: "AWS-HMAC",
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect(r.stderr).toMatch(/any process on this machine can read them while it runs/);
  });

  it("the AWS CLI went through the IMDSv2 token flow (--debug's access log)", async () => {
    const user = await setup();
    const r = user.vault(["--debug", "exec", "--ec2-server", "admin", ...aws]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^vault-cli: debug \+\d+ms: http: 127\.0\.0\.1: 200 PUT \/latest\/api\/token /m);
    expect(r.stderr).toMatch(
      /^vault-cli: debug \+\d+ms: http: 127\.0\.0\.1: 200 GET \/latest\/meta-data\/iam\/security-credentials\/local-credentials /m,
    );
  });
});
