#!/usr/bin/env node
// `pnpm mutate`: StrykerJS over core, the keystores and the CLI's command layer (docs/testing.md says what is
// mutated, the scores, and every surviving mutant kept on purpose). Not part of `pnpm test`: a full run takes
// the better part of an hour on two cores. `pnpm mutate -- --mutate 'packages/core/src/chain/**/*.ts'` narrows
// it; any other Stryker option passes through too.
//
// Stryker 10 needs Node 22 and the workspace installs on Node 20, so Stryker lives in tools/mutate (its own
// lockfile, outside the workspace, with the workspace's vitest linked in so tests and runner share one copy).
// The Node 22 binary is the one the test run installs (scripts/install-nodes.sh).
//
// The packages resolve one another through node_modules links that a sandbox copy would lose, so Stryker
// mutates the sources in place. This script therefore refuses to start while packages/ has changes, and puts
// packages/ back from git when Stryker ends, however it ends (Stryker restores only what it mutated, and not
// at all when interrupted).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const tools = join(root, "tools", "mutate");
const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });

const dirty = git("status", "--porcelain", "--", "packages").stdout.trim();
if (dirty) {
  console.error(`pnpm mutate changes packages/ in place and puts it back from git; commit or stash first:\n${dirty}`);
  process.exit(2);
}

const nodes = spawnSync("bash", [join(root, "scripts", "install-nodes.sh")], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const node22 = nodes.stdout.split(":").find((path) => path.includes("node-22."));
if (nodes.status !== 0 || !node22) {
  console.error("pnpm mutate: Node 22 could not be installed (scripts/install-nodes.sh)");
  process.exit(1);
}
const env = { ...process.env, PATH: `${dirname(node22.trim())}:${process.env.PATH}` };

const install = spawnSync("pnpm", ["install", "--ignore-workspace", "--frozen-lockfile", "--silent"], {
  cwd: tools,
  env,
  stdio: "inherit",
});
if (install.status !== 0) process.exit(install.status ?? 1);

const stryker = join(tools, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
const args = [stryker, "run", join(tools, "stryker.config.mjs"), ...process.argv.slice(2).filter((a) => a !== "--")];
const child = spawn(node22.trim(), args, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  restore();
  process.exit(code ?? (signal ? 1 : 0));
});

function restore() {
  git("checkout", "--", "packages");
  for (const name of readdirSync(root)) {
    if (/^stryker-setup-\d+\.js$/.test(name)) rmSync(join(root, name), { force: true });
  }
  const temp = join(root, ".stryker-tmp");
  if (existsSync(temp)) rmSync(temp, { recursive: true, force: true });
  const left = git("status", "--porcelain", "--", "packages").stdout.trim();
  if (left) console.error(`pnpm mutate: packages/ still differs from git after the run:\n${left}`);
}
