import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Command, CommandInput, FlagSpec } from "../command.js";
import { GLOBAL_FLAGS, type GlobalFlags, globalsFrom } from "../global-flags.js";
import { usageError } from "../usage-error.js";

export const HELP: FlagSpec = { name: "help", short: "h", help: "show this help" };
export const VERSION: FlagSpec = { name: "version", short: "v", help: "print the version" };

/** argv split at the command word: the global flags before it, the word, and the command's own words. */
interface SplitArgv {
  readonly globals: GlobalFlags;
  readonly help: boolean;
  readonly version: boolean;
  readonly word: string | undefined;
  readonly rest: readonly string[];
}

/** Reads the global flags (and -h / -v) that come before the command word. */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const leading = [...GLOBAL_FLAGS, HELP, VERSION];
  let at = 0;
  while (at < argv.length && argv[at]!.startsWith("-") && argv[at] !== "--") {
    at += takesValue(argv[at]!, leading) ? 2 : 1;
  }
  const { values } = parseFlags("", argv.slice(0, at), leading);
  return {
    globals: globalsFrom(values),
    help: values.help === true,
    version: values.version === true,
    word: argv[at],
    rest: argv.slice(at + 1),
  };
}

/** A command's own words, parsed by its declared flags and the global flags (which may come after it too). */
export function parseCommandArgs(
  command: Command,
  words: readonly string[],
): CommandInput & { readonly globals: GlobalFlags; readonly help: boolean } {
  const flags = [...command.flags, ...GLOBAL_FLAGS, HELP];
  const { flagWords, passed } = command.passThrough
    ? splitPassThrough(words, flags)
    : { flagWords: words, passed: [] };
  const { values, positionals } = parseFlags(command.name, flagWords, flags);
  return { values, positionals, command: passed, globals: globalsFrom(values), help: values.help === true };
}

/**
 * `exec [flags] <profile> [flags] [--] [command [args...]]`: flags may come before or after the profile (as
 * with aws-vault); the command starts at `--` or at the first word after the profile that is not a declared
 * flag, and is passed on untouched (`exec p ls -la` runs `ls -la`).
 */
function splitPassThrough(words: readonly string[], flags: readonly FlagSpec[]) {
  const flagWords: string[] = [];
  let profileSeen = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") return { flagWords, passed: words.slice(i + 1) };
    const isFlag = word.startsWith("-") && (!profileSeen || findFlag(word, flags) !== undefined);
    if (!isFlag) {
      if (profileSeen) return { flagWords, passed: words.slice(i) };
      profileSeen = true;
    }
    flagWords.push(word);
    if (isFlag && takesValue(word, flags) && i + 1 < words.length) flagWords.push(words[++i]!);
  }
  return { flagWords, passed: [] as string[] };
}

/** The declared flag a word names (`--name`, `--name=v`, `-s`, `--no-name`), if any. */
function findFlag(word: string, flags: readonly FlagSpec[]): FlagSpec | undefined {
  const name = word.split("=", 1)[0]!;
  return flags.find(
    (f) =>
      name === `--${f.name}` ||
      (f.short !== undefined && name === `-${f.short}`) ||
      (f.negatable === true && name === `--no-${f.name}`),
  );
}

/** Whether the next word is this one's value (`--duration 1h`, not `--duration=1h`). */
export function takesValue(word: string, flags: readonly FlagSpec[]): boolean {
  return !word.includes("=") && findFlag(word, flags)?.value !== undefined;
}

function parseFlags(command: string, words: readonly string[], flags: readonly FlagSpec[]) {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const flag of flags) {
    options[flag.name] = {
      type: flag.value === undefined ? "boolean" : "string",
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.negatable ? { default: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...words],
      options,
      allowPositionals: true,
      strict: true,
      allowNegative: flags.some((flag) => flag.negatable),
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
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
