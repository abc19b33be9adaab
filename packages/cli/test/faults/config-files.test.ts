import { execFileSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { assertBuilt, runBuilt, tempDir } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";

// The AWS config file is only ever replaced when it is a regular file (AWS_CONFIG_FILE=/dev/null, as root in CI,
// must not turn the system's /dev/null into a file), and reading one never hangs (a FIFO) or grows without end.
const KEYS = { AWS_ACCESS_KEY_ID: "AKIACONFIGFILES00001", AWS_SECRET_ACCESS_KEY: "secret" };

beforeAll(assertBuilt);

function env(configFile: string) {
  const home = tempDir("config-home");
  return {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_DIR: join(home, "keys"),
    AWS_VAULT_FILE_PASSPHRASE: "p",
    ...KEYS,
  };
}

describe("the AWS config file", () => {
  it("a FIFO (or a symlink to one) is refused at once, not waited on; nothing is stored", () => {
    const dir = tempDir("fifo");
    const fifo = join(dir, "config");
    execFileSync("mkfifo", [fifo]);
    symlinkSync(fifo, join(dir, "link"));
    for (const path of [fifo, join(dir, "link")]) {
      const e = env(path);
      const r = runBuilt(["add", "--env", "jon"], e);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `vault-cli: error: add: cannot read config file ${path}: it is not a regular file\n`,
      );
      expect(existsSync(e.AWS_VAULT_FILE_DIR)).toBe(false);
      expect(statSync(fifo).isFIFO()).toBe(true);
    }
  });

  it("a directory is refused by `add`, which never replaces what is not a regular file", () => {
    const dir = join(tempDir("dir"), "config");
    mkdirSync(dir);
    const r = runBuilt(["add", "--env", "jon"], env(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `vault-cli: error: add: cannot read config file ${dir}: it is not a regular file\n`,
    );
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it("a regular file through a symlink is appended to where the link points, keeping its mode and owner", () => {
    const dir = tempDir("owner");
    const real = join(dir, "real-config");
    writeFileSync(real, "[profile other]\n", { mode: 0o640 });
    // As root (CI), a file of another user: the append must leave it theirs.
    const owner =
      process.getuid?.() === 0
        ? { uid: 1234, gid: 2345 }
        : { uid: statSync(real).uid, gid: statSync(real).gid };
    chownSync(real, owner.uid, owner.gid);
    symlinkSync(real, join(dir, "config"));
    const r = runBuilt(["add", "--env", "jon"], env(join(dir, "config")));
    expect(r.stderr).toBe("");
    expect(readFileSync(real, "utf8")).toBe("[profile other]\n\n[profile jon]\n");
    const after = statSync(real);
    expect([after.mode & 0o777, after.uid, after.gid]).toEqual([0o640, owner.uid, owner.gid]);
  });
});
