import { homedir } from "node:os";
import { spawnChild } from "./exec/spawn-child.js";
import type { CliIo } from "./io.js";
import { run } from "./run.js";
import { ttyPrompt } from "./tty/tty-prompt.js";

// The only module that touches `process`: everything else gets a CliIo.
const io: CliIo = {
  env: process.env,
  homedir: homedir(),
  platform: process.platform,
  stdout: (text) => void process.stdout.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  prompt: ttyPrompt(),
  now: () => new Date(),
  runChild: spawnChild,
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vault-cli: internal error: ${String(error)}\n`);
    process.exitCode = 70;
  },
);
