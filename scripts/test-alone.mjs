#!/usr/bin/env node
// `pnpm test:alone [path filter...]`: every test run alone, then the whole suite in shuffled orders.
// A test that passes only after the ones before it, or leaves something in TMPDIR, fails here.
// Not part of `pnpm test` (about half an hour on two cores). Needs a build (`pnpm build`).
//
//   VAULT_CLI_ALONE_JOBS      tests run side by side (default: the machine's cores)
//   VAULT_CLI_SHUFFLE_SEEDS   ','-separated seeds for the shuffled runs (default: two random seeds);
//                             empty: no shuffled run
//   VAULT_CLI_ALONE_DEADLINE  seconds one vitest run may take (default 300)
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = process.cwd();
const vitestBin = join(root, "node_modules/vitest/vitest.mjs");
const filters = process.argv.slice(2);
const jobs = Number(process.env.VAULT_CLI_ALONE_JOBS || availableParallelism());
const deadlineMs = Number(process.env.VAULT_CLI_ALONE_DEADLINE || 300) * 1000;
const seeds = (process.env.VAULT_CLI_SHUFFLE_SEEDS ?? `${randomSeed()},${randomSeed()}`)
  .split(",")
  .filter(Boolean);
const work = mkdtempSync(join(tmpdir(), "vault-cli-alone-"));

function randomSeed() {
  return String(1 + Math.floor(Math.random() * 1_000_000));
}

/**
 * Runs vitest under a TMPDIR of its own. Resolves with what a run must show to pass: its exit status,
 * its JSON report, and what it left in TMPDIR (the file lock's `vault-cli-<uid>` directory is meant to stay).
 */
function vitest(args, label) {
  const tmp = mkdtempSync(join(work, "run-"));
  const reportFile = join(tmp, "..", `${label}.json`);
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(
      process.execPath,
      [vitestBin, "run", "--reporter=json", `--outputFile.json=${reportFile}`, ...args],
      { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const keep = (chunk) => {
      if (output.length < 200_000) output += chunk;
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => {
      output += `\n(killed after ${deadlineMs / 1000} s)`;
      child.kill("SIGKILL");
    }, deadlineMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : undefined;
      const left = readdirSync(tmp).filter((name) => !/^vault-cli-\d+$/.test(name));
      rmSync(tmp, { recursive: true, force: true });
      rmSync(reportFile, { force: true });
      resolve({ status: status ?? signal, report, left, output });
    });
  });
}

/** Why a run failed, or undefined when it ran at least `least` tests, all passing, and left nothing behind. */
function verdict({ status, report, left }, least) {
  if (report === undefined) return `no report (exit ${status})`;
  const ran = report.numPassedTests + report.numFailedTests;
  if (report.numFailedTests > 0) {
    const names = report.testResults
      .flatMap((r) => r.assertionResults)
      .filter((a) => a.status === "failed")
      .map((a) => a.fullName);
    return `failed: ${names.join("; ")}`;
  }
  if (ran < least) return `ran ${ran} tests, expected ${least}`;
  if (status !== 0) return `vitest exited with ${status}`;
  if (left.length > 0) return `left in TMPDIR: ${left.join(", ")}`;
  return undefined;
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * `vitest list` joins describe and test titles with " > "; `-t` matches them joined with " ". A title may
 * itself hold " > ", so each separator matches either.
 */
const namePattern = (listed) => `^${listed.split(" > ").map(escapeRegex).join("(?: | > )")}$`;

async function listTests() {
  const file = join(work, "list.json");
  const listed = await new Promise((resolve) => {
    const child = spawn(process.execPath, [vitestBin, "list", `--json=${file}`, ...filters], {
      env: { ...process.env, TMPDIR: work },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("close", (status) => resolve(status === 0 && existsSync(file)));
  });
  if (!listed) throw new Error("vitest list failed");
  return JSON.parse(readFileSync(file, "utf8"));
}

async function pool(items, run) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
}

let passed = 0;
let failed = 0;
const failures = [];
try {
  const tests = await listTests();
  console.log(`${tests.length} tests, each alone, ${jobs} at a time`);
  await pool(tests, async (test, index) => {
    const file = relative(root, test.file);
    const result = await vitest([file, "-t", namePattern(test.name)], `alone-${index}`);
    const why = verdict(result, 1);
    if (why === undefined) passed += 1;
    else {
      failed += 1;
      failures.push({ test: `${file} > ${test.name}`, why, output: result.output.slice(-4000) });
      console.log(`FAIL alone: ${file} > ${test.name}: ${why}`);
    }
    if ((index + 1) % 100 === 0) console.log(`${index + 1}/${tests.length} run alone`);
  });
  for (const seed of seeds) {
    const args = ["--sequence.shuffle", `--sequence.seed=${seed}`, ...filters];
    const result = await vitest(args, `shuffle-${seed}`);
    const why = verdict(result, tests.length);
    if (why === undefined) {
      passed += 1;
      console.log(`shuffled run, seed ${seed}: ${tests.length} tests passed`);
    } else {
      failed += 1;
      failures.push({ test: `shuffled run, seed ${seed}`, why, output: result.output.slice(-4000) });
      console.log(`FAIL shuffled run, seed ${seed}: ${why}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const { test, why, output } of failures) console.error(`\n== ${test}\n${why}\n${output}`);
// Each test alone counts once; each shuffled run counts once.
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
