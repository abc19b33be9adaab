import { describe, expect, it } from "vitest";
import { runCommand } from "../src/support/run-command.js";

// pass, gpg and keyctl run through runCommand: a program that hangs or floods is killed, and says why.
describe("runCommand", () => {
  const env = { PATH: process.env.PATH };

  it("kills a program that runs past its deadline and reports it on stderr", async () => {
    const result = await runCommand("sh", ["-c", "exec sleep 600"], { env, timeoutMs: 200 });
    expect(result.exitCode).toBeNull();
    expect(result.stderr).toBe("'sh' was stopped: it ran longer than 200ms\n");
  });

  it("kills a program that prints more than the limit, keeping only what fit", async () => {
    const result = await runCommand("sh", ["-c", "exec yes"], { env, maxOutputBytes: 4096 });
    expect(result.exitCode).toBeNull();
    expect(result.stderr).toBe("'sh' was stopped: it printed more than 4096 bytes\n");
    expect(result.stdout.length).toBeLessThanOrEqual(4096);
  });

  it("returns a failing program's exit code and output as a result, and its stdin gets the input", async () => {
    const result = await runCommand("sh", ["-c", "cat; echo oops >&2; exit 3"], { env, input: "secret-in" });
    expect(result).toEqual({ exitCode: 3, stdout: Buffer.from("secret-in"), stderr: "oops\n" });
  });
});
