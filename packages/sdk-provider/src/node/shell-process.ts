import { spawn } from "node:child_process";
import { helperEnv, type RunProcess, VaultError } from "@vault-cli/core";

export interface ShellRunProcessOptions {
  /** Default `/bin/sh`. */
  readonly shell?: string;
}

/**
 * The RunProcess port: `command` through `/bin/sh -c`, stdin and stderr inherited (a YubiKey "touch" message or
 * the process's own prompt reaches the terminal) and stdout captured. The environment is always a helper's
 * (core's helperEnv: no passphrase, no credentials). A failure is PROCESS_FAILED, never showing stdout.
 */
export function shellRunProcess(options: ShellRunProcessOptions = {}): RunProcess {
  const shell = options.shell ?? "/bin/sh";
  return (command, runOptions = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(shell, ["-c", command], {
        stdio: ["inherit", "pipe", "inherit"],
        env: helperEnv(runOptions.env ?? process.env),
      });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.on("error", (error) => {
        const code = (error as NodeJS.ErrnoException).code ?? error.message;
        reject(new VaultError("PROCESS_FAILED", `cannot start ${shell}: ${code}`, { cause: error }));
      });
      child.on("close", (status, signal) => {
        if (status === 0) return resolve(Buffer.concat(chunks).toString("utf8"));
        reject(
          new VaultError("PROCESS_FAILED", signal ? `killed by ${signal}` : `exited with status ${status}`),
        );
      });
    });
}
