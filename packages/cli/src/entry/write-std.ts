import { writeSync } from "node:fs";

const streamed = new Set<1 | 2>();

/**
 * Writes text to stdout (1) or stderr (2) with write(2) itself, without creating process.stdout/stderr: on a
 * pipe, as credential_process has, that stream alone loads `net` and the streams stack (about 2 ms of every
 * run). A full non-blocking pipe (EAGAIN) hands the rest, and everything after it, to the stream, which waits
 * for the reader; a reader that went away (EPIPE, `vault-cli list | head`) ends the output quietly.
 */
export function writeStd(fd: 1 | 2, text: string): void {
  if (streamed.has(fd)) {
    stream(fd).write(text);
    return;
  }
  let rest = Buffer.from(text, "utf8");
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw error;
      streamed.add(fd);
      stream(fd).write(rest);
      return;
    }
  }
}

const stream = (fd: 1 | 2) => (fd === 1 ? process.stdout : process.stderr);
