import { VaultError } from "@vault-cli/core";

/**
 * Starts the agent's daemon and resolves to its pid once it listens. `payload` (its keys, socket and TTL) goes
 * to the daemon's stdin: never its argv or environment, which other processes can read.
 */
export type StartAgent = (payload: string) => Promise<number>;

/** Waiting for the daemon to say it listens: it derives nothing, so this is only a slow machine's margin. */
const READY_TIMEOUT_MS = 10_000;

/**
 * The real StartAgent: `node <daemon>` detached in a session of its own (a closed terminal does not end it),
 * with an empty environment, `/` as its directory and no stderr; it prints `ready` or `error: <why>` on stdout.
 */
export function startAgentDaemon(daemonScript: string): StartAgent {
  return async (payload) => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [daemonScript], {
      detached: true,
      cwd: "/",
      env: {},
      stdio: ["pipe", "pipe", "ignore"],
    });
    child.stdin.on("error", () => undefined); // it exited early: its stdout or exit says why
    child.stdin.end(payload);
    return new Promise<number>((resolve, reject) => {
      let said = "";
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new VaultError("AGENT_FAILED", `the agent did not start: ${why}`));
      };
      const timer = setTimeout(() => fail(`no answer within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
      child.on("error", (error) => fail((error as NodeJS.ErrnoException).code ?? error.message));
      child.on("exit", (code) =>
        fail(said.trim().replace(/^error: /, "") || `it exited with status ${code}`),
      );
      child.stdout.on("data", (chunk: Buffer) => {
        said += chunk.toString("utf8");
        if (said === "ready\n" && child.pid !== undefined) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          child.stdout.destroy();
          child.unref();
          resolve(child.pid);
        }
      });
    });
  };
}
