import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** util.parseArgs with our error wording: unknown flags and missing values become USAGE errors. */
export function parseCommandArgs<T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(command, (error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}
