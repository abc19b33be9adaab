import type { Command } from "../command.js";
import { addCommand } from "./add.js";
import { agentCommand } from "./agent.js";
import { clearCommand } from "./clear.js";
import { completionCommand } from "./completion.js";
import { execCommand } from "./exec.js";
import { explainCommand } from "./explain.js";
import { exportCommand } from "./export.js";
import { listCommand } from "./list.js";
import { loginCommand } from "./login.js";
import { migrateCommand } from "./migrate.js";
import { removeCommand } from "./remove.js";
import { rotateCommand } from "./rotate.js";

/** The subcommands, in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [
  addCommand,
  removeCommand,
  listCommand,
  execCommand,
  exportCommand,
  loginCommand,
  rotateCommand,
  migrateCommand,
  clearCommand,
  agentCommand,
  explainCommand,
  completionCommand,
];
