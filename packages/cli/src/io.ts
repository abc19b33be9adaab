import type { Env, Keystore, Lock, ReadTextFile, RunProcess, Sts } from "@vault-cli/core";
import type { OpenKeystoreOptions } from "@vault-cli/keystores";
import type { RunChild } from "./exec/spawn-child.js";

/**
 * Asks the user on the terminal (never stdin/stdout) and returns the answer without surrounding
 * whitespace, as aws-vault's prompts do. `hidden` input is not echoed. Rejects with VaultError
 * INTERRUPTED on Ctrl-C or end of input, and USAGE when there is no terminal to ask on.
 */
export type Prompt = (question: string, options: { readonly hidden: boolean }) => Promise<string>;

/** openKeystore of @vault-cli/keystores, or a stand-in (tests wrap a real keystore with it). */
export type KeystoreOpener = (options: OpenKeystoreOptions) => Promise<Keystore>;

/** Everything a command may touch of the outside world; main.ts builds it from `process`, tests build their own. */
export interface CliIo {
  readonly env: Env;
  readonly homedir: string;
  readonly platform: NodeJS.Platform;
  readonly stdout: (text: string) => void;
  /** Whether stdout is a terminal (aws-vault prints the subshell notice only then). */
  readonly stdoutIsTTY: boolean;
  readonly stderr: (text: string) => void;
  readonly prompt: Prompt;
  readonly openKeystore: KeystoreOpener;
  /** The clock: session lifetimes in `list` are measured against it. */
  readonly now: () => Date;
  /** The STS port; the real one loads the AWS SDK only on its first call (a cache miss). */
  readonly sts: (env: Env) => Sts;
  /** Cross-process single flight per cache key. */
  readonly lock: Lock;
  /** mfa_process, credential_process, web_identity_token_process. */
  readonly runProcess: RunProcess;
  readonly readTextFile: ReadTextFile;
  /** exec's child process. */
  readonly runChild: RunChild;
}
