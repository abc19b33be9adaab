import { existsSync, readFileSync } from "node:fs";
import { decodeMasterCredentials } from "@vault-cli/core";
import { memoryKeystore } from "@vault-cli/core/testing";
import { describe, expect, it } from "vitest";
import { fileVault } from "./support/file-vault.js";
import { ctrlC, scriptedPrompt } from "./support/scripted-prompt.js";
import { ACCESS_KEY_ID, SECRET, seedCredentials, seedSession } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

describe("vault-cli add", () => {
  it("asks for the key ID (echoed) and the secret (hidden) and stores aws-vault's item", async () => {
    const vault = fileVault();
    const terminal = scriptedPrompt([ACCESS_KEY_ID, SECRET]);
    const r = await runCli(["add", "alice"], { env: vault.env, prompt: terminal.prompt });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Added credentials to profile "alice" in vault\n');
    expect(terminal.asked).toEqual([
      { question: "Enter Access Key ID: ", hidden: false },
      { question: "Enter Secret Access Key: ", hidden: true },
    ]);
    const stored = await vault.keystore().get("alice");
    expect(decodeMasterCredentials(stored!)).toEqual({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET });
  });

  it("labels the item 'aws-vault (<profile>)' and reads --env without asking anything", async () => {
    const memory = memoryKeystore();
    const terminal = scriptedPrompt();
    const env = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
    const r = await runCli(["add", "--env", "alice"], {
      env,
      prompt: terminal.prompt,
      openKeystore: async () => memory,
    });
    expect(r.code).toBe(0);
    expect(terminal.asked).toEqual([]);
    expect(memory.items.get("alice")?.label).toBe("aws-vault (alice)");
    expect(memory.items.get("alice")?.value).toBe(
      `{"AccessKeyID":"${ACCESS_KEY_ID}","SecretAccessKey":"${SECRET}","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}`,
    );
  });

  it.each([
    [{}, "AWS_ACCESS_KEY_ID"],
    [{ AWS_ACCESS_KEY_ID: ACCESS_KEY_ID }, "AWS_SECRET_ACCESS_KEY"],
  ])("--env without %j says which variable is missing", async (env, missing) => {
    const vault = fileVault();
    const r = await runCli(["add", "--env", "alice"], { env: { ...vault.env, ...env } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vault-cli: error: add: Missing value for ${missing}\n`);
    expect(vault.snapshot()).toEqual({});
  });

  it("refuses a profile with a source_profile, in aws-vault's words, before asking anything", async () => {
    const vault = fileVault();
    const terminal = scriptedPrompt([ACCESS_KEY_ID, SECRET]);
    const config = "[profile jon]\n[profile dev]\nsource_profile = jon\nrole_arn = arn:aws:iam::1:role/d\n";
    const r = await runCli(["add", "dev"], { config, env: vault.env, prompt: terminal.prompt });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: add: Your profile has a source_profile of jon, adding credentials to dev won't have any effect\n",
    );
    expect(terminal.asked).toEqual([]);
    expect(vault.snapshot()).toEqual({});
  });

  it("a wrong passphrase fails clearly and leaves the directory and the config unchanged", async () => {
    const vault = fileVault("right");
    await seedCredentials(vault.keystore(), "jon");
    const before = vault.snapshot();
    const config = "[profile jon]\n";
    const env = { ...vault.env, AWS_VAULT_FILE_PASSPHRASE: "wrong" };
    const r = await runCli(["add", "alice"], {
      config,
      env,
      prompt: scriptedPrompt([ACCESS_KEY_ID, SECRET]).prompt,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vault-cli: error: add: wrong passphrase for '${vault.dir}'\n`);
    expect(r.stdout).toBe("");
    expect(vault.snapshot()).toEqual(before);
    expect(readFileSync(r.configFile, "utf8")).toBe(config);
  });

  it("asks for the file passphrase on the terminal only when AWS_VAULT_FILE_PASSPHRASE is unset", async () => {
    const vault = fileVault();
    const { AWS_VAULT_FILE_PASSPHRASE: _, ...env } = vault.env;
    const terminal = scriptedPrompt([ACCESS_KEY_ID, SECRET, "typed passphrase"]);
    expect((await runCli(["add", "alice"], { env, prompt: terminal.prompt })).code).toBe(0);
    expect(terminal.asked.at(-1)).toEqual({
      question: `Enter passphrase to unlock "${vault.dir}": `,
      hidden: true,
    });

    const empty = scriptedPrompt([ACCESS_KEY_ID, SECRET]);
    const other = fileVault();
    const r = await runCli(["add", "bob"], {
      env: { ...other.env, AWS_VAULT_FILE_PASSPHRASE: "" },
      prompt: empty.prompt,
    });
    expect(r.code).toBe(0);
    expect(empty.asked).toHaveLength(2); // an empty value counts as set, as in aws-vault

    const noTerminal = await runCli(["add", "carol"], {
      env,
      prompt: scriptedPrompt([ACCESS_KEY_ID, SECRET]).prompt,
    });
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toBe(
      `vault-cli: error: add: the file keystore '${vault.dir}' needs a passphrase\n` +
        "vault-cli: hint: run `vault-cli agent` once in a terminal, set AWS_VAULT_FILE_PASSPHRASE_COMMAND (or AWS_VAULT_FILE_PASSPHRASE), or run vault-cli in a terminal\n",
    );
  });

  it("Ctrl-C at a prompt exits 130 and writes nothing", async () => {
    const vault = fileVault();
    const terminal = scriptedPrompt([ACCESS_KEY_ID, ctrlC()]);
    const r = await runCli(["add", "alice"], { env: vault.env, prompt: terminal.prompt });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe("vault-cli: error: add: interrupted\n");
    expect(existsSync(vault.dir)).toBe(false);
    expect(readFileSync(r.configFile, "utf8")).toBe("");
  });

  it("without a terminal, says to use --env", async () => {
    const r = await runCli(["add", "alice"], { env: fileVault().env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no terminal to ask "Enter Access Key ID:"');
    expect(r.stderr).toContain("use --env");
  });

  it("deletes the profile's cached sessions, and only those", async () => {
    const vault = fileVault();
    const store = vault.keystore();
    const expiry = new Date("2030-01-01T00:00:00Z");
    await seedSession(store, "alice", expiry);
    await seedSession(store, "alice", expiry, "sts.AssumeRole", "arn:aws:iam::1:mfa/a");
    const bobSession = await seedSession(store, "bob", expiry);
    const env = { ...vault.env, AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
    const r = await runCli(["add", "--env", "alice"], { env });
    expect(r.stdout).toBe('Added credentials to profile "alice" in vault\nDeleted 2 existing sessions.\n');
    expect((await store.keys()).sort()).toEqual(["alice", bobSession].sort());
  });

  it("refuses names the keystore would read back as sessions or that cannot be a section", async () => {
    for (const name of ["oidc:https://x", "a session (12)", "bad]name", " padded"]) {
      const r = await runCli(["add", "--env", name], { env: fileVault().env });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain("invalid profile name");
    }
  });

  it("never shows the secret, whatever happens", async () => {
    const vault = fileVault("right");
    await seedCredentials(vault.keystore(), "jon");
    const runs = [
      await runCli(["add", "alice"], {
        env: vault.env,
        prompt: scriptedPrompt([ACCESS_KEY_ID, SECRET]).prompt,
      }),
      await runCli(["add", "bob"], {
        env: { ...vault.env, AWS_VAULT_FILE_PASSPHRASE: "wrong" },
        prompt: scriptedPrompt([ACCESS_KEY_ID, SECRET]).prompt,
      }),
      await runCli(["list"], { env: vault.env }),
      await runCli(["rm", "-f", "alice"], { env: vault.env }),
    ];
    for (const r of runs) {
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain(ACCESS_KEY_ID);
    }
  });
});
