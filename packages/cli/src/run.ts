import { availableBackends, BACKENDS, chooseBackend } from "@vault-cli/keystores";
import { parseCommandArgs, splitArgv } from "./argv/parse-argv.js";
import { commandUsage } from "./argv/usage.js";
import { cliVault } from "./cli-vault.js";
import type { Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { completeWords } from "./completion/complete-words.js";
import { GLOBAL_FLAGS, type GlobalFlags, keystoreOverrides } from "./global-flags.js";
import { helpText } from "./help-text.js";
import type { CliIo } from "./io.js";
import { EXIT, reportError } from "./report-error.js";
import { usageError } from "./usage-error.js";
import { VERSION } from "./version.js";

/** The whole CLI as a function: argv without node and script, an io, and the exit status it returns. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === "__complete") return complete(argv.slice(1), io);
  let commandName = "";
  try {
    const split = splitArgv(argv);
    const command = split.word === undefined ? undefined : findCommand(split.word);
    commandName = command?.name ?? "";
    if (split.version || split.word === "version") {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (split.word === undefined || split.word === "help" || split.help) {
      // `--help exec`, `-h exec`, `help exec`, and global flags after `help` too.
      const after = split.word === "help" ? splitArgv(split.rest) : undefined;
      const topic = after ? after.word : split.word;
      return await showHelp(topic, io, { ...split.globals, ...after?.globals });
    }
    if (!command) throw usageError("", `unknown command '${split.word}'`);
    const input = parseCommandArgs(command, split.rest);
    if (input.help) {
      io.stdout(commandUsage(command));
      return EXIT.ok;
    }
    const globals: GlobalFlags = { ...split.globals, ...input.globals };
    const vault = cliVault(io, globals);
    return await command.run(input, { io, globals, vault });
  } catch (error) {
    return reportError(error, commandName, io);
  }
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

async function showHelp(topic: string | undefined, io: CliIo, globals: GlobalFlags): Promise<number> {
  const command = topic ? findCommand(topic) : undefined;
  if (topic && !command) throw usageError("", `unknown command '${topic}'`);
  if (command) {
    io.stdout(commandUsage(command));
    return EXIT.ok;
  }
  const env = { ...io.env, ...keystoreOverrides(globals) };
  const available = await availableBackends({ env, platform: io.platform });
  const { backend: chosen, chosenBy } = await chooseBackend({
    backend: globals.backend,
    env,
    platform: io.platform,
    homeDir: io.homedir,
  });
  chosenBy?.connection?.close();
  io.stdout(helpText(COMMANDS, { backends: BACKENDS, available, chosen, why: chosenBy?.reason }));
  return EXIT.ok;
}

/** Hidden: used by the completion scripts. Never fails loudly: a broken config just completes nothing. */
function complete(words: readonly string[], io: CliIo): number {
  const profiles = () => {
    try {
      return [...cliVault(io, {}).readConfig().profiles.keys()];
    } catch {
      return [];
    }
  };
  const candidates = completeWords(words.slice(0, -1), words.at(-1) ?? "", COMMANDS, GLOBAL_FLAGS, profiles);
  for (const candidate of candidates) io.stdout(`${candidate}\n`);
  return EXIT.ok;
}
