import { isVaultError } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { shellRunProcess } from "../src/index.js";

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("shellRunProcess", () => {
  it("runs the command through /bin/sh and returns its stdout", async () => {
    const stdout = await shellRunProcess()("printf '%s' \"$GREETING\" | tr a-z A-Z; echo ' done'", {
      env: { GREETING: "hello", PATH: process.env.PATH },
    });
    expect(stdout).toBe("HELLO done\n");
  });

  it("a non-zero exit is PROCESS_FAILED with the status and never the output", async () => {
    const error = await errorOf(
      shellRunProcess()("echo SECRET-OUTPUT; exit 3", { env: {}, purpose: "mfa_process" }),
    );
    expect(isVaultError(error) && error.code).toBe("PROCESS_FAILED");
    expect((error as Error).message).toBe("mfa_process command exited with status 3");
  });

  it("a killed process says which signal", async () => {
    const error = await errorOf(shellRunProcess()("kill -TERM $$", {}));
    expect((error as Error).message).toBe("command was killed by SIGTERM");
  });

  it("a missing shell is PROCESS_FAILED", async () => {
    const error = await errorOf(shellRunProcess({ shell: "/nonexistent/sh" })("true", {}));
    expect(isVaultError(error) && error.message).toBe("cannot start command with /nonexistent/sh: ENOENT");
  });
});
