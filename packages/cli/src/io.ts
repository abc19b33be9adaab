import type { Clock, Env } from "@vault-cli/core";
import type { VaultDeps } from "@vault-cli/sdk-provider";
import type { StartAgent } from "./agent/start-daemon.js";
import type { RunChild } from "./exec/spawn-child.js";

/** What a question on the terminal is for: the hint shown when there is no terminal depends on it. */
export type PromptPurpose = "passphrase" | "mfa" | "credentials" | "confirm";

/**
 * Asks the user on the terminal (never stdin/stdout) and returns the answer without surrounding
 * whitespace, as aws-vault's prompts do. `hidden` input is not echoed. Rejects with VaultError
 * INTERRUPTED on Ctrl-C or end of input, and NO_TERMINAL (data.purpose) when there is no terminal.
 */
export type Prompt = (
  question: string,
  options: { readonly hidden: boolean; readonly purpose: PromptPurpose },
) => Promise<string>;

/** Everything a command may touch of the outside world; main.ts builds it from `process`, tests build their own. */
export interface CliIo {
  readonly env: Env;
  readonly homedir: string;
  readonly platform: NodeJS.Platform;
  readonly stdout: (text: string) => void;
  /** Whether stdout is a terminal (aws-vault prints the subshell notice only then). */
  readonly stdoutIsTTY: boolean;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (the SSO sign-in's countdown is drawn only then). */
  readonly stderrIsTTY?: boolean;
  readonly prompt: Prompt;
  /** The clock: session lifetimes in `list` are measured against it. */
  readonly now: Clock;
  /** exec's child process. */
  readonly runChild: RunChild;
  /** `agent`: leaves the daemon running (main.ts gives the real one; in-process tests have none). */
  readonly startAgent?: StartAgent;
  /** Stand-ins for the vault's outside world (tests); main.ts leaves the real ones to createVault. */
  readonly vaultDeps?: Pick<
    VaultDeps,
    | "openKeystore"
    | "onDefaultBackend"
    | "sts"
    | "sso"
    | "iam"
    | "sleep"
    | "lock"
    | "runProcess"
    | "readTextFile"
  >;
}
