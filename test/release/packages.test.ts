import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Moto,
  type Packed,
  PUBLISHED,
  packedIn,
  packPublished,
  startMoto,
  tempDir,
  vaultHome,
} from "@vault-cli/test-support";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What a user gets from the registry: every package packed as `pnpm publish` would pack it, installed with npm
// into an empty directory outside the repository, and used from there: the libraries from CommonJS, ESM and
// TypeScript, the CLI installed globally from its tarball alone, then run by a shell and by the AWS CLI.
// `pnpm release --dry-run` runs this file on packages packed by their own `prepack` (VAULT_CLI_RELEASE_PREPACK=1).

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const ATTW = join(ROOT, "node_modules/.bin/attw");
const ROLE = "arn:aws:iam::123456789012:role/admin";

const CONFIG = `
[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = $MFA
${["cli-admin", "app-admin", "process-admin"]
  .map(
    (name) => `
[profile ${name}]
source_profile = jon
role_arn = ${ROLE}
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1
`,
  )
  .join("")}
[profile dual-jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/dual-jon
mfa_process = $MFA

[profile dual-admin]
source_profile = dual-jon
role_arn = ${ROLE}
mfa_serial = arn:aws:iam::123456789012:mfa/dual-jon
region = us-east-1

[profile via-vault]
credential_process = vault-cli export --format=json process-admin
region = us-east-1
`;

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to the end (at most 5 minutes), with exactly `env`. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, timeout: 5 * 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The environment of npm, pnpm, tsc and attw: the machine's, without the npm_* settings of the `pnpm test` that
 * runs this, with a TMPDIR (where Node 22 and later keep the compile cache) and an npm cache and log dir of the
 * test's own, so nothing is left behind.
 */
let toolDir: string;
const toolEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  TMPDIR: join(toolDir, "tmp"),
  npm_config_cache: join(toolDir, "npm-cache"),
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
});
/** PATH without any directory that holds a `vault-cli` (the set-up links one): only the installed one is found. */
const pathWithoutVaultCli = () =>
  (process.env.PATH ?? "/usr/bin:/bin")
    .split(":")
    .filter((dir) => dir && !existsSync(join(dir, "vault-cli")))
    .join(":");
/** The SDK version the provider asks for at least: an app that has it already must get one copy. */
const SDK_FLOOR = JSON.parse(
  readFileSync(join(ROOT, "packages/sdk-provider/package.json"), "utf8"),
).dependencies["@aws-sdk/client-sts"].replace(/^\^/, "");

