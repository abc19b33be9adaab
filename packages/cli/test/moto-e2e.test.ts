import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, MAIN, type Moto, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CONFIG = `
[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = $MFA

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1

[profile deploy]
source_profile = jon
role_arn = arn:aws:iam::210987654321:role/deploy
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1

[profile via-vault]
region = us-east-1
credential_process = ${process.execPath} ${MAIN} export --format=json admin
`;

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

function setup() {
  const user = vaultHome(moto.url, CONFIG);
  const add = user.vault(["add", "--env", "jon"], {
    AWS_ACCESS_KEY_ID: "AKIAJONE2E0WXYZ",
    AWS_SECRET_ACCESS_KEY: "jon-secret",
  });
  expect(add.stderr).toBe("");
  return user;
}

const stsCalls = async () => ({
  gst: await moto.count("GetSessionToken"),
  ar: await moto.count("AssumeRole"),
});

describe("exec and export against moto's STS", () => {
  it("export makes one GetSessionToken (with MFA from mfa_process) and one AssumeRole, then none within the TTL", async () => {
    await moto.reset();
    const user = setup();
    const first = user.vault(["export", "--format=json", "admin"]);
    expect(first.stderr).toBe("");
    const creds = JSON.parse(first.stdout);
    expect(creds.AccessKeyId).toMatch(/^ASIA/);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(user.mfaRuns()).toBe(1);
    const calls = await moto.calls();
    expect(calls.find((c) => c.action === "GetSessionToken")?.params).toMatchObject({
      SerialNumber: "arn:aws:iam::123456789012:mfa/jon",
      TokenCode: "123456",
    });
    // The AssumeRole was signed with the GetSessionToken credentials, not jon's long-term key.
    expect(calls.find((c) => c.action === "AssumeRole")?.accessKeyId).not.toBe("AKIAJONE2E0WXYZ");
    const again = user.vault(["export", "--format=json", "admin"]);
    expect(JSON.parse(again.stdout)).toEqual(creds);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    // Another role from the same source and MFA device reuses the MFA session: no new code.
    user.vault(["export", "--format=json", "deploy"]);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 2 });
    expect(user.mfaRuns()).toBe(1);
  });

  it("exec gives the command credentials that moto attributes to the assumed role", async () => {
    await moto.reset();
    const user = setup();
    const r = user.vault(["exec", "deploy", "--", "aws", "sts", "get-caller-identity", "--output", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Arn).toMatch(/^arn:aws:sts::210987654321:assumed-role\/deploy\//);
  });

  it("--no-session caches nothing and exports jon's long-term keys", async () => {
    await moto.reset();
    const user = setup();
    const r = user.vault(["export", "--no-session", "jon"]);
    expect(r.stdout).toContain("AWS_ACCESS_KEY_ID=AKIAJONE2E0WXYZ\n");
    expect(r.stdout).not.toContain("AWS_SESSION_TOKEN");
    expect(await stsCalls()).toEqual({ gst: 0, ar: 0 });
    expect(user.vault(["list", "--sessions"]).stdout).toBe("");
  });

  it("the AWS CLI v1 uses vault-cli as its credential_process, and a second call makes no STS call", async () => {
    await moto.reset();
    const user = setup();
    const aws = () =>
      spawnSync("aws", ["sts", "get-caller-identity", "--profile", "via-vault", "--output", "json"], {
        encoding: "utf8",
        env: user.env,
      });
    const first = aws();
    expect(first.stderr).toBe("");
    expect(JSON.parse(first.stdout).Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/admin\//);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(JSON.parse(aws().stdout).Arn).toMatch(/assumed-role\/admin\//);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
  });

  it("20 parallel exports on a cold cache make one GetSessionToken, one MFA code and agree", async () => {
    await moto.reset();
    const user = setup();
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => user.vaultAsync(["export", "--format=json", "admin"])),
    );
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, ""]);
    const keys = new Set(runs.map((r) => JSON.parse(r.stdout).AccessKeyId));
    expect(keys.size).toBe(1);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(user.mfaRuns()).toBe(1);
    // The cache still reads back.
    expect(JSON.parse(user.vault(["export", "--format=json", "admin"]).stdout).AccessKeyId).toBe(
      [...keys][0],
    );
  });

  it("the cache-hit path loads no AWS SDK, no jose, no node:http and no child_process; a miss does load the SDK", async () => {
    await moto.reset();
    const user = setup();
    const hook = join(user.home, "loaded.cjs");
    const log = join(user.home, "loaded.log");
    writeFileSync(
      hook,
      // Every module required, and every file read (the CLI reads its sibling bundles itself, with their code cache).
      `const M = require("module"); const fs = require("fs"); const seen = new Set();
       const load = M._load; M._load = function (r, p, m) { const f = M._resolveFilename(r, p, m); seen.add(f); return load.apply(this, arguments); };
       const read = fs.readFileSync; fs.readFileSync = function (f) { if (typeof f === "string") seen.add(f); return read.apply(this, arguments); };
       process.on("exit", () => fs.writeFileSync(${JSON.stringify(log)}, [...seen].join("\\n")));`,
    );
    const loaded = () => readFileSync(log, "utf8").split("\n");
    const sdk = (files: string[]) => files.filter((f) => /sdk-sts\.cjs$|@aws-sdk|@smithy/.test(f));
    const run = () => user.vault(["export", "--format=json", "admin"], { NODE_OPTIONS: `--require ${hook}` });
    expect(run().stderr).toBe("");
    const miss = loaded();
    expect(sdk(miss).length).toBeGreaterThan(0);
    expect(miss.some((f) => /jose\.cjs$/.test(f))).toBe(true); // it wrote the new session items
    expect(run().stderr).toBe("");
    const hit = loaded();
    expect(sdk(hit)).toEqual([]);
    // The file backend reads its items with node:crypto; jose (dist/jose.cjs) only writes them.
    expect(hit.filter((f) => /jose\.cjs$|sdk-sso\.cjs$|^(node:)?https?$/.test(f))).toEqual([]);
    // Nor the built-ins only a prompt or a child process needs (child_process alone pulls in net).
    expect(hit.filter((f) => /^(node:)?(child_process|net|readline|tty|stream)$/.test(f))).toEqual([]);
  });

  it("list and explain load no node:crypto (nor the streams it pulls in); a hit loads crypto and nothing a prompt, child or server needs", async () => {
    await moto.reset();
    const user = setup();
    const hook = join(user.home, "builtins.cjs");
    const log = join(user.home, "builtins.log");
    // Node's own list of the built-ins loaded, whichever way (require, import or process.getBuiltinModule).
    writeFileSync(
      hook,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(log)}, process.moduleLoadList.join("\\n")));`,
    );
    const builtins = (args: string[]) => {
      expect(user.vault(args, { NODE_OPTIONS: `--require ${hook}` }).stderr).toBe("");
      return readFileSync(log, "utf8")
        .split("\n")
        .filter((m) => /^NativeModule (crypto|stream|child_process|net|readline|tty|https?)$/.test(m))
        .sort();
    };
    const miss = builtins(["export", "--format=json", "admin"]);
    expect(miss).toContain("NativeModule crypto");
    expect(miss).toContain("NativeModule child_process"); // the mfa_process
    expect(builtins(["list"])).toEqual([]);
    expect(builtins(["explain", "admin"])).toEqual([]);
    expect(builtins(["export", "--format=json", "admin"])).toEqual([
      "NativeModule crypto",
      "NativeModule stream",
    ]);
  });
});

describe("STS failures become clear errors", () => {
  it("an unreachable endpoint names the profile and the call, exits 1 and caches nothing", async () => {
    const user = setup();
    const r = user.vault(["export", "admin"], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vault-cli: error: export: .*jon.*GetSessionToken/);
    expect(r.stderr).not.toContain("jon-secret");
    expect(user.vault(["list", "--sessions"]).stdout).toBe("");
  });

  it("a credential_process that prints garbage is named, and its output is not echoed", async () => {
    const user = setup();
    const script = join(user.home, "garbage.sh");
    writeFileSync(script, "#!/bin/sh\necho 'not json SECRETVALUE'\n", { mode: 0o755 });
    writeFileSync(user.configFile, `[profile bad]\ncredential_process = ${script}\n`);
    const r = user.vault(["export", "bad"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'bad'");
    expect(r.stderr).not.toContain("SECRETVALUE");
  });
});
