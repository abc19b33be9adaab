import { availableBackends, BACKENDS, defaultBackend } from "@vault-cli/keystores";
import type { Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { completeWords } from "./completion/complete-words.js";
import { GLOBAL_FLAGS, type GlobalFlags, keystoreEnv, splitGlobalFlags } from "./global-flags.js";
import { helpText } from "./help-text.js";
import type { CliIo } from "./io.js";
import { loadConfig } from "./load-config.js";
import { EXIT, reportError } from "./report-error.js";
import { usageError } from "./usage-error.js";
import { VERSION } from "./version.js";

/** The whole CLI as a function: argv without node and script, an io, and the exit status it returns. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === "__complete") return complete(argv.slice(1), io);
  let commandName = "";
  try {
    const { globals, rest } = splitGlobalFlags(argv);
    const [first, ...args] = rest;
    commandName = findCommand(first ?? "")?.name ?? "";
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      return await showHelp(args[0], io, globals);
    }
    if (first === "--version" || first === "-v" || first === "version") {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    const command = findCommand(first);
    if (!command) throw usageError("", `unknown command '${first}'`);
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout(command.usage);
      return EXIT.ok;
    }
    return await command.run(args, io, globals);
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
    io.stdout(command.usage);
    return EXIT.ok;
  }
  const env = keystoreEnv(io.env, globals);
  const available = await availableBackends({ env, platform: io.platform });
  const chosen = globals.backend || env.AWS_VAULT_BACKEND || defaultBackend(io.platform);
  io.stdout(helpText(COMMANDS, { backends: BACKENDS, available, chosen }));
  return EXIT.ok;
}

/** Hidden: used by the completion scripts. Never fails loudly: a broken config just completes nothing. */
function complete(words: readonly string[], io: CliIo): number {
  const current = words.at(-1) ?? "";
  const before = withoutGlobalFlags(words.slice(0, -1));
  const profiles = () => {
    try {
      return [...loadConfig(io).profiles.keys()];
    } catch {
      return [];
    }
  };
  const candidates =
    words.at(-2) === "--backend"
      ? BACKENDS.filter((b) => b.startsWith(current))
      : completeWords(
          before,
          current,
          COMMANDS,
          profiles,
          GLOBAL_FLAGS.map((f) => f.flag),
        );
  for (const candidate of candidates) io.stdout(`${candidate}\n`);
  return EXIT.ok;
}

function withoutGlobalFlags(words: readonly string[]): string[] {
  try {
    return splitGlobalFlags(words).rest;
  } catch {
    return [...words];
  }
}