let packed: Packed;
let app: string;
let alone: string;
let prefix: string;
let moto: Moto;
let user: ReturnType<typeof vaultHome>;
/** The user's environment: the installed vault-cli first on PATH, and no AWS SDK setting of the test run's. */
let userEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  toolDir = tempDir("tools");
  mkdirSync(join(toolDir, "tmp"));
  const given = process.env.VAULT_CLI_PACKED_DIR;
  packed = given ? packedIn(given) : await packPublished(tempDir("packed"));
  // An app that has the AWS SDK already, then adds the three libraries.
  app = tempDir("app");
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const install = await run(
    "npm",
    ["install", `@aws-sdk/client-sts@${SDK_FLOOR}`, packed.core, packed.keystores, packed["sdk-provider"]],
    { cwd: app, env: toolEnv() },
  );
  expect(install.code, install.stderr).toBe(0);
  // An app with the keystores only (and the core they need), nothing hoisted from the provider's install.
  alone = tempDir("keystores-alone");
  writeFileSync(join(alone, "package.json"), JSON.stringify({ name: "keystores-alone", private: true }));
  const installAlone = await run("npm", ["install", packed.core, packed.keystores], {
    cwd: alone,
    env: toolEnv(),
  });
  expect(installAlone.code, installAlone.stderr).toBe(0);
  prefix = tempDir("global");
  const global = await run("npm", ["install", "--global", "--prefix", prefix, packed.cli], {
    env: toolEnv(),
  });
  expect(global.code, global.stderr).toBe(0);

  moto = await startMoto();
  user = vaultHome(moto.url, CONFIG, { env: { AWS_REGION: "us-east-1" } });
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...env } = user.env;
  userEnv = {
    ...env,
    PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:${pathWithoutVaultCli()}`,
    MOTO: moto.url,
  };
  const added = await run("vault-cli", ["add", "--env", "jon"], {
    env: { ...userEnv, AWS_ACCESS_KEY_ID: "AKIACONSUMERJON00001", AWS_SECRET_ACCESS_KEY: "jon-secret" },
  });
  expect(added).toEqual({ code: 0, stdout: 'Added credentials to profile "jon" in vault\n', stderr: "" });
}, 600_000);

afterAll(async () => {
  await moto?.stop();
});

describe("the CLI, installed with `npm install --global` from its tarball alone", () => {
  it("brings no dependencies and nothing but its eight files, the manual and the license", async () => {
    const installed = join(prefix, "lib/node_modules/vault-cli");
    const files = await run("find", [".", "-type", "f"], { cwd: installed, env: toolEnv() });
    expect(files.stdout.trim().split("\n").sort()).toEqual([
      "./LICENSE",
      "./README.md",
      "./dist/agent-daemon.cjs",
      "./dist/cli.cjs",
      "./dist/jose.cjs",
      "./dist/main.cjs",
      "./dist/os-backends.cjs",
      "./dist/sdk-iam.cjs",
      "./dist/sdk-sso.cjs",
      "./dist/sdk-sts.cjs",
      "./package.json",
    ]);
    const found = await run("sh", ["-c", "command -v vault-cli"], { env: userEnv });
    expect(found.stdout).toBe(`${join(prefix, "bin/vault-cli")}\n`);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.dependencies).toBeUndefined();
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toBe(
      readFileSync(join(ROOT, "LICENSE"), "utf8"),
    );
    expect(readFileSync(join(installed, "README.md"), "utf8")).toMatch(/^# vault-cli\n/);
  });

  it("exec runs a command with role credentials from moto, and prints nothing of its own (no SDK warning)", async () => {
    const r = await run(
      "vault-cli",
      [
        "exec",
        "cli-admin",
        "--",
        "node",
        "-e",
        "console.log(process.env.AWS_VAULT, process.env.AWS_ACCESS_KEY_ID.slice(0, 4))",
      ],
      { env: userEnv },
    );
    expect(r).toEqual({ code: 0, stdout: "cli-admin ASIA\n", stderr: "" });
  });

  it("the AWS CLI runs it as credential_process (no shell: it is found on PATH) and acts as the role", async () => {
    const r = await run(
      "aws",
      [
        "sts",
        "get-caller-identity",
        "--profile",
        "via-vault",
        "--endpoint-url",
        moto.url,
        "--output",
        "json",
      ],
      { env: userEnv },
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/admin\//);
  });

  it("npx and pnpm dlx run it from the tarball", async () => {
    const cache = tempDir("tool-cache");
    // Away from the repository, and with no other vault-cli on PATH to find instead.
    const env = { ...toolEnv(), PATH: `${dirname(process.execPath)}:${pathWithoutVaultCli()}` };
    const npx = await run("npx", ["--yes", "--package", packed.cli, "vault-cli", "--version"], {
      cwd: cache,
      env: { ...env, npm_config_cache: join(cache, "npm") },
    });
    expect(npx).toMatchObject({ code: 0, stdout: "0.1.0\n" });
    const dlx = await run(
      "pnpm",
      [
        `--config.store-dir=${join(cache, "store")}`,
        `--config.cache-dir=${join(cache, "pnpm")}`,
        "dlx",
        packed.cli,
        "--version",
      ],
      { env, cwd: cache },
    );
    expect(dlx.code).toBe(0);
    expect(dlx.stdout.trim().split("\n").at(-1)).toBe("0.1.0");
  });
});

describe("the libraries, installed with npm from their tarballs", () => {
  const FROM_VAULT = (load: string) => `${load}
const before = JSON.stringify(process.env);
const sts = new STSClient({ region: "us-east-1", endpoint: process.env.MOTO, credentials: fromVault("app-admin") });
sts.send(new GetCallerIdentityCommand({})).then((who) => {
  console.log(who.Arn.split("/").slice(0, 2).join("/"));
  console.log(JSON.stringify(process.env) === before ? "process.env untouched" : "process.env changed");
});
`;

  it("CommonJS: require('@vault-cli/sdk-provider') gives a fromVault that the SDK uses against moto", async () => {
    const script = join(app, "from-vault.cjs");
    writeFileSync(
      script,
      FROM_VAULT(`const { fromVault } = require("@vault-cli/sdk-provider");
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");`),
    );
    const r = await run(process.execPath, [script], { cwd: app, env: userEnv });
    expect(r.stdout).toBe("arn:aws:sts::123456789012:assumed-role/admin\nprocess.env untouched\n");
    expect(r.code).toBe(0);
  });

  it("ESM: import { fromVault } does the same", async () => {
    const script = join(app, "from-vault.mjs");
    writeFileSync(
      script,
      FROM_VAULT(`import { fromVault } from "@vault-cli/sdk-provider";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";`),
    );
    const r = await run(process.execPath, [script], { cwd: app, env: userEnv });
    expect(r.stdout).toBe("arn:aws:sts::123456789012:assumed-role/admin\nprocess.env untouched\n");
    expect(r.code).toBe(0);
  });

  it(`an app that has @aws-sdk/client-sts ${SDK_FLOOR} already gets one copy of it`, async () => {
    const ls = await run("npm", ["ls", "@aws-sdk/client-sts", "--all", "--parseable"], {
      cwd: app,
      env: toolEnv(),
    });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split("\n")).toEqual([join(app, "node_modules/@aws-sdk/client-sts")]);
  });

  it("one process that loads both builds (ESM and CommonJS) still asks for one MFA code", async () => {
    const added = await run("vault-cli", ["add", "--env", "dual-jon"], {
      env: { ...userEnv, AWS_ACCESS_KEY_ID: "AKIACONSUMERDUAL0001", AWS_SECRET_ACCESS_KEY: "dual-secret" },
    });
    expect(added.code).toBe(0);
    const script = join(app, "dual.mjs");
    writeFileSync(
      script,
      `import { createRequire } from "node:module";
import { fromVault as esm } from "@vault-cli/sdk-provider";
const { fromVault: cjs } = createRequire(import.meta.url)("@vault-cli/sdk-provider");
const [a, b] = await Promise.all([esm("dual-admin")(), cjs("dual-admin")()]);
console.log(esm === cjs, a.accessKeyId === b.accessKeyId);
`,
    );
    const runsBefore = user.mfaRuns();
    const r = await run(process.execPath, [script], { cwd: app, env: userEnv });
    expect(r).toMatchObject({ code: 0, stdout: "false true\n" });
    expect(user.mfaRuns() - runsBefore).toBe(1);
  });

  it("requiring the provider loads no AWS SDK code", async () => {
    const cjs = await run(
      process.execPath,
      [
        "-e",
        `require("@vault-cli/sdk-provider"); console.log(Object.keys(require.cache).filter((f) => f.includes("@aws-sdk")).length)`,
      ],
      { cwd: app, env: userEnv },
    );
    expect(cjs.stdout).toBe("0\n");
  });

  it("@vault-cli/keystores alone reads, from CommonJS and ESM, a key the installed CLI wrote", async () => {
    const added = await run("vault-cli", ["add", "--env", "stored-alone"], {
      env: { ...userEnv, AWS_ACCESS_KEY_ID: "AKIAKEYSTORESALONE01", AWS_SECRET_ACCESS_KEY: "alone-secret" },
    });
    expect(added.code).toBe(0);
    const body = `
const keystore = fileKeystore({ dir: process.env.AWS_VAULT_FILE_DIR, passphrase: () => process.env.AWS_VAULT_FILE_PASSPHRASE });
keystore.get("stored-alone").then(async (item) => {
  console.log((await keystore.keys()).includes("stored-alone"), JSON.parse(item).AccessKeyID);
});
`;
    writeFileSync(
      join(alone, "keystore.cjs"),
      `const { fileKeystore } = require("@vault-cli/keystores/file");${body}`,
    );
    writeFileSync(
      join(alone, "keystore.mjs"),
      `import { fileKeystore } from "@vault-cli/keystores/file";${body}`,
    );
    for (const script of ["keystore.cjs", "keystore.mjs"]) {
      const r = await run(process.execPath, [script], { cwd: alone, env: userEnv });
      expect(r).toEqual({ code: 0, stdout: "true AKIAKEYSTORESALONE01\n", stderr: "" });
    }
  });

  // Each project compiles this against the installed packages' own types. Were they `any`, the two
  // expect-error directives below would be unused, which fails the compile.
  const CONSUMER = `import { isVaultError, type Keystore } from "@vault-cli/core";
import { fileKeystore } from "@vault-cli/keystores/file";
import { type FromVaultOptions, fromVault } from "@vault-cli/sdk-provider";

const options: FromVaultOptions = { region: "us-east-1", refreshWindowSeconds: 600 };
const provider = fromVault("app-admin", options);
const keystore: Keystore = fileKeystore({ dir: "keys", passphrase: () => "p" });
// @ts-expect-error a profile is a string
fromVault(42);
// @ts-expect-error no such option
fromVault("app-admin", { regoin: "us-east-1" });
console.log(typeof provider, typeof keystore.keys, isVaultError(new Error("x")));
`;
  const PROJECTS = {
    "nodenext-cjs": { type: "commonjs", compilerOptions: { module: "nodenext" }, runs: true },
    "nodenext-esm": { type: "module", compilerOptions: { module: "nodenext" }, runs: true },
    bundler: {
      type: "module",
      compilerOptions: { module: "esnext", moduleResolution: "bundler" },
      runs: false,
    },
    node10: {
      type: "commonjs",
      compilerOptions: { module: "commonjs", moduleResolution: "node10" },
      runs: true,
    },
  } as const;

  for (const [name, project] of Object.entries(PROJECTS)) {
    it(`TypeScript (${name}) type-checks against the published types${project.runs ? ", and its output runs" : ""}`, async () => {
      const dir = join(app, `ts-${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: project.type }));
      writeFileSync(join(dir, "index.ts"), CONSUMER);
      const compilerOptions = {
        ...project.compilerOptions,
        target: "es2022",
        strict: true,
        outDir: "out",
        ignoreDeprecations: "5.0",
        typeRoots: [join(ROOT, "node_modules/@types")],
        types: ["node"],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }));
      const tsc = await run(process.execPath, [TSC, "-p", dir], { cwd: dir, env: toolEnv() });
      expect(tsc.stdout).toBe("");
      expect(tsc.code).toBe(0);
      if (project.runs) {
        const r = await run(process.execPath, [join(dir, "out/index.js")], { cwd: dir, env: userEnv });
        expect(r).toEqual({ code: 0, stdout: "function function false\n", stderr: "" });
      }
    });
  }
});

describe("package checks on the tarballs", () => {
  for (const dir of ["core", "keystores", "sdk-provider", "cli"] as const) {
    it(`${dir}: publint finds nothing, not even a suggestion`, async () => {
      const tarball = readFileSync(packed[dir]);
      const { messages, pkg } = await publint({
        pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
        level: "suggestion",
      });
      expect(messages.map((m) => formatMessage(m, pkg, { color: false }))).toEqual([]);
    });
  }

  for (const dir of ["core", "keystores", "sdk-provider"] as const) {
    it(`${dir}: arethetypeswrong finds no problem in any resolution mode`, async () => {
      const r = await run(ATTW, [packed[dir], "--format", "ascii", "--no-color"], { env: toolEnv() });
      expect(r.stdout).toContain("No problems found");
      expect(r.code).toBe(0);
    });
  }

  it("docs/performance.md gives each tarball's size and unpacked size within 15%", async () => {
    const doc = readFileSync(join(ROOT, "docs/performance.md"), "utf8");
    for (const [dir, name] of Object.entries(PUBLISHED) as [keyof Packed, string][]) {
      const row = doc.match(new RegExp(`^\\| \`${name}\`\\s*\\| ([\\d,]+) KB\\s*\\| ([\\d,]+) KB`, "m"));
      expect(row, `a row for ${name}`).not.toBeNull();
      const kb = (text: string) => Number(text.replaceAll(",", "")) * 1000;
      const tarball = kb(row![1]!);
      const unpacked = kb(row![2]!);
      const listing = await run("tar", ["tzvf", packed[dir]], { env: toolEnv() });
      const actual = listing.stdout
        .trim()
        .split("\n")
        .reduce((sum, line) => sum + Number(line.split(/\s+/)[2]), 0);
      const size = statSync(packed[dir]).size;
      expect(Math.abs(size - tarball) / size, `${name} tarball: ${size} bytes`).toBeLessThan(0.15);
      expect(Math.abs(actual - unpacked) / actual, `${name} unpacked: ${actual} bytes`).toBeLessThan(0.15);
    }
  });

  it("every tarball holds the LICENSE and a README, and no source maps, tests or sources", async () => {
    for (const dir of ["core", "keystores", "sdk-provider", "cli"] as const) {
      const list = await run("tar", ["tzf", packed[dir]], { env: toolEnv() });
      const files = list.stdout.trim().split("\n").sort();
      expect(files).toContain("package/LICENSE");
      expect(files).toContain("package/README.md");
      expect(files.filter((f) => /\.map$|\/test\/|\/src\//.test(f))).toEqual([]);
      expect(statSync(packed[dir]).size).toBeGreaterThan(1000);
    }
  });
});
