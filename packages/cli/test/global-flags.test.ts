import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Env } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { parseCommandArgs, splitArgv } from "../src/argv/parse-argv.js";
import { execCommand } from "../src/commands/exec.js";
import { listCommand } from "../src/commands/list.js";
import { fileVault } from "./support/file-vault.js";
import { ACCESS_KEY_ID, seedCredentials } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

describe("global flags", () => {
  it("are taken from before or after the command, as --flag value or --flag=value", () => {
    const split = splitArgv(["--backend", "pass", "ls", "--pass-dir=/s", "--credentials"]);
    expect(split.globals).toEqual({ backend: "pass" });
    expect(split.word).toBe("ls");
    const input = parseCommandArgs(listCommand, split.rest);
    expect(input.globals).toEqual({ passDir: "/s" });
    expect(input.values.credentials).toBe(true);
    expect(() => parseCommandArgs(listCommand, ["--file-dir"])).toThrow("--file-dir");
  });

  it("exec's are vault-cli's up to the command, whose own words are passed on untouched", () => {
    const words = ["--debug", "p", "--prompt", "ykman", "-t", "123456", "aws", "--backend", "x", "--debug"];
    const input = parseCommandArgs(execCommand, words);
    expect(input.globals).toEqual({ debug: true, prompt: "ykman" });
    expect(input.values["mfa-token"]).toBe("123456");
    expect(input.positionals).toEqual(["p"]);
    expect(input.command).toEqual(["aws", "--backend", "x", "--debug"]);
    expect(parseCommandArgs(execCommand, ["p", "--", "--debug"]).command).toEqual(["--debug"]);
  });

  it("win over the variables aws-vault reads for them, for the keystore only: a child never sees them", async () => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "jon");
    let childEnv: Env = {};
    const r = await runCli(
      ["--file-dir", vault.dir, "--pass-prefix", "zz", "exec", "--no-session", "jon", "--", "true"],
      {
        config: "[profile jon]\nregion = eu-west-1\n",
        env: { ...vault.env, AWS_VAULT_FILE_DIR: "/nonexistent", AWS_VAULT_KEYCTL_SCOPE: "user" },
        runChild: async (_command, _args, env) => {
          childEnv = env;
          return 0;
        },
      },
    );
    expect(r.stderr).toBe("");
    expect(childEnv.AWS_ACCESS_KEY_ID).toBe(ACCESS_KEY_ID);
    expect(childEnv.AWS_VAULT_FILE_DIR).toBe("/nonexistent");
    expect(childEnv.AWS_VAULT_KEYCTL_SCOPE).toBe("user");
    expect(childEnv).not.toHaveProperty("AWS_VAULT_PASS_PREFIX");
  });

  it("--backend and --file-dir choose the keystore, before or after the command", async () => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "alice");
    const env = { AWS_VAULT_BACKEND: "pass", AWS_VAULT_FILE_DIR: "/nonexistent" };
    const after = await runCli(["list", "--credentials", "--backend", "file", `--file-dir=${vault.dir}`], {
      env,
    });
    const before = await runCli(["--backend=file", "--file-dir", vault.dir, "list", "--credentials"], {
      env,
    });
    expect(after.stdout).toBe("alice\n");
    expect(before.stdout).toBe("alice\n");
  });

  it("a --backend that cannot run here names the ones available here", async () => {
    const r = await runCli(["ls", "--credentials", "--backend", "keychain"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: list: keystore backend 'keychain' is not available: the keychain exists on macOS only; backends available here: file\n" +
        "vault-cli: hint: try --backend file\n",
    );
  });

  it("--help lists the global flags and which backends work on this machine", async () => {
    const bin = tempDir("path");
    writeFileSync(join(bin, "pass"), "#!/bin/sh\n");
    chmodSync(join(bin, "pass"), 0o755);
    const { stdout } = await runCli(["--pass-cmd", "pass", "--help"], {
      env: { PATH: bin, AWS_VAULT_BACKEND: "file" },
    });
    for (const flag of [
      "--backend",
      "--file-dir",
      "--pass-dir",
      "--pass-cmd",
      "--pass-prefix",
      "--keyctl-scope",
    ]) {
      expect(stdout).toContain(`  ${flag} `);
    }
    expect(stdout).toMatch(
      /Keystore backends \(now: file\):\n {2}wincred +not available here .*\n {2}keychain +not available here .*\n {2}secret-service +not available here .*\n {2}kwallet +not available here .*\n {2}keyctl +not available here/,
    );
    expect(stdout).toMatch(/\n {2}pass +available /);
    expect(stdout).toMatch(/\n {2}file +available /);
    // Without a choice, the platform default and why.
    const byDefault = await runCli(["--help"], { env: { PATH: bin, AWS_VAULT_BACKEND: "" } });
    expect(byDefault.stdout).toContain(
      "Keystore backends (now: file: no D-Bus session bus, and no initialised pass store):\n",
    );
  });
});
