import { isVaultError } from "@vault-cli/core";
import type { CliIo } from "./io.js";
import { usageError } from "./usage-error.js";

/** io.prompt, with a hint for the command when there is no terminal to ask on (e.g. "use --force"). */
export async function ask(
  io: CliIo,
  command: string,
  question: string,
  options: { readonly hidden: boolean },
  hint: string,
): Promise<string> {
  try {
    return await io.prompt(question, options);
  } catch (error) {
    if (!isVaultError(error) || error.code !== "USAGE") throw error;
    throw usageError(command, `${error.message}; ${hint}`);
  }
}
