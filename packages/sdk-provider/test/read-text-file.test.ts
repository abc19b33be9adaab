import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../src/node/read-text-file.js";

// web_identity_token_file is read through this: a regular file up to the limit, nothing that can block.
describe("readTextFile", () => {
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "read",
      (error: NodeJS.ErrnoException) => error.code,
    );

  it("reads a regular file of up to the limit", async () => {
    const dir = tempDir("read-text");
    writeFileSync(join(dir, "token"), "a".repeat(64));
    expect(await readTextFile(64)(join(dir, "token"))).toBe("a".repeat(64));
  });

  it("refuses a file one byte over the limit, naming the limit and its variable", async () => {
    const dir = tempDir("read-text");
    writeFileSync(join(dir, "token"), "a".repeat(65));
    expect(await codeOf(readTextFile(64)(join(dir, "token")))).toBe(
      "larger than 64 bytes (VAULT_CLI_PROCESS_OUTPUT_MAX)",
    );
  });

  it("does not trust st_size: a /proc file that says 0 bytes is still capped", async () => {
    // /proc/self/mountinfo is never empty, and stat says its size is 0.
    expect(await codeOf(readTextFile(8)("/proc/self/mountinfo"))).toBe(
      "larger than 8 bytes (VAULT_CLI_PROCESS_OUTPUT_MAX)",
    );
  });

  it("refuses a FIFO at once instead of waiting for a writer, and a directory", async () => {
    const dir = tempDir("read-text");
    execFileSync("mkfifo", [join(dir, "fifo")]);
    mkdirSync(join(dir, "sub"));
    expect(await codeOf(readTextFile(64)(join(dir, "fifo")))).toBe("not a regular file");
    expect(await codeOf(readTextFile(64)(join(dir, "sub")))).toBe("not a regular file");
  });
});
