import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAIN, tempDir } from "@vault-cli/test-support";

const DRIVER = fileURLToPath(new URL("./pty-driver.py", import.meta.url));

export interface PtyRun {
  readonly status: number;
  /** Everything the CLI wrote to its terminal (/dev/tty): prompts and echo. */
  readonly terminal: string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI on a new pseudo-terminal (python3's pty), stdin from /dev/null and stdout/stderr to
 * files; each [expected, reply] step waits for `expected` on the terminal, then types `reply`.
 */
export function runOnTerminal(
  args: string[],
  env: Record<string, string>,
  steps: [string, string][],
): PtyRun {
  const dir = tempDir("pty");
  const spec = {
    argv: [process.execPath, MAIN, ...args],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdout: join(dir, "stdout"),
    stderr: join(dir, "stderr"),
    steps,
  };
  const result = JSON.parse(
    execFileSync("python3", [DRIVER, JSON.stringify(spec)], { encoding: "utf8" }),
  ) as {
    status: number;
    terminal: string;
  };
  return { ...result, stdout: readFileSync(spec.stdout, "utf8"), stderr: readFileSync(spec.stderr, "utf8") };
}
