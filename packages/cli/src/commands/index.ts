import type { Command } from "../command.js";
import { completionCommand } from "./completion.js";
import { explainCommand } from "./explain.js";
import { listCommand } from "./list.js";

/** The subcommands, in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [listCommand, explainCommand, completionCommand];
