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
  /** Defaults to 5 minutes: pass may wait for gpg's pinentry, which a person answers. */
  readonly timeoutMs?: number;
  /** Defaults to 16 MiB: an item is at most a few KiB, a listing of thousands of keys well under this. */
  readonly maxOutputBytes?: number;
}

const COMMAND_TIMEOUT_MS = 5 * 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs a program with an explicit argv (no shell) and collects its output. Rejects only when the program
 * cannot start (error.code ENOENT / EACCES); a non-zero exit is a result. A program that runs past its deadline or
 * prints more than its limit is killed, and its result says so on stderr (exit code null).
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  // Loaded by the first command (pass, keyctl): the file backend never needs child_process or net.
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let stopped: string | undefined;
    const stop = (why: string) => {
      stopped ??= why;
      child.kill("SIGKILL");
    };
    const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
    const maxBytes = options.maxOutputBytes ?? MAX_OUTPUT_BYTES;
    const timer = setTimeout(
      () => stop(`'${command}' was stopped: it ran longer than ${describeMs(timeoutMs)}`),
      timeoutMs,
    );
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stop(`'${command}' was stopped: it printed more than ${maxBytes} bytes`);
      else into.push(chunk);
    };
    child.stdout?.on("data", collect(stdout));
    child.stderr?.on("data", collect(stderr));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const errors = Buffer.concat(stderr).toString("utf8");
      resolve({
        exitCode: stopped ? null : exitCode,
        stdout: Buffer.concat(stdout),
        stderr: stopped ? `${stopped}\n${errors}` : errors,
      });
    });
    if (child.stdin) {
      child.stdin.on("error", () => {}); // the child may exit before reading: its exit code tells
      child.stdin.end(options.input);
    }
  });
}

function describeMs(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${ms}ms`;
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
