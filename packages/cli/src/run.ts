import type { Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { completeWords } from "./completion/complete-words.js";
import { helpText } from "./help-text.js";
import type { CliIo } from "./io.js";
import { loadConfig } from "./load-config.js";
import { EXIT, reportError } from "./report-error.js";
import { usageError } from "./usage-error.js";
import { VERSION } from "./version.js";

/** The whole CLI as a function: argv without node and script, an io, and the exit status it returns. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      return showHelp(rest[0], io);
    }
    if (first === "--version" || first === "-v" || first === "version") {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === "__complete") return complete(rest, io);
    const command = findCommand(first);
    if (!command) throw usageError("", `unknown command '${first}'`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(command.usage);
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, findCommand(first ?? "")?.name ?? "", io);
  }
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

function showHelp(topic: string | undefined, io: CliIo): number {
  const command = topic ? findCommand(topic) : undefined;
  if (topic && !command) throw usageError("", `unknown command '${topic}'`);
  io.stdout(command ? command.usage : helpText(COMMANDS));
  return EXIT.ok;
}

/** Hidden: used by the completion scripts. Never fails loudly: a broken config just completes nothing. */
function complete(words: readonly string[], io: CliIo): number {
  const before = words.slice(0, -1);
  const current = words.at(-1) ?? "";
  const profiles = () => {
    try {
      return [...loadConfig(io).profiles.keys()];
    } catch {
      return [];
    }
  };
  for (const candidate of completeWords(before, current, COMMANDS, profiles)) io.stdout(`${candidate}\n`);
  return EXIT.ok;
}
