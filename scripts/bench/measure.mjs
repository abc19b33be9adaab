// How `pnpm bench` times things: whole processes, each command paired with its reference and run in turn
// (A B A B ...), so that a machine whose speed drifts moves both alike. Never used by tests.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** A command: argv and the environment it runs with (complete, not added to ours). */
export function command(argv, env) {
  return { argv, env };
}

function timeOnce({ argv, env }) {
  const start = performance.now();
  const result = spawnSync(argv[0], argv.slice(1), { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    const stderr = result.stderr?.toString().trim().slice(0, 400);
    throw new Error(`'${argv.join(" ")}' exited ${result.status ?? result.signal}: ${stderr}`);
  }
  return ms;
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, runs: sorted.length };
}

/**
 * Runs `subject` and each reference in turn, `runs` times after one unrecorded round. The reference cost of a
 * round is the sum of its references' times (the pass budget compares with gpg's decrypt plus `node -e 0`).
 * ratio: the median of the per-round ratios.
 */
export function paired(subject, references, runs) {
  for (const c of [subject, ...references]) timeOnce(c);
  const a = [];
  const b = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const ta = timeOnce(subject);
    let tb = 0;
    for (const reference of references) tb += timeOnce(reference);
    a.push(ta);
    b.push(tb);
    ratios.push(ta / tb);
  }
  return { subject: stats(a), reference: stats(b), ratio: stats(ratios).median };
}

/** Starts every command at once and times until the last one ends; each must exit 0. */
export async function together(commands) {
  const start = performance.now();
  await Promise.all(
    commands.map(
      ({ argv, env }) =>
        new Promise((resolve, reject) => {
          const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", "ignore", "pipe"] });
          let stderr = "";
          child.stderr.on("data", (d) => {
            stderr += d;
          });
          child.on("close", (code) =>
            code === 0 ? resolve() : reject(new Error(`'${argv.join(" ")}' exited ${code}: ${stderr}`)),
          );
        }),
    ),
  );
  return performance.now() - start;
}

/**
 * Peak resident memory of a whole process in MB: a preload records it at exit (process.resourceUsage, which
 * the kernel keeps for the process). The same preload goes into both processes compared.
 */
export function peakRssMb({ argv, env }, dir, runs) {
  const preload = join(dir, "rss-preload.cjs");
  writeFileSync(preload, RSS_PRELOAD);
  const values = [];
  for (let i = 0; i < runs; i++) {
    const out = join(dir, `rss-${i}`);
    const result = spawnSync(argv[0], ["--require", preload, ...argv.slice(1)], {
      env: { ...env, VAULT_CLI_BENCH_RSS: out },
      stdio: "ignore",
    });
    if (result.status !== 0) throw new Error(`'${argv.join(" ")}' exited ${result.status}`);
    values.push(Number(readFileSync(out, "utf8")) / 1024);
    rmSync(out);
  }
  return stats(values);
}

const RSS_PRELOAD = `process.on("exit", () => require("fs").writeFileSync(process.env.VAULT_CLI_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n`;
