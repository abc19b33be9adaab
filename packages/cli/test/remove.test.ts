import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { fileVault } from "./support/file-vault.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { seedCredentials, seedSession } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

const expiry = new Date("2030-01-01T00:00:00Z");

async function vaultWithAlice() {
  const vault = fileVault();
  const store = vault.keystore();
  await seedCredentials(store, "alice");
  await seedCredentials(store, "bob");
  await seedSession(store, "alice", expiry);
  const bobSession = await seedSession(store, "bob", expiry);
  return { vault, store, bobSession };
}

describe("vault-cli remove", () => {
  it("asks aws-vault's question and, on 'y', deletes the credentials and the profile's sessions", async () => {
    const { vault, store, bobSession } = await vaultWithAlice();
    const terminal = scriptedPrompt(["y"]);
    const r = await runCli(["remove", "alice"], { env: vault.env, prompt: terminal.prompt });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Deleted credentials.\nDeleted 1 existing sessions.\n");
    expect(terminal.asked).toEqual([
      { question: 'Delete credentials for profile "alice"? (y|N) ', hidden: false },
    ]);
    expect((await store.keys()).sort()).toEqual(["bob", bobSession].sort());
  });

  it.each(["n", "", "no", "yess"])("keeps everything on %j and exits 0 quietly", async (answer) => {
    const { vault } = await vaultWithAlice();
    const before = vault.snapshot();
    const r = await runCli(["rm", "alice"], { env: vault.env, prompt: scriptedPrompt([answer]).prompt });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(vault.snapshot()).toEqual(before);
  });

  it("deletes what the keys made: the sessions of every profile sourced from them, and only those", async () => {
    const { vault, store, bobSession } = await vaultWithAlice();
    const roleSession = await seedSession(store, "admin", expiry, "sts.AssumeRole");
    const chainedSession = await seedSession(store, "deploy", expiry, "sts.AssumeRole");
    const parentedSession = await seedSession(store, "parented", expiry, "sts.AssumeRole");
    const bobRole = await seedSession(store, "bobs-role", expiry, "sts.AssumeRole");
    const config = [
      // aws-vault's "parent style": alice names herself, so what includes her gets its source from her.
      "[profile alice]\nsource_profile = alice",
      "[profile admin]\nsource_profile = alice\nrole_arn = arn:aws:iam::1:role/admin",
      "[profile base]\nsource_profile = admin",
      "[profile deploy]\ninclude_profile = base\nrole_arn = arn:aws:iam::1:role/deploy",
      "[profile parented]\ninclude_profile = alice\nrole_arn = arn:aws:iam::1:role/p",
      "[profile bobs-role]\nsource_profile = bob\nrole_arn = arn:aws:iam::1:role/b",
    ].join("\n");
    const r = await runCli(["remove", "-f", "alice"], { config, env: vault.env });
    expect(r.stdout).toBe("Deleted credentials.\nDeleted 4 existing sessions.\n");
    const left = await store.keys();
    for (const gone of [roleSession, chainedSession, parentedSession]) expect(left).not.toContain(gone);
    expect(left.sort()).toEqual(["bob", bobSession, bobRole].sort());
  });

  it("with a config it cannot read, still removes the keys and the profile's own sessions, and says so", async () => {
    const { vault, store, bobSession } = await vaultWithAlice();
    const dir = tempDir("unreadable");
    const r = await runCli(["remove", "-f", "alice"], { configFile: dir, home: dir, env: vault.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Deleted credentials.\nDeleted 1 existing sessions.\n");
    expect(r.stderr).toBe(
      `vault-cli: warning: cannot read config file ${dir}: it is not a regular file: only the sessions of 'alice' itself are removed\n`,
    );
    expect((await store.keys()).sort()).toEqual(["bob", bobSession].sort());
  });

  it("--force and -f skip the question; no passphrase is needed", async () => {
    const { vault, store } = await vaultWithAlice();
    const { AWS_VAULT_FILE_PASSPHRASE: _, ...env } = vault.env;
    const terminal = scriptedPrompt();
    expect((await runCli(["rm", "-f", "alice"], { env, prompt: terminal.prompt })).code).toBe(0);
    expect((await runCli(["remove", "bob", "--force"], { env, prompt: terminal.prompt })).code).toBe(0);
    expect(terminal.asked).toEqual([]);
    expect(await store.keys()).toEqual([]);
  });

  it("names a profile without stored credentials, with a suggestion", async () => {
    const { vault } = await vaultWithAlice();
    const r = await runCli(["rm", "-f", "alcie"], { env: vault.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: remove: no credentials stored for profile 'alcie' in the file keystore (did you mean 'alice'?)\n",
    );
  });

  it("--sessions-only deletes the sessions and keeps the credentials (aws-vault's legacy flag)", async () => {
    const { vault, store, bobSession } = await vaultWithAlice();
    const r = await runCli(["rm", "-s", "alice"], { env: vault.env });
    expect(r.stdout).toBe("Deleted 1 sessions.\n");
    expect((await store.keys()).sort()).toEqual(["alice", "bob", bobSession].sort());
  });

  it("without a terminal, says to use --force", async () => {
    const { vault } = await vaultWithAlice();
    const r = await runCli(["rm", "alice"], { env: vault.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("use --force");
  });
});
