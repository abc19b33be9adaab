#!/usr/bin/env node
// The project's one test command (`pnpm test`): lint, typecheck, build, then every vitest suite.
// CI does not read vitest's summary, so this prints a last plain line `N passed, N failed`
// (lint, typecheck and build each count as one check) and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const report = ".vitest-report.json";
const stages = [
  ["lint", "pnpm", ["exec", "biome", "check", "."]],
  ["typecheck", "pnpm", ["exec", "tsc", "-p", "tsconfig.json", "--noEmit"]],
  ["build", "pnpm", ["run", "build"]],
];
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of stages) {
  const result = spawnSync(cmd, args, { stdio: "inherit" });
  if (result.status === 0) passed += 1;
  else {
    failed += 1;
    console.error(`\n${name}: FAILED`);
  }
}

rmSync(report, { force: true });
const extra = process.argv.slice(2);
spawnSync(
  "pnpm",
  ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra],
  {
    stdio: "inherit",
  },
);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests + (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count: count the suite itself.
  failed += json.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
} else {
  console.error("vitest wrote no report: counting the test run as failed");
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
