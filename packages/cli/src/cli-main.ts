import { homedir } from "node:os";
import { join } from "node:path";
import { startAgentDaemon } from "./agent/start-daemon.js";
import { writeStd } from "./entry/write-std.js";
import { spawnChild } from "./exec/spawn-child.js";
import type { CliIo } from "./io.js";
import { run } from "./run.js";
import { ttyPrompt } from "./tty/tty-prompt.js";

// The CLI as dist/main.cjs loads it (dist/cli.cjs). The only module that touches `process`: everything
// else gets a CliIo.
const io: CliIo = {
  env: process.env,
  homedir: homedir(),
  platform: process.platform,
  stdout: (text) => writeStd(1, text),
  // Getters: asking creates the stream, which only exec and the SSO countdown need.
  get stdoutIsTTY() {
    return process.stdout.isTTY === true;
  },
  stderr: (text) => writeStd(2, text),
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
  prompt: ttyPrompt(),
  now: () => new Date(),
  runChild: spawnChild,
  startAgent: startAgentDaemon(join(__dirname, "agent-daemon.cjs")),
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    writeStd(2, `vault-cli: internal error: ${String(error)}\n`);
    process.exitCode = 70;
  },
);
