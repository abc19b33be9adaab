import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { failureOf, tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { availableBackends, openKeystore } from "../src/index.js";

const PATH = process.env.PATH ?? "/usr/bin:/bin";

describe("openKeystore: why a backend cannot open", () => {
  it("says keyctl was not found, and how to install it", async () => {
    const env = { PATH: tempDir("empty-path") };
    expect(await failureOf(openKeystore({ backend: "keyctl", env, platform: "linux" }))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        "keystore backend 'keyctl' is not available: the keyctl program was not found " +
        "(Debian: apt-get install keyutils); backends available here: file",
    });
  });

  it("says pass does not run on Windows", async () => {
    expect(await failureOf(openKeystore({ backend: "pass", env: { PATH }, platform: "win32" }))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        "keystore backend 'pass' is not available: pass does not run on Windows; backends available here: wincred, file",
    });
  });

  it("reports an aws-vault backend vault-cli lacks as UNSUPPORTED", async () => {
    const env = { PATH, AWS_VAULT_BACKEND: "passage" };
    expect((await failureOf(openKeystore({ env, platform: "linux" }))).code).toBe("UNSUPPORTED");
    // One vault-cli has, on a system that does not: unavailable, saying why.
    expect(
      await failureOf(openKeystore({ env: { PATH, AWS_VAULT_BACKEND: "keychain" }, platform: "linux" })),
    ).toMatchObject({
      code: "KEYSTORE_UNAVAILABLE",
      message: expect.stringContaining(
        "keystore backend 'keychain' is not available: the keychain exists on macOS only",
      ),
    });
  });

  it.each(["many", "x5", "5x", "1.5"])("refuses VAULT_CLI_FILE_ITERATIONS=%s, quoting it", async (text) => {
    const env = { HOME: tempDir("home"), VAULT_CLI_FILE_ITERATIONS: text };
    expect(await failureOf(openKeystore({ env, platform: "linux" }))).toEqual({
      code: "CONFIG_INVALID_SETTING",
      message: `VAULT_CLI_FILE_ITERATIONS must be a whole number, not '${text}'`,
    });
  });
});

describe("availableBackends: finding the programs", () => {
  it("finds AWS_VAULT_PASS_CMD given as a path, whatever PATH holds", async () => {
    const bin = tempDir("bin");
    const myPass = join(bin, "my-pass");
    writeFileSync(myPass, "#!/bin/sh\n", { mode: 0o755 });
    const env = { PATH: tempDir("empty-path"), AWS_VAULT_PASS_CMD: myPass };
    expect(await availableBackends({ env, platform: "linux" })).toEqual(["pass", "file"]);
  });

  it("does not take a directory on PATH named keyctl or pass for the program", async () => {
    const bin = tempDir("bin");
    mkdirSync(join(bin, "keyctl"));
    mkdirSync(join(bin, "pass"));
    expect(await availableBackends({ env: { PATH: bin }, platform: "linux" })).toEqual(["file"]);
  });

  it("finds neither program without a PATH", async () => {
    expect(await availableBackends({ env: {}, platform: "linux" })).toEqual(["file"]);
  });
});
