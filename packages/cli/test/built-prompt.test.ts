import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, runBuilt } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { runOnTerminal } from "./support/pty.js";
import { ACCESS_KEY_ID, SECRET } from "./support/seed.js";
import { tempConfig } from "./support/test-io.js";

beforeAll(assertBuilt);

/** A fresh HOME with an empty config, the file backend and no file passphrase in the environment. */
function setup() {
  const { home, configFile } = tempConfig("");
  const dir = join(home, "keys");
  return {
    dir,
    configFile,
    env: { HOME: home, AWS_CONFIG_FILE: configFile, AWS_VAULT_BACKEND: "file", AWS_VAULT_FILE_DIR: dir },
  };
}

describe("prompts on the controlling terminal (built binary on a pseudo-terminal)", () => {
  it("asks on /dev/tty, echoes the key ID, hides the secret and the passphrase", () => {
    const { dir, env } = setup();
    const r = runOnTerminal(["add", "alice"], env, [
      ["Enter Access Key ID: ", `${ACCESS_KEY_ID}\r`],
      ["Enter Secret Access Key: ", `${SECRET}\r`],
      [`Enter passphrase to unlock "${dir}": `, "pass phrase\r"],
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Added credentials to profile "alice" in vault\n');
    expect(r.terminal).toContain(`Enter Access Key ID: ${ACCESS_KEY_ID}`);
    expect(r.terminal).not.toContain(SECRET);
    expect(r.terminal).not.toContain("pass phrase");
    expect(existsSync(join(dir, "alice"))).toBe(true);

    // The passphrase typed was the one used: reading with another one fails, with it succeeds.
    const list = runOnTerminal(["list", "--credentials"], env, []);
    expect(list.stdout).toBe("alice\n");
    const read = (passphrase: string) =>
      runBuilt(["export", "--no-session", "--format=json", "alice"], {
        ...env,
        AWS_VAULT_FILE_PASSPHRASE: passphrase,
      });
    expect(JSON.parse(read("pass phrase").stdout).AccessKeyId).toBe(ACCESS_KEY_ID);
    const wrong = read("another phrase");
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
  });

  it("Ctrl-C at the secret prompt exits 130 and writes nothing", () => {
    const { dir, configFile, env } = setup();
    const r = runOnTerminal(["add", "alice"], env, [
      ["Enter Access Key ID: ", `${ACCESS_KEY_ID}\r`],
      ["Enter Secret Access Key: ", "half-typed\u0003"],
    ]);
    expect(r.status).toBe(130);
    expect(r.stderr).toBe("vault-cli: error: add: interrupted\n");
    expect(r.stdout).toBe("");
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync(configFile, "utf8")).toBe("");
  });

  it("remove asks for confirmation on the terminal", () => {
    const { env } = setup();
    const secretEnv = { ...env, AWS_VAULT_FILE_PASSPHRASE: "p" };
    runOnTerminal(["add", "alice"], secretEnv, [
      ["Enter Access Key ID: ", `${ACCESS_KEY_ID}\r`],
      ["Enter Secret Access Key: ", `${SECRET}\r`],
    ]);
    const r = runOnTerminal(["rm", "alice"], env, [
      ['Delete credentials for profile "alice"? (y|N) ', "y\r"],
    ]);
    expect(r.stdout).toBe("Deleted credentials.\n");
    expect(r.terminal).toContain('Delete credentials for profile "alice"? (y|N) y');
  });
});
