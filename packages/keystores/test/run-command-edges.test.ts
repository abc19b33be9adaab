import { describe, expect, it } from "vitest";
import { runCommand, stderrSummary } from "../src/support/run-command.js";

describe("runCommand: limits and input", () => {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

  it("keeps output of exactly the limit: only more than it is stopped", async () => {
    const result = await runCommand("sh", ["-c", "printf abcd"], { env, maxOutputBytes: 4 });
    expect(result).toEqual({ exitCode: 0, stdout: Buffer.from("abcd"), stderr: "" });
  });

  it("returns the exit code of a program that exits without reading its input", async () => {
    const input = "x".repeat(4 * 1024 * 1024);
    const result = await runCommand("sh", ["-c", "exit 3"], { env, input });
    expect(result).toEqual({ exitCode: 3, stdout: Buffer.alloc(0), stderr: "" });
  });
});

describe("stderrSummary: a child's complaint on one line", () => {
  it("joins the lines that say something, trimmed, with single spaces", () => {
    expect(stderrSummary("  gpg: decryption failed  \n\n\tNo secret key \n")).toBe(
      "gpg: decryption failed No secret key",
    );
  });

  it.each(["", "\n \n\t\n"])("says 'no message' when stderr is %j", (stderr) => {
    expect(stderrSummary(stderr)).toBe("no message");
  });
});
