import type { Command, FlagSpec } from "../command.js";
import { GLOBAL_FLAGS } from "../global-flags.js";

/** `vault-cli <command> --help`, derived from the command's declaration. */
export function commandUsage(command: Command): string {
  const flagsPart = command.flags.length > 0 ? " [flags]" : "";
  const args = command.args ? ` ${command.args}` : "";
  const lines = [`Usage: vault-cli ${command.name}${flagsPart}${args}`, "", command.description.trimEnd()];
  if (command.flags.length > 0) lines.push("", "Flags:", ...flagRows(command.flags));
  const globals = GLOBAL_FLAGS.map((f) => `--${f.name}`);
  lines.push(
    "",
    `Global flags (see 'vault-cli --help'): ${globals.slice(0, 5).join(", ")},`,
    `  ${globals.slice(5).join(", ")}`,
  );
  return `${lines.join("\n")}\n`;
}

/** Two columns: the flag as typed, then its help. */
export function flagRows(flags: readonly FlagSpec[], extra?: (flag: FlagSpec) => string): string[] {
  const lefts = flags.map(flagLeft);
  const width = Math.max(...lefts.map((left) => left.length)) + 2;
  return flags.map((flag, i) => `  ${lefts[i]!.padEnd(width)}${flag.help}${extra?.(flag) ?? ""}`);
}

function flagLeft(flag: FlagSpec): string {
  const long = flag.negatable ? `--no-${flag.name}` : `--${flag.name}`;
  const short = flag.short ? `-${flag.short}, ` : "";
  return `${short}${long}${flag.value ? ` ${flag.value}` : ""}`;
}

/** The words completion offers for a command's flags, and those whose next word is a value. */
export function completionFlags(flags: readonly FlagSpec[]): { offered: string[]; valued: string[] } {
  const offered = flags.flatMap((f) => (f.negatable ? [`--${f.name}`, `--no-${f.name}`] : [`--${f.name}`]));
  const valued = flags
    .filter((f) => f.value !== undefined)
    .flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
  return { offered, valued };
}
