#!/usr/bin/env node
// `pnpm bench`: performance figures, never asserted in tests. Needs `pnpm build` first.
// Config: a 5,000-profile file (users, roles, role chains up to depth 4, SSO) parsed and every profile
// planned, median of 15 runs. Startup: `vault-cli explain` as a whole process versus `node -e 0`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const core = await import("../packages/core/dist/index.js");

function bigConfig(n) {
  const lines = ["[default]", "region = eu-west-1", ""];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    lines.push(`[profile p${i}]`);
    if (kind === 0) lines.push(`mfa_serial = arn:aws:iam::111111111111:mfa/u${i}`);
    else if (kind === 4)
      lines.push(
        "sso_start_url = https://x.awsapps.com/start",
        "sso_region = eu-west-1",
        "sso_account_id = 1",
        "sso_role_name = r",
      );
    else {
      lines.push(`source_profile = p${i - 1}`, `role_arn = arn:aws:iam::222222222222:role/r${i}`);
      lines.push(`mfa_serial = arn:aws:iam::111111111111:mfa/u${i - kind} # same device`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const text = bigConfig(5000);
const stored = new Set(Array.from({ length: 1000 }, (_, i) => `p${i * 5}`));
const parse = [];
const plan = [];
for (let run = 0; run < 15; run++) {
  let t = performance.now();
  const config = core.parseAwsConfig(text, "/bench/config");
  parse.push(performance.now() - t);
  t = performance.now();
  for (const name of config.profiles.keys()) {
    if (name !== "default") core.planCredentials(config, name, { env: {}, storedProfiles: stored });
  }
  plan.push(performance.now() - t);
}
console.log(
  `config 5,000 profiles (${(text.length / 1024).toFixed(0)} KiB): parse ${median(parse).toFixed(1)} ms, plan all ${median(plan).toFixed(1)} ms (median of 15)`,
);

const dir = mkdtempSync(join(tmpdir(), "vault-cli-bench-"));
writeFileSync(join(dir, "config"), text);

// What one command pays: a fresh process parses the file and plans one profile, before any JIT warm-up.
const coldScript = `
  const core = await import(${JSON.stringify(new URL("../packages/core/dist/index.js", import.meta.url).href)});
  const text = (await import("node:fs")).readFileSync(${JSON.stringify(join(dir, "config"))}, "utf8");
  const t = performance.now();
  const config = core.parseAwsConfig(text, "config");
  core.planCredentials(config, "p3", { env: {}, storedProfiles: new Set(["p0"]) });
  console.log(performance.now() - t);`;
const cold = [];
for (let i = 0; i < 9; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", coldScript], { encoding: "utf8" });
  cold.push(Number(r.stdout));
}
console.log(`cold parse + plan one profile in a fresh process: ${median(cold).toFixed(1)} ms (median of 9)`);
const env = { ...process.env, AWS_CONFIG_FILE: join(dir, "config") };
delete env.NODE_EXTRA_CA_CERTS; // Node 20 parses it eagerly at start (+45 ms): measure our own cost
function procMs(args) {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
    times.push(performance.now() - t);
  }
  return median(times);
}
const base = procMs(["-e", "0"]);
const explain = procMs(["packages/cli/dist/main.cjs", "explain", "p2"]);
console.log(
  `process: node -e 0 ${base.toFixed(1)} ms; vault-cli explain on the 5,000-profile config ${explain.toFixed(1)} ms (${(explain / base).toFixed(2)}x)`,
);

// The cache-hit shape of export: parse a small config, open the file keystore, decrypt one item, print JSON.
// (--no-session on stored keys: the same work as a session hit, with no STS to set up.)
const small = mkdtempSync(join(tmpdir(), "vault-cli-bench-hit-"));
writeFileSync(join(small, "config"), "[profile demo]\nregion = eu-west-1\n");
const hitEnv = {
  ...env,
  AWS_CONFIG_FILE: join(small, "config"),
  AWS_VAULT_BACKEND: "file",
  AWS_VAULT_FILE_DIR: join(small, "keys"),
  AWS_VAULT_FILE_PASSPHRASE: "bench",
};
spawnSync(process.execPath, ["packages/cli/dist/main.cjs", "add", "--env", "demo"], {
  env: { ...hitEnv, AWS_ACCESS_KEY_ID: "AKIABENCHWXYZ", AWS_SECRET_ACCESS_KEY: "bench-secret" },
});
const hit = [];
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ["packages/cli/dist/main.cjs", "export", "--no-session", "--format=json", "demo"],
    { env: hitEnv, stdio: "ignore" },
  );
  if (r.status !== 0) throw new Error(`export exited ${r.status}`);
  hit.push(performance.now() - t);
}
console.log(
  `export --format=json, keystore hit (file backend, p2c 8192): ${median(hit).toFixed(1)} ms (${(median(hit) / base).toFixed(2)}x node -e 0)`,
);

// The CLI bundles @aws-sdk/client-sts into dist/sdk-sts.cjs rather than depending on it (docs/performance.md):
// the first STS call's cost, loading the client and making one, from one bundled file or from node_modules.
const sdkDir = mkdtempSync(join(tmpdir(), "vault-cli-bench-sdk-"));
const fromProvider = createRequire(new URL("../packages/sdk-provider/package.json", import.meta.url));
const { build } = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild");
const entry = `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(fromProvider.resolve("@aws-sdk/client-sts"))});
new STSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" }); new GetCallerIdentityCommand({});`;
writeFileSync(join(sdkDir, "entry.cjs"), entry);
await build({
  entryPoints: [join(sdkDir, "entry.cjs")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: join(sdkDir, "bundled.cjs"),
  logLevel: "error",
});
const sdkEnv = { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const pairs = { bundled: [], modules: [] };
for (let i = 0; i < 30; i++) {
  for (const [name, file] of [
    ["bundled", "bundled.cjs"],
    ["modules", "entry.cjs"],
  ]) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(sdkDir, file)], { env: sdkEnv, stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${file} exited ${r.status}`);
    pairs[name].push(performance.now() - t);
  }
}
const sdkBytes = statSync(join(sdkDir, "bundled.cjs")).size;
console.log(
  `STS client loaded and made: bundled in one file (${(sdkBytes / 1000).toFixed(0)} KB) ${median(pairs.bundled).toFixed(1)} ms, from node_modules ${median(pairs.modules).toFixed(1)} ms (median of 30, alternating)`,
);
rmSync(sdkDir, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });
rmSync(small, { recursive: true, force: true });
