import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keystoreEnv, splitGlobalFlags } from "../src/global-flags.js";
import { fileVault } from "./support/file-vault.js";
import { seedCredentials } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

describe("global flags", () => {
  it("are taken from before or after the command, as --flag value or --flag=value, up to --", () => {
    expect(
      splitGlobalFlags(["--backend", "pass", "ls", "--pass-dir=/s", "-x", "--", "--backend", "y"]),
    ).toEqual({
      globals: { backend: "pass", passDir: "/s" },
      rest: ["ls", "-x", "--", "--backend", "y"],
    });
    expect(() => splitGlobalFlags(["ls", "--file-dir"])).toThrow("--file-dir needs a value (DIR)");
  });

  it("win over the variables aws-vault reads for them", () => {
    const env = keystoreEnv(
      { AWS_VAULT_FILE_DIR: "/env", AWS_VAULT_PASS_CMD: "pass" },
      { fileDir: "/flag", passPrefix: "aws", keyctlScope: "session" },
    );
    expect(env).toMatchObject({
      AWS_VAULT_FILE_DIR: "/flag",
      AWS_VAULT_PASS_CMD: "pass",
      AWS_VAULT_PASS_PREFIX: "aws",
      AWS_VAULT_KEYCTL_SCOPE: "session",
    });
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

  it("an unknown --backend names the ones available here", async () => {
    const r = await runCli(["ls", "--credentials", "--backend", "keychain"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: list: keystore backend 'keychain' is not supported by vault-cli yet; backends available here: file\n",
    );
  });

  it("--help lists the global flags and which backends work on this machine", async () => {
    const bin = mkdtempSync(join(tmpdir(), "vault-cli-path-"));
    writeFileSync(join(bin, "pass"), "#!/bin/sh\n");
    chmodSync(join(bin, "pass"), 0o755);
    const { stdout } = await runCli(["--pass-cmd", "pass", "--help"], { env: { PATH: bin } });
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
    expect(stdout).toMatch(/Keystore backends \(now: file\):\n {2}keyctl +not available here/);
    expect(stdout).toMatch(/\n {2}pass +available /);
    expect(stdout).toMatch(/\n {2}file +available /);
  });
});
