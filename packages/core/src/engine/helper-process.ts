import { helperEnv } from "../child-env.js";
import { isVaultError, VaultError } from "../errors.js";
import type { EngineDeps } from "./engine-types.js";

/**
 * Runs one of the profile's helper commands (credential_process, mfa_process, web_identity_token_process)
 * with a helper's environment; a failure names the profile, the setting and the program (its first word: the
 * rest may hold arguments nobody should see in a log), never the command's output.
 */
export async function runHelper(deps: EngineDeps, setting: string, profile: string, command: string) {
  deps.trace?.(`process: ${setting} of '${profile}'`);
  try {
    return await deps.runProcess(command, { env: helperEnv(deps.env) });
  } catch (error) {
    const reason = isVaultError(error) ? `: ${error.message}` : "";
    // Leading `NAME=value` words set variables (maybe secrets): the program is the first word after them.
    const program =
      command
        .trim()
        .split(/\s+/)
        .find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? "";
    throw new VaultError(
      "PROCESS_FAILED",
      `${setting} of profile '${profile}' ('${program}') failed${reason}`,
      {
        cause: error,
        profile,
        data: { setting, ...(isVaultError(error) ? error.data : {}) },
      },
    );
  }
}
