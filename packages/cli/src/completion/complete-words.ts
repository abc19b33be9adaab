import type { Command } from "../command.js";

/**
 * Candidates for the word being completed, given the words before it (subcommand first, global flags
 * taken out). Pure: the caller supplies commands, profile names and the global flags.
 */
export function completeWords(
  before: readonly string[],
  current: string,
  commands: readonly Command[],
  profileNames: () => readonly string[],
  globalFlags: readonly string[] = [],
): string[] {
  const starts = (candidates: readonly string[]) => candidates.filter((c) => c.startsWith(current));
  if (before.includes("--")) return [];
  const sub = before[0];
  if (sub === undefined) {
    return current.startsWith("-") ? starts(globalFlags) : starts(commands.map((c) => c.name));
  }
  const command = commands.find((c) => c.name === sub || c.aliases?.includes(sub));
  if (!command) return [];
  const args = before.slice(1);
  // The word after `-d`, `--region`, ... is that flag's value: nothing to offer.
  if (takesValue(command, args.at(-1))) return [];
  if (current.startsWith("-")) return starts([...command.flags, ...globalFlags, "--help"]);
  if (command.name === "completion") return starts(["bash", "zsh", "fish"]);
  const positionalsSoFar = args.filter((w, i) => !w.startsWith("-") && !takesValue(command, args[i - 1]));
  if (command.takesProfile && positionalsSoFar.length === 0) return starts(profileNames());
  return [];
}

function takesValue(command: Command, word: string | undefined): boolean {
  return word !== undefined && !word.includes("=") && (command.valueFlags ?? []).includes(word);
}
