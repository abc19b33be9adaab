import { spawn } from "node:child_process";
import { type Env, VaultError } from "@vault-cli/core";

export interface ShellRunProcessOptions {
  /** Default `/bin/sh`. */
  readonly shell?: string;
}

/** RunProcess options, plus an optional purpose for the error message (`mfa_process command exited ...`). */
export interface ShellRunOptions {
  readonly env?: Env;
  readonly purpose?: string;
}

/** A RunProcess (assignable to the port) that also takes a purpose. */
export type ShellRunProcess = (command: string, options?: ShellRunOptions) => Promise<string>;

/**
 * Runs `command` with `/bin/sh -c`, stdin and stderr inherited (a YubiKey "touch" message or the process's
 * own prompt reaches the terminal) and stdout captured. A failure is PROCESS_FAILED, never showing stdout.
 */
export function shellRunProcess(options: ShellRunProcessOptions = {}): ShellRunProcess {
  const shell = options.shell ?? "/bin/sh";
  return (command, runOptions = {}) =>
    new Promise<string>((resolve, reject) => {
      const what = runOptions.purpose ? `${runOptions.purpose} command` : "command";
      const child = spawn(shell, ["-c", command], {
        stdio: ["inherit", "pipe", "inherit"],
        env: runOptions.env ? definedOnly(runOptions.env) : process.env,
      });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.on("error", (error) => {
        const code = (error as NodeJS.ErrnoException).code ?? error.message;
        reject(
          new VaultError("PROCESS_FAILED", `cannot start ${what} with ${shell}: ${code}`, { cause: error }),
        );
      });
      child.on("close", (status, signal) => {
        if (status === 0) return resolve(Buffer.concat(chunks).toString("utf8"));
        const how = signal ? `was killed by ${signal}` : `exited with status ${status}`;
        reject(new VaultError("PROCESS_FAILED", `${what} ${how}`));
      });
    });
}

function definedOnly(env: Env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
