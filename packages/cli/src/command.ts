import type { GlobalFlags } from "./global-flags.js";
import type { CliIo } from "./io.js";

/** A subcommand: its name, aliases, one-line summary, full help, and what it does with its own argv. */
export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly usage: string;
  /** Flags offered by shell completion. */
  readonly flags: readonly string[];
  /** Flags (short and long) whose next word is their value, so completion does not offer profiles there. */
  readonly valueFlags?: readonly string[];
  /** Whether the first positional argument is a profile name (for completion). */
  readonly takesProfile: boolean;
  /** `args` are the command's own words; the global flags were taken out of them. */
  readonly run: (args: readonly string[], io: CliIo, globals: GlobalFlags) => Promise<number>;
}
