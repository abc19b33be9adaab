import { homedir } from "node:os";
import { run } from "./run.js";

// The only module that touches `process`: everything else gets a CliIo.
const io = {
  env: process.env,
  homedir: homedir(),
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
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
