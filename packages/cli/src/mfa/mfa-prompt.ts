import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { type Env, helperEnv, isVaultError, type MfaPrompt, VaultError } from "@vault-cli/core";
import { describeLimit, limitsFromEnv } from "@vault-cli/sdk-provider";
import type { Prompt } from "../io.js";
import { driverArgv, PROMPT_DRIVERS, type PromptDriver } from "./driver-argv.js";

/**
 * `--prompt` > AWS_VAULT_PROMPT > terminal. A bad flag is a usage error; a bad variable a setting error naming it.
 * `pass` was removed from aws-vault, with a message we keep.
 */
export function promptDriver(flag: string | undefined, env: Env): PromptDriver {
  const name = flag || env.AWS_VAULT_PROMPT || "terminal";
  const [code, source] = flag
    ? (["USAGE", "--prompt"] as const)
    : (["CONFIG_INVALID_SETTING", "AWS_VAULT_PROMPT"] as const);
  if (name === "pass") {
    throw new VaultError(
      code,
      `${source}=pass was removed from aws-vault: add \`mfa_process = pass otp <your mfa_serial>\` to the profile`,
    );
  }
  if (!(PROMPT_DRIVERS as readonly string[]).includes(name)) {
    throw new VaultError(code, `${source} must be one of ${PROMPT_DRIVERS.join(", ")}, got '${name}'`);
  }
  return name as PromptDriver;
}

/** The drivers tried, in this order (aws-vault's), when no driver was chosen and there is no terminal. */
const FALLBACK_DRIVERS = ["kdialog", "osascript", "ykman", "zenity"] as const;

/**
 * The MfaPrompt port: the terminal (/dev/tty, never stdin/stdout) or a helper program. `--prompt` is checked at
 * once; AWS_VAULT_PROMPT only when a code is asked for, so a stale value breaks no command that needs none.
 * When neither chose a driver and the terminal cannot be used (none attached, or a server's command holds it),
 * the first GUI or hardware driver installed on PATH asks instead, as aws-vault picks one.
 */
export function mfaPrompt(flag: string | undefined, terminal: Prompt, env: Env): MfaPrompt {
  if (flag) promptDriver(flag, env);
  return async (request) => {
    const driver = promptDriver(flag, env);
    const chosen = Boolean(flag || env.AWS_VAULT_PROMPT);
    if (driver !== "terminal" || chosen) return driverPrompt(driver, terminal, env)(request);
    try {
      return await driverPrompt("terminal", terminal, env)(request);
    } catch (error) {
      if (!isVaultError(error) || error.code !== "NO_TERMINAL") throw error;
      const fallback = FALLBACK_DRIVERS.find((name) => installed(name, env));
      if (fallback === undefined) throw error;
      return driverPrompt(fallback, terminal, env)(request);
    }
  };
}

/** Whether `program` is an executable file in one of PATH's directories. */
function installed(program: string, env: Env): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    if (dir === "") return false;
    const file = join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

function driverPrompt(driver: PromptDriver, terminal: Prompt, env: Env): MfaPrompt {
  if (driver === "terminal") {
    return ({ mfaSerial }) =>
      terminal(`Enter MFA code for ${mfaSerial}: `, { hidden: false, purpose: "mfa" });
  }
  return ({ profile, mfaSerial }) => {
    const [program, ...args] = driverArgv(driver, mfaSerial, env);
    // child_process (and net with it) is loaded by the first driver prompt, not at every start.
    return import("node:child_process").then(
      ({ execFile }) =>
        new Promise((resolve, reject) => {
          const limits = limitsFromEnv(env);
          const options = {
            env: helperEnv(env),
            timeout: limits.processTimeoutMs,
            maxBuffer: limits.processOutputBytes,
          };
          execFile(program!, args, options, (error, stdout) => {
            if (error) {
              const failure = error as NodeJS.ErrnoException & { killed?: boolean };
              const why =
                failure.code === "ENOENT"
                  ? "is not installed"
                  : failure.killed
                    ? `gave no code within ${describeLimit(limits.processTimeoutMs, "ms")} (VAULT_CLI_PROCESS_TIMEOUT)`
                    : "gave no code";
              reject(
                new VaultError("MFA_FAILED", `MFA prompt '${driver}' ${why} (profile '${profile}')`, {
                  cause: error,
                }),
              );
            } else resolve(stdout.trim());
          });
        }),
    );
  };
}
