import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { Env } from "@vault-cli/core";
import { VaultError } from "@vault-cli/core";

/** Runs a command with its stdio on ours; resolves to its exit status (128 + n when killed by signal n). */
export type RunChild = (command: string, args: readonly string[], env: Env) => Promise<number>;

/** Sent to vault-cli alone (kill <pid>): passed on. */
const FORWARDED = ["SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2"] as const;
/**
 * Typed at the terminal: the child, in the same process group, gets them already. Forwarding them too would
 * deliver Ctrl-C twice (Terraform exits at once on a second interrupt); vault-cli only must not die of them.
 */
const FROM_TERMINAL = ["SIGINT", "SIGQUIT"] as const;

/**
 * The real RunChild. Node cannot execve, so vault-cli stays as the parent (as aws-vault does in server
 * mode): every signal it gets is passed on, and the child's exit status becomes ours.
 */
export const spawnChild: RunChild = async (command, args, env) => {
  // Loaded here, before the signal handlers: most runs start no child (child_process pulls in net).
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    // The handlers come first: a signal that arrived between spawn() and them would take Node's default
    // (vault-cli dies) and orphan the child. Once registered, signals wait for the event loop, by then the
    // child exists.
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals) => child?.kill(signal);
    const ignore = () => {};
    for (const signal of FORWARDED) process.on(signal, forward);
    for (const signal of FROM_TERMINAL) process.on(signal, ignore);
    child = spawn(command, [...args], { stdio: "inherit", env: env as NodeJS.ProcessEnv });
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
      for (const signal of FROM_TERMINAL) process.off(signal, ignore);
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
};
