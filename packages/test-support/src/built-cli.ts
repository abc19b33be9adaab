import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "./temp.js";

/** The built binary: these tests exercise what a user runs, so `pnpm build` must come first (pnpm test does it). */
export const MAIN = fileURLToPath(new URL("../../cli/dist/main.cjs", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'pnpm build' before these tests`);
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp dir holding a `vault-cli` executable that runs the built CLI, for shells to find on PATH. */
export function binDir(): string {
  const dir = tempDir("bin");
  const bin = join(dir, "vault-cli");
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}

/** Runs the built binary with exactly `env` (plus PATH, and HOME if `env` has none). */
export function runBuilt(args: readonly string[], env: Readonly<Record<string, string>>): Run {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: env.HOME ?? tempDir("home"), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without waiting: for runs side by side. `onStderr`, if given, sees the whole stderr so far each time
 * more arrives (to act when a run reaches a point, instead of sleeping).
 */
export function runBuiltAsync(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  onStderr?: (stderr: string) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
