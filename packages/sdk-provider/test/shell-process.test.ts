import { spawnSync } from "node:child_process";
import { isVaultError } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { shellRunProcess } from "../src/index.js";

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const LIMITS = { timeoutMs: 10_000, maxOutputBytes: 1 << 20 };
const run = shellRunProcess(LIMITS);

describe("shellRunProcess", () => {
  it("runs the command through /bin/sh and returns its stdout", async () => {
    const stdout = await run("printf '%s' \"$GREETING\" | tr a-z A-Z; echo ' done'", {
      env: { GREETING: "hello", PATH: process.env.PATH },
    });
    expect(stdout).toBe("HELLO done\n");
  });

  it("a non-zero exit is PROCESS_FAILED with the status and never the output", async () => {
    const error = await errorOf(run("echo SECRET-OUTPUT; exit 3", { env: {} }));
    expect(isVaultError(error) && error.code).toBe("PROCESS_FAILED");
    expect((error as Error).message).toBe("exited with status 3");
  });

  it("a killed process says which signal", async () => {
    const error = await errorOf(run("kill -TERM $$", {}));
    expect((error as Error).message).toBe("killed by SIGTERM");
  });

  it("a missing shell is PROCESS_FAILED", async () => {
    const error = await errorOf(shellRunProcess({ ...LIMITS, shell: "/nonexistent/sh" })("true", {}));
    expect(isVaultError(error) && error.message).toBe("cannot start /nonexistent/sh: ENOENT");
  });

  it("never passes the file passphrase or credentials from the environment it is given", async () => {
    const secrets = {
      AWS_VAULT_FILE_PASSPHRASE: "pass phrase",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "long-term secret",
      AWS_SESSION_TOKEN: "a token",
      KEPT: "kept",
    };
    const stdout = await run("env", { env: { ...secrets, PATH: process.env.PATH } });
    expect(stdout).toContain("KEPT=kept\n");
    for (const value of Object.values(secrets).slice(0, -1)) expect(stdout).not.toContain(value);
  });

  it("kills a process that outlives VAULT_CLI_PROCESS_TIMEOUT, and what it started, and says so", async () => {
    const marker = `${process.pid}.${Date.now() % 1000}`;
    const error = await errorOf(shellRunProcess({ ...LIMITS, timeoutMs: 300 })(`sleep 3${marker}; true`, {}));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "PROCESS_FAILED",
      "timed out after 300ms (VAULT_CLI_PROCESS_TIMEOUT)",
    ]);
    expect(spawnSync("pgrep", ["-f", `sleep 3${marker}`]).status).toBe(1); // nothing left running
  });

  it("stops reading at VAULT_CLI_PROCESS_OUTPUT_MAX: `yes` does not grow without bound", async () => {
    const error = await errorOf(shellRunProcess({ ...LIMITS, maxOutputBytes: 4096 })("yes", {}));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "PROCESS_FAILED",
      "printed more than 4096 bytes (VAULT_CLI_PROCESS_OUTPUT_MAX)",
    ]);
  });
});
