import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, createPassStore, MAIN, type PassStore, runBuilt } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KEY_ID, SECRET } from "./support/seed.js";
import { tempConfig } from "./support/test-io.js";

beforeAll(assertBuilt);

const keys = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };

describe("the built binary with the pass backend", () => {
  let store: PassStore;
  beforeAll(async () => {
    store = await createPassStore();
  });
  afterAll(() => store.remove());

  it("adds, lists and removes credentials in a throwaway store", () => {
    const { configFile } = tempConfig("[profile jon]\n");
    const env = { ...store.env, AWS_CONFIG_FILE: configFile };
    const flags = ["--backend", "pass", "--pass-dir", store.dir];
    const add = runBuilt(["add", "--env", "alice", ...flags], { ...env, ...keys });
    expect(add.stderr).toBe("");
    expect(add.stdout).toBe('Added credentials to profile "alice" in vault\n');
    expect(existsSync(join(store.dir, "alice.gpg"))).toBe(true);
    const shown = execFileSync("pass", ["show", "alice"], {
      env: { ...env, PASSWORD_STORE_DIR: store.dir },
      encoding: "utf8",
    });
    expect(JSON.parse(shown)).toMatchObject({ Key: "alice", Label: "aws-vault (alice)" });

    expect(runBuilt([...flags, "list", "--credentials"], env).stdout).toBe("alice\n");
    expect(runBuilt(["ls", ...flags], env).stdout).toMatch(/\njon {22}- {24}- +\nalice {20}alice {20}- +\n$/);
    expect(runBuilt(["rm", "-f", "alice", ...flags], env).stdout).toBe("Deleted credentials.\n");
    expect(runBuilt(["ls", "--credentials", ...flags], env).stdout).toBe("");
    for (const r of [add]) expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe("the built binary with the keyctl backend", () => {
  it("adds, lists and removes credentials inside 'keyctl session -'", () => {
    const { configFile, home } = tempConfig("");
    // One shell in a fresh session keyring: every vault-cli call sees the same keys, which go with it.
    const script = [
      `"$0" "$1" add --env alice`,
      `echo ---`,
      `"$0" "$1" list --credentials`,
      `echo ---`,
      `"$0" "$1" rm -f alice`,
      `echo ---`,
      `"$0" "$1" list --credentials`,
    ].join(" && ");
    const out = execFileSync("keyctl", ["session", "-", "sh", "-c", script, process.execPath, MAIN], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: configFile,
        AWS_VAULT_BACKEND: "keyctl",
        AWS_VAULT_KEYCTL_SCOPE: "session",
        ...keys,
      },
    });
    expect(out.split("---\n")).toEqual([
      expect.stringMatching(
        /^(Joined session keyring: \d+\n)?Added credentials to profile "alice" in vault\n$/,
      ),
      "alice\n",
      "Deleted credentials.\n",
      "",
    ]);
    expect(out).not.toContain(SECRET);
  });
});
