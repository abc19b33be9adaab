/**
 * `exec [flags] <profile> [flags] [--] [command [args...]]`: flags may come before or after the profile
 * (as with aws-vault); the command starts at `--` or at the first word after the profile that is not one
 * of exec's own flags, and is passed on untouched (`exec p ls -la` runs `ls -la`).
 */
export function splitExecArgs(
  args: readonly string[],
  flags: ReadonlySet<string>,
  valueFlags: ReadonlySet<string>,
): { flagArgs: string[]; profile: string | undefined; command: string[] } {
  const flagArgs: string[] = [];
  let profile: string | undefined;
  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    if (word === "--") return { flagArgs, profile, command: args.slice(i + 1) };
    const name = word.split("=", 1)[0]!;
    const isFlag = word.startsWith("-") && (profile === undefined || flags.has(name));
    if (!isFlag) {
      if (profile !== undefined) break;
      profile = word;
      i++;
      continue;
    }
    flagArgs.push(word);
    if (valueFlags.has(word) && i + 1 < args.length) flagArgs.push(args[++i]!);
    i++;
  }
  return { flagArgs, profile, command: args.slice(i) };
}
