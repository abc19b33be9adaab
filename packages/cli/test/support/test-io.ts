import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock, Iam, Lock, RunProcess, Sleep, Sts } from "@vault-cli/core";
import { fakeRunProcess, memoryLock } from "@vault-cli/core/testing";
import type { VaultDeps } from "@vault-cli/sdk-provider";
import { tempDir } from "@vault-cli/test-support";
import type { RunChild } from "../../src/exec/spawn-child.js";
import type { CliIo, Prompt } from "../../src/io.js";
import { run } from "../../src/run.js";
import { scriptedPrompt } from "./scripted-prompt.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp HOME holding `config` as its AWS config file (pointed at by AWS_CONFIG_FILE). */
export function tempConfig(config: string | Buffer): { home: string; configFile: string } {
  const home = tempDir("cli");
  const configFile = join(home, "config");
  writeFileSync(configFile, config);
  return { home, configFile };
}

export interface RunOptions {
  /** Text of a fresh config file; ignored when `configFile` is given. */
  readonly config?: string | Buffer;
  /** An existing config file (and its HOME), to run several commands against the same files. */
  readonly configFile?: string;
  readonly home?: string;
  readonly env?: Record<string, string>;
  /** Answers on the "terminal"; default none (as without a terminal). */
  readonly prompt?: Prompt;
  readonly openKeystore?: VaultDeps["openKeystore"];
  readonly now?: Date;
  /** A clock the test moves (a fake clock); wins over `now`. */
  readonly clock?: Clock;
  /** The STS port; default one that fails the test if it is called. */
  readonly sts?: Sts;
  readonly lock?: Lock;
  readonly runProcess?: RunProcess;
  /** rotate's IAM; default none (the vault's real one, which a test must not reach). */
  readonly iam?: Iam;
  readonly sleep?: Sleep;
  /** exec's child; default records nothing and fails the test if it is called. */
  readonly runChild?: RunChild;
  readonly stdoutIsTTY?: boolean;
}

const unexpected = (what: string) => () => Promise.reject(new Error(`this test does not expect ${what}`));

/** An STS that fails any test that reaches it: commands that must not call AWS use this. */
const noSts: Sts = {
  getSessionToken: unexpected("a GetSessionToken call"),
  assumeRole: unexpected("an AssumeRole call"),
  assumeRoleWithWebIdentity: unexpected("an AssumeRoleWithWebIdentity call"),
  getFederationToken: unexpected("a GetFederationToken call"),
  getCallerIdentity: unexpected("a GetCallerIdentity call"),
};

/** Runs the CLI in-process, with only the env given (never the real one) and a scripted terminal. */
export async function runCli(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CliResult & { configFile: string; home: string }> {
  const fresh = options.configFile === undefined ? tempConfig(options.config ?? "") : undefined;
  const configFile = options.configFile ?? fresh!.configFile;
  const home = options.home ?? fresh?.home ?? tempDir("cli");
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    env: { AWS_CONFIG_FILE: configFile, ...options.env },
    homedir: home,
    platform: "linux",
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    prompt: options.prompt ?? scriptedPrompt().prompt,
    now: options.clock ?? (() => options.now ?? new Date()),
    runChild: options.runChild ?? unexpected("a child process"),
    vaultDeps: {
      ...(options.openKeystore ? { openKeystore: options.openKeystore } : {}),
      // The default backend's notice is the binary's to show (secret-service-e2e.test.ts).
      onDefaultBackend: () => undefined,
      sts: options.sts ?? noSts,
      ...(options.iam ? { iam: options.iam } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      lock: options.lock ?? memoryLock(),
      runProcess: options.runProcess ?? fakeRunProcess({}),
    },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, configFile, home };
}
