#!/usr/bin/env node
// `pnpm release [--dry-run]`: packs every published package through its own `prepack` build (from nothing built,
// as on a fresh clone), then runs the consumer checks of test/release/packages.test.ts on those very tarballs
// under Node 20, 22 and 24: installed with npm into empty directories, used from CommonJS, ESM and TypeScript, the
// CLI installed globally and run by the AWS CLI, publint and arethetypeswrong. With --dry-run it stops there.
// Otherwise it publishes the same tarballs, one at a time and in dependency order (a version the registry has
// already is skipped), then tags the release (`changeset tag`). Versions come from `pnpm version-packages`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const PACKAGES = ["core", "keystores", "sdk-provider", "cli"]; // dependency order

const dryRun = process.argv.includes("--dry-run");
const unknown = process.argv.slice(2).filter((arg) => arg !== "--dry-run");
if (unknown.length > 0) {
  console.error(`release: unknown argument ${unknown[0]}; usage: pnpm release [--dry-run]`);
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), "vault-cli-release-"));
process.on("exit", () => rmSync(out, { recursive: true, force: true }));

function step(command, args, options = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`release: '${command} ${args.join(" ")}' failed; nothing more was published`);
    process.exit(1);
  }
}

// From nothing built: each package's prepack must build it. One at a time, since a build cleans its dist first.
for (const dir of PACKAGES) rmSync(`packages/${dir}/dist`, { recursive: true, force: true });
for (const dir of PACKAGES) step("pnpm", ["pack", "--pack-destination", out], { cwd: `packages/${dir}` });

const nodes = [process.execPath];
const extra = spawnSync("bash", ["scripts/install-nodes.sh"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
if (extra.status !== 0) {
  console.error("release: Node 22 and 24 could not be installed (scripts/install-nodes.sh)");
  process.exit(1);
}
nodes.push(...extra.stdout.trim().split(":").filter(Boolean));
for (const node of nodes) {
  // The machine's Node keeps PATH as it is (/usr/bin first would shadow the pyenv python3 that has moto).
  const path = node === process.execPath ? process.env.PATH : `${dirname(node)}:${process.env.PATH}`;
  const env = { ...process.env, PATH: path, VAULT_CLI_PACKED_DIR: out };
  step(node, ["node_modules/vitest/vitest.mjs", "run", "test/release"], { env });
}

const tarballs = PACKAGES.map((dir) => {
  const { name, version } = JSON.parse(readFileSync(`packages/${dir}/package.json`, "utf8"));
  return { name, version, file: join(out, `${name.replace("@", "").replace("/", "-")}-${version}.tgz`) };
});
if (dryRun) {
  for (const { name, version } of tarballs) console.log(`would publish ${name}@${version}`);
  console.log(`\nrelease --dry-run: packed, checked on ${nodes.length} Node versions; nothing was published`);
  process.exit(0);
}
for (const { name, version, file } of tarballs) {
  const seen = spawnSync("npm", ["view", `${name}@${version}`, "version"], { encoding: "utf8" });
  if (seen.status === 0 && seen.stdout.trim() === version) {
    console.log(`${name}@${version} is on the registry already: skipped`);
    continue;
  }
  step("npm", ["publish", file, "--access", "public"]);
}
step("pnpm", ["exec", "changeset", "tag"]);
