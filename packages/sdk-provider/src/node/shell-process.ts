import { readdirSync, readFileSync } from "node:fs";
import { helperEnv, type RunProcess, VaultError } from "@vault-cli/core";
import { describeLimit } from "../vault/limits.js";

export interface ShellRunProcessOptions {
  /** Default `/bin/sh`. */
  readonly shell?: string;
  /** The process is killed after this long (VAULT_CLI_PROCESS_TIMEOUT). */
  readonly timeoutMs: number;
  /** ... or once it has printed more than this on stdout (VAULT_CLI_PROCESS_OUTPUT_MAX). */
  readonly maxOutputBytes: number;
}

/**
 * The RunProcess port: `command` through `/bin/sh -c`, stdin and stderr inherited (a YubiKey "touch" message or
 * the process's own prompt reaches the terminal) and stdout captured. The environment is always a helper's
 * (core's helperEnv: no passphrase, no credentials). A failure, a timeout or too much output is PROCESS_FAILED
 * naming the limit, never showing the output. The process keeps the terminal's process group (it may prompt
 * there, which a group of its own would not allow), so a timeout kills the shell and what it started, one by one.
 */
export function shellRunProcess(options: ShellRunProcessOptions): RunProcess {
  const shell = options.shell ?? "/bin/sh";
  return async (command, runOptions = {}) => {
    // Loaded by the first credential_process or helper: most runs start none (child_process pulls in net).
    const { spawn } = await import("node:child_process");
    return new Promise<string>((resolve, reject) => {
      const child = spawn(shell, ["-c", command], {
        stdio: ["inherit", "pipe", "inherit"],
        env: helperEnv(runOptions.env ?? process.env),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const fail = (message: string, data: Record<string, string> = {}, cause?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Only a shell that has not ended: a reaped pid may already belong to another process.
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
          killTree(child.pid);
        child.stdout.destroy();
        reject(new VaultError("PROCESS_FAILED", message, { data, ...(cause ? { cause } : {}) }));
      };
      const timer = setTimeout(() => {
        const limit = describeLimit(options.timeoutMs, "ms");
        fail(`timed out after ${limit} (VAULT_CLI_PROCESS_TIMEOUT)`, { limit: "VAULT_CLI_PROCESS_TIMEOUT" });
      }, options.timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxOutputBytes) {
          const limit = describeLimit(options.maxOutputBytes, "bytes");
          fail(`printed more than ${limit} (VAULT_CLI_PROCESS_OUTPUT_MAX)`, {
            limit: "VAULT_CLI_PROCESS_OUTPUT_MAX",
          });
        } else chunks.push(chunk);
      });
      child.on("error", (error) => {
        fail(`cannot start ${shell}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, {}, error);
      });
      child.on("close", (status, signal) => {
        if (settled) return;
        if (status === 0) {
          settled = true;
          clearTimeout(timer);
          return resolve(Buffer.concat(chunks).toString("utf8"));
        }
        fail(signal ? `killed by ${signal}` : `exited with status ${status}`);
      });
    });
  };
}

/**
 * SIGKILLs `pid` and its descendants, found through /proc (Linux: /bin/sh forks the command it runs, so killing
 * the shell alone would leave it running); elsewhere the shell only.
 */
function killTree(pid: number): void {
  const tree = [pid, ...descendants(pid)];
  for (const member of tree) {
    try {
      process.kill(member, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

function descendants(pid: number): number[] {
  let children: number[];
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    children = tasks.flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}
