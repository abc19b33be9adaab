#!/usr/bin/env node
// `pnpm mutate`: StrykerJS over core, the keystores and the CLI's command layer, each part against its own
// package's tests (docs/testing.md says what is mutated, the scores, and every surviving mutant kept on purpose).
// Not part of `pnpm test`: a full run takes a little over an hour on two cores. `pnpm mutate core` runs one part;
// `pnpm mutate core -- --mutate '<glob>'` narrows it (any Stryker option passes through); `pnpm mutate --report`
// rewrites docs/testing.md from the last reports.
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
import { writeReport } from "./mutate/report.mjs";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const tools = join(root, "tools", "mutate");
const PARTS = ["core", "keystores", "cli"];
// `pnpm mutate [part...] [-- stryker options]`; `--report` only rewrites docs/testing.md from the last reports.
const argv = process.argv.slice(2).filter((a) => a !== "--");
const wanted = argv.filter((a) => PARTS.includes(a));
const passThrough = argv.filter((a) => !PARTS.includes(a) && a !== "--report");
if (wanted.length === 0) wanted.push(...PARTS);
const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });

if (argv.includes("--report")) {
  report(0);
  process.exit(0);
}

const dirty = git("status", "--porcelain", "--", "packages").stdout.trim();
if (dirty) {
  console.error(
    `pnpm mutate changes packages/ in place and puts it back from git; commit or stash first:\n${dirty}`,
  );
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
const config = join(tools, "stryker.config.mjs");
const started = Date.now();
let child;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    child?.kill(signal);
    restore();
    process.exit(130);
  });
}
for (const part of wanted) {
  console.log(`\n== pnpm mutate: ${part}`);
  const code = await new Promise((resolve) => {
    child = spawn(node22.trim(), [stryker, "run", config, ...passThrough], {
      cwd: root,
      env: { ...env, VAULT_CLI_MUTATE_PART: part },
      stdio: "inherit",
    });
    child.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
  restore();
  if (code !== 0) process.exit(code);
}
if (passThrough.length === 0 && wanted.length === PARTS.length) {
  report((Date.now() - started) / 1000);
}

/** Rewrites docs/testing.md's results from the reports in reports/mutation/ and says how they stand. */
function report(seconds) {
  const commit = git("rev-parse", "--short", "HEAD").stdout.trim();
  const { misses, unexplained } = writeReport(root, { commit, seconds });
  spawnSync("pnpm", ["exec", "biome", "format", "--write", "docs/testing.md"], {
    cwd: root,
    stdio: "ignore",
  });
  console.log(
    `docs/testing.md written: ${misses.length ? `below target: ${misses.join(", ")}` : "every part meets its target"}` +
      `, ${unexplained} surviving mutants not explained (tools/mutate/kept.json)`,
  );
}

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
