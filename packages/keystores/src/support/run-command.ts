import { spawn } from "node:child_process";
import { redactExternal } from "@vault-cli/core";

export interface CommandResult {
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

interface RunCommandOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, then closed: the only way secrets reach a child. */
  readonly input?: string;
}

/**
 * Runs a program with an explicit argv (no shell) and collects its output. Rejects only when the
 * program cannot start (error.code ENOENT / EACCES); a non-zero exit is a result.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (exitCode) =>
      resolve({ exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
    if (child.stdin) {
      child.stdin.on("error", () => {}); // the child may exit before reading: its exit code tells
      child.stdin.end(options.input);
    }
  });
}

/** A child's stderr on one line, for error messages (pass spreads its errors over several lines), redacted. */
export function stderrSummary(stderr: string): string {
  const text = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  return text ? redactExternal(text, 300) : "no message";
}
