import { closeSync, openSync } from "node:fs";
import type { ReadStream, WriteStream } from "node:tty";
import { VaultError } from "@vault-cli/core";
import type { Prompt, PromptPurpose } from "../io.js";

/**
 * The Prompt port on the controlling terminal, as aws-vault's prompts use it: `/dev/tty` is opened for
 * reading and for writing, so stdin and stdout stay free for pipes. Each question opens and closes the
 * terminal, so Ctrl-C outside a prompt still sends SIGINT. Whole lines typed ahead are kept for the next
 * question; echo stops after the first line, so a secret typed ahead is never shown.
 */
export function ttyPrompt(path = "/dev/tty"): Prompt {
  const typedAhead: string[] = [];
  return async (question, { hidden, purpose }) => {
    const terminal = await openTerminal(path, question, purpose);
    try {
      const early = typedAhead.shift();
      if (early !== undefined) {
        terminal.output.write(`${question}\n`);
        return early.trim();
      }
      return (await readLine(terminal, question, hidden, typedAhead)).trim();
    } finally {
      terminal.close();
    }
  };
}

interface Terminal {
  readonly input: ReadStream;
  readonly output: WriteStream;
  close(): void;
}

/** tty, readline and the streams they need are loaded by the first question: most runs ask none. */
async function openTerminal(path: string, question: string, purpose: PromptPurpose): Promise<Terminal> {
  const { ReadStream, WriteStream } = await import("node:tty");
  const fds: number[] = [];
  try {
    fds.push(openSync(path, "r"), openSync(path, "w"));
    const input = new ReadStream(fds[0]!);
    const output = new WriteStream(fds[1]!);
    const close = () => {
      input.destroy();
      output.destroy();
    };
    return { input, output, close };
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    const reason = `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    const message = `no terminal to ask ${JSON.stringify(question.trim())} (${reason})`;
    throw new VaultError("NO_TERMINAL", message, { cause: error, data: { purpose } });
  }
}

/**
 * One line in raw mode through readline; hidden input goes to a muted copy of the terminal. The question
 * is written once the terminal is in raw mode, so nothing typed after it is echoed by the kernel.
 */
async function readLine(
  terminal: Terminal,
  question: string,
  hidden: boolean,
  typedAhead: string[],
): Promise<string> {
  const [{ createInterface }, { Writable }] = await Promise.all([
    import("node:readline"),
    import("node:stream"),
  ]);
  let muted = hidden;
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) terminal.output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: terminal.input, output: echo, terminal: true, historySize: 0 });
  terminal.output.write(question);
  return new Promise<string>((resolve, reject) => {
    let answer: string | undefined;
    rl.on("line", (line) => {
      if (answer !== undefined) return void typedAhead.push(line);
      answer = line;
      muted = true;
      if (hidden) terminal.output.write("\n");
    });
    // readline emits the lines of one chunk synchronously; settle once it has handed them all over.
    rl.on("line", () => setImmediate(() => rl.close()));
    rl.on("SIGINT", () => {
      terminal.output.write("^C\n");
      reject(new VaultError("INTERRUPTED", "interrupted"));
      rl.close();
    });
    rl.on("close", () => {
      if (answer !== undefined) resolve(answer);
      else reject(new VaultError("INTERRUPTED", "no answer (end of input)"));
    });
  });
}
