import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Env } from "@vault-cli/core";
import { VaultError } from "@vault-cli/core";

/** Runs a command with its stdio on ours; resolves to its exit status (128 + n when killed by signal n). */
export type RunChild = (command: string, args: readonly string[], env: Env) => Promise<number>;

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;

/**
 * The real RunChild. Node cannot execve, so vault-cli stays as the parent (as aws-vault does in server
 * mode): every signal it gets is passed on, and the child's exit status becomes ours.
 */
export const spawnChild: RunChild = (command, args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: "inherit", env: env as NodeJS.ProcessEnv });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      done();
      const why = error.code === "ENOENT" ? "not found" : (error.code ?? error.message);
      reject(new VaultError("PROCESS_FAILED", `cannot run '${command}': ${why}`, { cause: error }));
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
