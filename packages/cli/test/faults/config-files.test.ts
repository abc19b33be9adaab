import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, MAIN, runBuilt, tempDir } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";

// The AWS config file is only ever replaced when it is a regular file (AWS_CONFIG_FILE=/dev/null, as root in CI,
// must not turn the system's /dev/null into a file), and reading one never hangs on a pipe or grows without end.
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
  it("a pipe (or a link to one) is read, not waited on; `add` stores the keys and leaves the pipe alone", () => {
    const dir = tempDir("fifo");
    const fifo = join(dir, "config");
    execFileSync("mkfifo", [fifo]);
    symlinkSync(fifo, join(dir, "link"));
    for (const path of [fifo, join(dir, "link")]) {
      const e = env(path);
      const r = runBuilt(["add", "--env", "jon"], e);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('Added credentials to profile "jon" in vault\n');
      expect(r.stderr).toBe(
        `vault-cli: warning: no [profile jon] section added: ${path} is not a regular file\n`,
      );
      expect(statSync(fifo).isFIFO()).toBe(true);
    }
  });

  it("process substitution works: AWS_CONFIG_FILE=<(printf ...)", () => {
    const out = execFileSync(
      "bash",
      [
        "-c",
        `AWS_CONFIG_FILE=<(printf '[profile from-pipe]\\nregion = x\\n') "${process.execPath}" "${MAIN}" list --profiles`,
      ],
      { encoding: "utf8", env: { PATH: process.env.PATH, HOME: tempDir("pipe-home") } },
    );
    expect(out).toBe("from-pipe\n");
  });

  it("a pipe whose writer never finishes is given up after 10s, naming the file", () => {
    const fifo = join(tempDir("slow-pipe"), "config");
    execFileSync("mkfifo", [fifo]);
    // The writer sends a profile, then holds the pipe open; it is killed as soon as vault-cli is done.
    const script = `(printf '[profile slow]\\n'; exec sleep 600) > "$1" 2>/dev/null & writer=$!
"${process.execPath}" "${MAIN}" list --profiles; status=$?; kill $writer; exit $status`;
    const r = spawnSync("bash", ["-c", script, "bash", fifo], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: tempDir("slow-home"), AWS_CONFIG_FILE: fifo },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `vault-cli: error: list: cannot read config file ${fifo}: nothing more to read after 10s\n`,
    );
  });

  it("a directory is refused by name; /dev/zero is read up to 16 MiB, then refused", () => {
    const dir = join(tempDir("dir"), "config");
    mkdirSync(dir);
    const r = runBuilt(["add", "--env", "jon"], env(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `vault-cli: error: add: cannot read config file ${dir}: it is not a regular file\n`,
    );
    expect(statSync(dir).isDirectory()).toBe(true);
    const zero = runBuilt(["list", "--profiles"], env("/dev/zero"));
    expect(zero.code).toBe(1);
    expect(zero.stderr).toBe(
      "vault-cli: error: list: cannot read config file /dev/zero: it is larger than 16 MiB\n",
    );
  });

  it("a regular file through a symlink is appended to where the link points, keeping its mode and owner", () => {
    const dir = tempDir("owner");
    const real = join(dir, "real-config");
    writeFileSync(real, "[profile other]\n", { mode: 0o640 });
    // As root (CI runs as root), a file of another user: the append must leave it theirs. Run as another user,
    // this checks only that the owner is unchanged.
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
