import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleForNode, type Moto, startMoto } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const INDEX = new URL("../src/index.ts", import.meta.url).pathname;

const run = promisify(execFile);
let bundle: Awaited<ReturnType<typeof bundleForNode>>;
let moto: Moto;

// Refuses to resolve any @aws-sdk module, so "imported-ok" proves the entry loaded none of them.
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier.includes("@aws-sdk/")) throw new Error("AWS SDK LOADED: " + specifier);
  return next(specifier, context);
}`;

const CHILD = `import { register } from "node:module";
if (process.argv[2] === "guard") register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOK)}));
const { lazySts, fromVault } = await import("./index.mjs");
const provider = fromVault("dev", { env: { AWS_CONFIG_FILE: "/dev/null" } });
console.log("imported-ok", typeof provider);
const sts = lazySts({ env: { AWS_ENDPOINT_URL_STS: process.argv[3] } });
const input = { profile: "dev", region: "eu-west-1", durationSeconds: 900,
  credentials: { accessKeyId: "AKIALAZY000000000001", secretAccessKey: "s" } };
const before = JSON.stringify(process.env);
try { console.log("sts-ok", (await sts.getSessionToken(input)).accessKeyId.length > 0); }
catch (error) { console.log("sts-error", error.message); }
console.log(JSON.stringify(process.env) === before ? "env-untouched" : "env-changed");
`;

beforeAll(async () => {
  [bundle, moto] = await Promise.all([
    bundleForNode(INDEX, { external: [/^@aws-sdk\//], under: "packages/sdk-provider" }),
    startMoto(),
  ]);
  writeFileSync(join(bundle.dir, "child.mjs"), CHILD);
}, 120_000);
afterAll(async () => {
  await moto?.stop();
});

const child = (...args: string[]) =>
  run(process.execPath, [join(bundle.dir, "child.mjs"), ...args], {
    env: { PATH: process.env.PATH, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
  });

describe("@vault-cli/sdk-provider loads the AWS SDK only on the first STS call", () => {
  it("importing the entry and making a fromVault provider load no @aws-sdk module; the first call does", async () => {
    const { stdout } = await child("guard", moto.url);
    expect(stdout).toContain("imported-ok function");
    expect(stdout).toMatch(/sts-error .*AWS SDK LOADED: @aws-sdk\/client-sts/);
  });

  it("a real call works, and leaves process.env and the SDK's Node 20 warning to the app", async () => {
    const { stdout, stderr } = await child("plain", moto.url);
    expect(stdout).toContain("sts-ok true\nenv-untouched\n");
    // The SDK warns on Node 20 only (its 2027 releases need 22): the app keeps it or sets the variable.
    const node20 = process.versions.node.startsWith("20.");
    expect(stderr.includes("NodeVersionSupportWarning")).toBe(node20);
    const quiet = await run(process.execPath, [join(bundle.dir, "child.mjs"), "plain", moto.url], {
      env: {
        PATH: process.env.PATH,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
    });
    expect(quiet.stderr).toBe("");
  });
});
