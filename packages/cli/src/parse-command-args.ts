import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedCommandArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** util.parseArgs with our error wording: unknown flags and missing values become USAGE errors. */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
): ParsedCommandArgs {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(command, (error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}
