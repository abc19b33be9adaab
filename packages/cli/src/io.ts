import type { Env } from "@vault-cli/core";

/** Everything a command may touch of the outside world; main.ts builds it from `process`, tests build their own. */
export interface CliIo {
  readonly env: Env;
  readonly homedir: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}
