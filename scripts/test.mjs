#!/usr/bin/env node
// The project's one test command (`pnpm test`): lint, typecheck, build, then every vitest suite.
// CI does not read vitest's summary, so this prints a last plain line `N passed, N failed`
// (lint, typecheck and build each count as one check) and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// Two knobs for the runner's own test (test/runner): VAULT_CLI_TEST_STAGES=none skips lint, typecheck and build,
// and VAULT_CLI_TEST_REPORT names vitest's JSON report (default .vitest-report.json).
const report = process.env.VAULT_CLI_TEST_REPORT || ".vitest-report.json";
const skipStages = process.env.VAULT_CLI_TEST_STAGES === "none";
const stages = [
  ["lint", "pnpm", ["exec", "biome", "check", "--error-on-warnings", "."]],
  // Unused files, exports and dependencies (knip.json). Run with dlx: installed beside the workspace, knip's
  // dependencies would change how pnpm resolves tsup's optional peers.
  ["knip", "pnpm", ["dlx", "knip@6.44.2", "--no-progress"]],
  ["typecheck", "pnpm", ["exec", "tsc", "-p", "tsconfig.json", "--noEmit"]],
  ["build", "pnpm", ["run", "build"]],
];
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of skipStages ? [] : stages) {
  const result = spawnSync(cmd, args, { stdio: "inherit" });
  if (result.status === 0) passed += 1;
  else {
    failed += 1;
    console.error(`\n${name}: FAILED`);
  }
}

// The suite runs under this Node, then again under Node 22 and Node 24 (DESIGN.md, Toolchain): the binaries of
// VAULT_CLI_TEST_NODES (':'-separated; set it empty for this Node only), else those scripts/install-nodes.sh
// installs or finds in its cache. Nodes that cannot be installed are a failure, not a skip.
const extra = process.argv.slice(2);
const nodes = [process.execPath, ...otherNodes().split(":").filter(Boolean)];
function otherNodes() {
  if (process.env.VAULT_CLI_TEST_NODES !== undefined) return process.env.VAULT_CLI_TEST_NODES;
  const found = spawnSync("bash", ["scripts/install-nodes.sh"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (found.status === 0) return found.stdout.trim();
  failed += 1;
  console.error("\nNode 22 and 24 could not be installed (scripts/install-nodes.sh): counting one failure");
  return "";
}
for (const node of nodes) {
  const counts = runVitest(node, extra);
  passed += counts.passed;
  failed += counts.failed;
}

function runVitest(node, args) {
  rmSync(report, { force: true });
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`\n== vitest on Node ${version} (${node})`);
  // Child `node` processes must be this Node too; the main Node keeps PATH as it is (/usr/bin would
  // otherwise shadow the pyenv python3 that has botocore).
  const path = node === process.execPath ? process.env.PATH : `${dirname(node)}:${process.env.PATH}`;
  // A TMPDIR of its own: whatever a test leaves behind there is found and counted as a failure.
  const tmp = mkdtempSync(join(tmpdir(), "vault-cli-run-"));
  const env = { ...process.env, PATH: path, TMPDIR: tmp };
  const vitest = ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json"];
  const run = spawnSync(node, [...vitest, `--outputFile.json=${report}`, ...args], { stdio: "inherit", env });
  if (!existsSync(report)) {
    rmSync(tmp, { recursive: true, force: true });
    console.error(`vitest on Node ${version} wrote no report: counting the run as failed`);
    return { passed: 0, failed: 1 };
  }
  const json = JSON.parse(readFileSync(report, "utf8"));
  const leftovers = leftBehind(tmp);
  rmSync(tmp, { recursive: true, force: true });
  // Skipped and todo tests check nothing: they count as failures. So does a suite that fails to load.
  const broken = json.testResults.filter(
    (r) => r.status === "failed" && r.assertionResults.length === 0,
  ).length;
  const notRun = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  let failed = json.numFailedTests + notRun + broken;
  // Errors outside any test (a throwing afterAll, an unhandled rejection) fail vitest without failing a
  // test: its exit status is the only trace of them.
  if (run.status !== 0 && failed === 0) {
    console.error(`vitest on Node ${version} exited with ${run.status ?? run.signal}: counting one failure`);
    failed = 1;
  }
  if (leftovers.length > 0) {
    console.error(
      `tests on Node ${version} left ${leftovers.length} entries in TMPDIR: ${leftovers.join(", ")}`,
    );
    failed += 1;
  }
  // Tests of the test fakes themselves (describe titles starting "test fake:") check the harness, not the
  // product: a failing one still fails the run, a passing one is not counted as a product test.
  const fakes = json.testResults
    .flatMap((r) => r.assertionResults)
    .filter((a) => a.status === "passed" && a.ancestorTitles[0]?.startsWith("test fake:")).length;
  const passed = json.numPassedTests - fakes;
  console.log(
    `Node ${version}: ${passed} passed, ${failed} failed (and ${fakes} tests of test fakes passed)`,
  );
  return { passed, failed };
}
/** What is left in a run's TMPDIR, but the file lock's directory (`vault-cli-<uid>`), which is meant to stay. */
function leftBehind(dir) {
  return readdirSync(dir).filter((name) => !/^vault-cli-\d+$/.test(name));
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
