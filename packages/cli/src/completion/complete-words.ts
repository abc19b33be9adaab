import { takesValue } from "../argv/parse-argv.js";
import { completionFlags } from "../argv/usage.js";
import type { Command, FlagSpec } from "../command.js";

/**
 * Candidates for the word being completed, given the words typed before it (global flags included). Pure:
 * the caller supplies the commands, the global flags and the profile names; what each flag and command
 * takes comes from their declarations.
 */
export function completeWords(
  before: readonly string[],
  current: string,
  commands: readonly Command[],
  globalFlags: readonly FlagSpec[],
  profileNames: () => readonly string[],
): string[] {
  const starts = (candidates: readonly string[]) => candidates.filter((c) => c.startsWith(current));
  if (before.includes("--")) return [];
  let at = 0;
  while (at < before.length && before[at]!.startsWith("-"))
    at += takesValue(before[at]!, globalFlags) ? 2 : 1;
  const sub = before[at];
  const command = commands.find((c) => c.name === sub || c.aliases?.includes(sub ?? ""));
  const flags = [...(command?.flags ?? []), ...globalFlags];
  // The word after `-d`, `--backend`, ... is that flag's value: its choices, if it declares any.
  const previous = before.at(-1);
  if (previous !== undefined && takesValue(previous, flags)) {
    const flag = flags.find((f) => previous === `--${f.name}` || previous === `-${f.short}`);
    return starts(flag?.choices ?? []);
  }
  if (sub === undefined) {
    return current.startsWith("-")
      ? starts(completionFlags(globalFlags).offered)
      : starts(commands.map((c) => c.name));
  }
  if (!command) return [];
  if (current.startsWith("-")) return starts([...completionFlags(flags).offered, "--help"]);
  const args = before.slice(at + 1);
  const positionals = args.filter((w, i) => !w.startsWith("-") && !takesValue(args[i - 1] ?? "", flags));
  if (positionals.length > 0) return [];
  if (command.positional === "shell") return starts(["bash", "zsh", "fish"]);
  return command.positional === "profile" ? starts(profileNames()) : [];
}
