import type { Vault } from "@vault-cli/sdk-provider";
import type { GlobalFlags } from "./global-flags.js";
import type { CliIo } from "./io.js";

/**
 * One flag, declared once: parsing, `--help`, shell completion and exec's argument splitter all read it.
 * A flag with a `value` takes one (`--duration 1h`, `--duration=1h`, `-d 1h`); one without is boolean.
 */
export interface FlagSpec {
  /** The long name, without dashes. */
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in --help (`D`, `DIR`); absent for a boolean flag. */
  readonly value?: string;
  readonly help: string;
  /** A boolean that is on unless `--no-<name>` is given (kingpin's negatable flags, as aws-vault has them). */
  readonly negatable?: boolean;
  /** The values completion offers (the command still checks the value itself). */
  readonly choices?: readonly string[];
}

/** What the parser hands a command. */
export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** exec: the command and its arguments, as typed after the profile. */
  readonly command: readonly string[];
}

/** What a command works with: the outside world, the global flags, and the vault built from them. */
interface CommandContext {
  readonly io: CliIo;
  readonly globals: GlobalFlags;
  readonly vault: Vault;
}

/** A subcommand, declared once: its usage, help and completion are derived from this. */
export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  /** What follows `vault-cli <name> [flags]` in the usage line, e.g. `<profile>`. */
  readonly args: string;
  /** The paragraphs of `--help` between the usage line and the flags. */
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** What the first positional argument is, for completion. */
  readonly positional?: "profile" | "shell";
  /** The words after the profile are a command to run, passed on untouched (exec). */
  readonly passThrough?: boolean;
  readonly run: (input: CommandInput, context: CommandContext) => Promise<number>;
}
