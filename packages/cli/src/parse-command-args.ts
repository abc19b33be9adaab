import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedCommandArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * util.parseArgs with our error wording: unknown flags and missing values become USAGE errors.
 * `allowNegative` accepts `--no-<flag>` for boolean flags, as kingpin does for aws-vault's.
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
  { allowNegative = false } = {},
): ParsedCommandArgs {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true, allowNegative });
  } catch (error) {
    throw usageError(command, (error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}

/** The one positional argument a command takes, or undefined; more than one is a usage error. */
export function onePositional(command: string, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw usageError(command, `unexpected argument '${positionals[1]}'`);
  return positionals[0];
}

/** The `<profile>` a command requires. */
export function requiredProfile(command: string, positionals: readonly string[]): string {
  const profile = onePositional(command, positionals);
  if (profile === undefined || profile === "") throw usageError(command, "missing <profile>");
  return profile;
}
