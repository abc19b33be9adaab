import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { VaultHome } from "@vault-cli/test-support";
import { bundleForNode, type Moto, startMoto } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JON_KEYS, roleConfig, roleUser } from "./support/role-user.js";

const INDEX = new URL("../src/index.ts", import.meta.url).pathname;

const run = promisify(execFile);
let bundle: Awaited<ReturnType<typeof bundleForNode>>;
let moto: Moto;
let user: VaultHome;

// Refuses any @aws-sdk module: a child that succeeds under it loaded no AWS SDK code.
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier.includes("@aws-sdk/")) throw new Error("AWS SDK LOADED: " + specifier);
  return next(specifier, context);
}`;

// argv: <profile> <"guard" | "call" | "full">. Prints the credentials' key id, with "call" the caller's ARN, with
// "full" the secret and token too.
const CHILD = `import { register } from "node:module";
if (process.argv[3] === "guard") register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOK)}));
const { fromVault } = await import("./index.mjs");
const provider = fromVault(process.argv[2]);
const credentials = await provider();
let arn;
if (process.argv[3] === "call") {
  const { STSClient, GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  const client = new STSClient({ region: "us-east-1", endpoint: process.env.AWS_ENDPOINT_URL, credentials: provider });
  arn = (await client.send(new GetCallerIdentityCommand({}))).Arn;
}
const full = process.argv[3] === "full" ? credentials : {};
console.log(JSON.stringify({ accessKeyId: credentials.accessKeyId, arn, ...full }));
`;

beforeAll(async () => {
  [bundle, moto] = await Promise.all([
    bundleForNode(INDEX, { external: [/^@aws-sdk\//], under: "packages/sdk-provider" }),
    startMoto({ record: true }),
  ]);
  writeFileSync(join(bundle.dir, "child.mjs"), CHILD);
  user = await roleUser(moto.url, roleConfig({ mfaProcess: true }));
}, 120_000);
afterAll(async () => {
  await moto?.stop();
});

async function child(profile: string, mode: "guard" | "call") {
  const { stdout, stderr } = await run(process.execPath, [join(bundle.dir, "child.mjs"), profile, mode], {
    env: user.env,
  });
  expect(stderr).toBe("");
  return JSON.parse(stdout) as { accessKeyId: string; arn?: string };
}

const stsCalls = async () => ({
  gst: await moto.count("GetSessionToken"),
  ar: await moto.count("AssumeRole"),
});

describe("fromVault across processes (the keystore cache and the engine's file lock)", () => {
  it("5 processes started at once make one GetSessionToken, one AssumeRole and ask one MFA code", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => child("admin", "call")));
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
    for (const r of results) expect(r.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/admin\//);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(user.mfaRuns()).toBe(1);
  });

  it("a process started later reuses the cache: no AWS call at all, no MFA, no AWS SDK loaded", async () => {
    await child("admin", "call"); // the cache is warm from here on, whether or not the test above ran
    const mfaRuns = user.mfaRuns();
    const before = (await moto.calls()).length;
    const guarded = await child("admin", "guard");
    const warm = await child("admin", "call");
    expect(guarded.accessKeyId).toBe(warm.accessKeyId);
    // Only the second child's own GetCallerIdentity reached moto.
    expect((await moto.calls()).slice(before).map((call) => call.action)).toEqual(["GetCallerIdentity"]);
    expect(user.mfaRuns()).toBe(mfaRuns);
  });

  it("VAULT_CLI_DEBUG=1 traces on stderr what it does, with no secret, token or MFA code in it", async () => {
    const fresh = await roleUser(moto.url, roleConfig({ mfaProcess: true }));
    const { stdout, stderr } = await run(process.execPath, [join(bundle.dir, "child.mjs"), "admin", "full"], {
      env: { ...fresh.env, VAULT_CLI_DEBUG: "1" },
    });
    const credentials = JSON.parse(stdout) as { secretAccessKey: string; sessionToken: string };
    const lines = stderr.split("\n").filter(Boolean);
    expect(lines.every((line) => /^vault-cli: debug \+\d+ms: /.test(line))).toBe(true);
    expect(stderr).toContain("ttl: sdk credentials must have 300s left");
    expect(stderr).toMatch(/sts: GetSessionToken for 'jon' at .* TokenCode=\*{6}\n/);
    expect(stderr).toMatch(/sts: AssumeRole -> \*{4}\w{4}, expires /);
    for (const secret of [
      credentials.secretAccessKey,
      credentials.sessionToken,
      JON_KEYS.secretAccessKey,
      JON_KEYS.accessKeyId,
      fresh.passphrase,
    ]) {
      expect(stderr).not.toContain(secret);
    }
    expect(stderr).not.toMatch(/TokenCode=(?!\*{6}(\s|$))/m);
  });
});
