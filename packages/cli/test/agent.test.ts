// `vault-cli agent` through the built binary: a passphrase typed once serves every later run, the agent forgets
// at --stop and at its TTL, only its own user can reach it, and neither the passphrase nor a derived key is left in
// an argv, an environment or a file. Also the passphrase command (AWS_VAULT_FILE_PASSPHRASE_COMMAND).
import { spawnSync } from "node:child_process";
import { pbkdf2Sync } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  watch,
  writeFileSync,
} from "node:fs";
import { createConnection } from "node:net";
import { dirname, join } from "node:path";
import { fileKeystore } from "@vault-cli/keystores";
import { assertBuilt, removeAfterFile, runBuilt, runBuiltAsync, tempDir } from "@vault-cli/test-support";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KEY_ID, SECRET, seedCredentials, seedSession } from "./support/seed.js";

beforeAll(assertBuilt);

const PASSPHRASE = "agent test passphrase ✓";
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited already
    }
  }
});

/**
 * A user with the file backend and no AWS_VAULT_FILE_PASSPHRASE: the only source of the passphrase is a command
 * (a password manager's stand-in, outside HOME) that logs each run. Its keystore holds alice's keys and a cached
 * session, so `export alice` reads one item and calls no STS (the endpoint is closed: a miss would fail).
 */
/**
 * A user with a file keystore, a passphrase command that logs its runs, and an agent socket under XDG_RUNTIME_DIR.
 * `reachable`: HOME under /tmp rather than the test run's private TMPDIR, so another user can get as far as it.
 */
async function agentUser(passphrase = PASSPHRASE, reachable = false) {
  const home = reachable ? removeAfterFile(mkdtempSync("/tmp/vault-cli-agent-home-")) : tempDir("agent-home");
  const runtime = join(home, "run");
  const tmp = join(home, "tmp");
  mkdirSync(runtime, { mode: 0o700 });
  mkdirSync(tmp);
  const keysDir = join(home, "keys");
  writeFileSync(join(home, "config"), "[profile alice]\nregion = eu-west-1\n");
  const manager = tempDir("agent-pm");
  const log = join(manager, "runs.log");
  const command = join(manager, "passphrase.sh");
  writeFileSync(command, `#!/bin/sh\necho run >> '${log}'\ncat '${join(manager, "secret")}'\n`, {
    mode: 0o700,
  });
  writeFileSync(join(manager, "secret"), `${passphrase}\n`);
  const store = fileKeystore({ dir: keysDir, passphrase: () => passphrase });
  await seedCredentials(store, "alice");
  await seedSession(store, "alice", new Date(Date.now() + 6 * 3600_000));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    TMPDIR: tmp,
    XDG_RUNTIME_DIR: runtime,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_DIR: keysDir,
    AWS_VAULT_FILE_PASSPHRASE_COMMAND: command,
  };
  const socket = join(runtime, "vault-cli", "agent.sock");
  return {
    home,
    runtime,
    tmp,
    keysDir,
    env,
    socket,
    manager,
    vault: (args: string[], extra: Record<string, string> = {}) => runBuilt(args, { ...env, ...extra }),
    /** How many times the passphrase command ran. */
    asked: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0),
    /** `agent` with `args`; the daemon's pid, which afterEach kills. */
    startAgent(args: string[] = [], extra: Record<string, string> = {}) {
      const r = runBuilt(["agent", ...args], { ...env, ...extra });
      const pid = Number(/\(pid (\d+)\)/.exec(r.stdout)?.[1]);
      if (pid) started.push(pid); // before any expect: a failed check must not leave a daemon running
      expect([r.code, r.stderr]).toEqual([0, ""]);
      return { pid, stdout: r.stdout };
    },
  };
}
type AgentUser = Awaited<ReturnType<typeof agentUser>>;

const exportAlice = (user: AgentUser, extra: Record<string, string> = {}) =>
  user.vault(["export", "--format=json", "alice"], extra);

/** Resolves once `path` is gone: the fs events of its directory, not a timer. */
function removal(path: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(path), () => {
      if (!existsSync(path)) {
        watcher.close();
        resolve();
      }
    });
    if (!existsSync(path)) {
      watcher.close();
      resolve();
    }
  });
}

/** The running state of `pid` from /proc: undefined once it is gone (or a zombie nobody reaped). */
function running(pid: number): string | undefined {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "")[0];
    return state === "Z" ? undefined : state;
  } catch {
    return undefined;
  }
}

/** One request to the agent, as a client sends it; the parsed answer. */
function ask(socket: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    let text = "";
    connection.on("connect", () => connection.write(`${JSON.stringify(request)}\n`));
    connection.on("data", (chunk) => {
      text += chunk;
    });
    connection.on("end", () => resolve(JSON.parse(text)));
    connection.on("error", reject);
  });
}

describe("vault-cli agent: the passphrase typed once", () => {
  it("after one unlock, 20 parallel exports succeed and ask for the passphrase zero times", async () => {
    const user = await agentUser();
    const { stdout } = user.startAgent();
    expect(stdout).toMatch(
      new RegExp(`^Agent started \\(pid \\d+\\): the keys of '${user.keysDir}' are held until`),
    );
    expect(user.asked()).toBe(1);
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => runBuiltAsync(["export", "--format=json", "alice"], user.env)),
    );
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(new Set(runs.map((r) => JSON.parse(r.stdout).AccessKeyId))).toEqual(
      new Set(["ASIAEXAMPLESESSION01"]),
    );
    expect(user.asked()).toBe(1);
    const status = user.vault(["agent", "--status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^Agent \\(pid \\d+\\) holds the keys of '${user.keysDir}' until `),
    );
  });

  it("items written while it runs use its keys, and the passphrase reads them back", async () => {
    const user = await agentUser();
    user.startAgent();
    const add = user.vault(["add", "--env", "bob"], {
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect([add.code, add.stderr]).toEqual([0, ""]);
    expect(user.asked()).toBe(1);
    const bob = fileKeystore({ dir: user.keysDir, passphrase: () => PASSPHRASE });
    expect(JSON.parse((await bob.get("bob"))!).SecretAccessKey).toBe(SECRET);
  });

  it("after agent --stop the next run asks again, and without a passphrase source fails", async () => {
    const user = await agentUser();
    user.startAgent();
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(1);
    const stop = user.vault(["agent", "--stop"]);
    expect([stop.code, stop.stdout]).toEqual([0, "Agent stopped: its keys are forgotten.\n"]);
    await removal(user.socket); // the agent removes it right after its answer
    expect(user.vault(["agent", "--status"])).toMatchObject({ code: 1, stdout: "No agent is running.\n" });
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(2);
    const none = exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "" });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("needs a passphrase");
    expect(user.vault(["agent", "--stop"]).stdout).toBe("No agent is running.\n");
  });

  it("at the end of its TTL it forgets, removes its socket and exits; the next run asks again", async () => {
    const user = await agentUser();
    const { pid } = user.startAgent(["--ttl", "2s"]);
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(1);
    await removal(user.socket);
    expect(user.vault(["agent", "--status"]).stdout).toBe("No agent is running.\n");
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(2);
    expect(running(pid)).toBeUndefined();
  });

  it("a wrong passphrase at unlock starts nothing and leaves a running agent in place", async () => {
    const user = await agentUser();
    const wrong = user.vault(["agent"], { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "echo not-it" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`vault-cli: error: agent: wrong passphrase for '${user.keysDir}'\n`);
    expect(existsSync(user.socket)).toBe(false);
    const { pid } = user.startAgent();
    expect(user.vault(["agent"], { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "echo not-it" }).code).toBe(1);
    expect(user.vault(["agent", "--status"]).stdout).toContain(`(pid ${pid})`);
    // Starting again with the right one replaces it.
    const again = user.startAgent();
    expect(again.pid).not.toBe(pid);
    expect(user.vault(["agent", "--status"]).stdout).toContain(`(pid ${again.pid})`);
  });

  it("another user (nobody) cannot connect; a directory open to others is neither used nor trusted", async () => {
    const user = await agentUser(PASSPHRASE, true);
    user.startAgent();
    // Only the agent's own directory stands in the way: HOME and XDG_RUNTIME_DIR are opened up.
    chmodSync(user.home, 0o755);
    chmodSync(user.runtime, 0o755);
    expect(statSync(dirname(user.socket)).mode & 0o777).toBe(0o700);
    expect(statSync(user.socket).mode & 0o777).toBe(0o600);
    // Debian's python3, which every user can run (the Node binaries of the test run may sit in /root).
    const probe = [
      "import errno, os, socket, sys",
      "os.stat(sys.argv[1]); print('runtime dir visible')",
      "s = socket.socket(socket.AF_UNIX)",
      "try:\n  s.connect(sys.argv[2]); print('connected')",
      "except OSError as e:\n  print(errno.errorcode[e.errno])",
    ].join("\n");
    const nobody = spawnSync(
      "setpriv",
      [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "/usr/bin/python3",
        "-c",
        probe,
        user.runtime,
        user.socket,
      ],
      { encoding: "utf8", cwd: "/" },
    );
    expect(nobody.stdout).toBe("runtime dir visible\nEACCES\n");
    // The owner still can.
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(1);
    // Loosened, the directory is not trusted: clients ask for the passphrase, and no agent starts there.
    chmodSync(dirname(user.socket), 0o750);
    expect(exportAlice(user).code).toBe(0);
    expect(user.asked()).toBe(2);
    const refused = user.vault(["agent"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `the agent's directory '${dirname(user.socket)}' is not private: its mode is 750`,
    );
  });

  it("neither the passphrase nor a derived key is in the daemon's argv or environment, or in any file", async () => {
    const user = await agentUser();
    const { pid } = user.startAgent();
    expect(
      user.vault(["add", "--env", "bob"], { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET })
        .code,
    ).toBe(0);
    expect(exportAlice(user).code).toBe(0);
    const answer = await ask(user.socket, { op: "keys", dir: user.keysDir });
    const keks = (answer.keys as { kek: string }[]).map((key) => Buffer.from(key.kek, "base64url"));
    // The agent's keys are the real ones: alice's item's KEK, derived here from its salt.
    const header = JSON.parse(
      Buffer.from(readFileSync(join(user.keysDir, "alice"), "utf8").split(".")[0]!, "base64url").toString(),
    );
    const salt = Buffer.concat([Buffer.from(`${header.alg}\0`), Buffer.from(header.p2s, "base64url")]);
    expect(keks).toContainEqual(pbkdf2Sync(PASSPHRASE, salt, header.p2c, 16, "sha256"));
    expect(keks.length).toBe(3); // alice's item, her session's, and the write salt (bob's item)
    const secrets = [Buffer.from(PASSPHRASE), ...keks];
    const forms = secrets.flatMap((bytes) => [
      bytes,
      Buffer.from(bytes.toString("hex")),
      Buffer.from(bytes.toString("base64")),
      Buffer.from(bytes.toString("base64url")),
    ]);
    const leaks = (where: string, bytes: Buffer) =>
      forms.some((form) => bytes.includes(form)) ? [where] : [];
    const found = [
      ...leaks("cmdline", readFileSync(`/proc/${pid}/cmdline`)),
      ...leaks("environ", readFileSync(`/proc/${pid}/environ`)),
      ...[user.home, user.runtime, user.tmp].flatMap((dir) =>
        files(dir).flatMap((f) => leaks(f, readFileSync(f))),
      ),
    ];
    expect(found).toEqual([]);
    expect(readFileSync(`/proc/${pid}/environ`, "utf8")).toBe("");
  });
});

/** Every regular file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const info = lstatSync(path);
    if (info.isDirectory()) return files(path);
    return info.isFile() ? [path] : [];
  });
}

describe("AWS_VAULT_FILE_PASSPHRASE_COMMAND", () => {
  it("gives the passphrase without one trailing newline (two are not stripped)", async () => {
    const user = await agentUser("pw");
    expect(exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "printf 'pw\\n'" }).code).toBe(0);
    expect(exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "printf 'pw\\r\\n'" }).code).toBe(0);
    const two = exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "printf 'pw\\n\\n'" });
    expect([two.code, two.stderr]).toEqual([
      1,
      `vault-cli: error: export: wrong passphrase for '${user.keysDir}'\n`,
    ]);
    // --file-passphrase-command sets it too, and AWS_VAULT_FILE_PASSPHRASE wins over both.
    const flag = user.vault(["export", "--format=json", "--file-passphrase-command", "echo pw", "alice"], {
      AWS_VAULT_FILE_PASSPHRASE_COMMAND: "",
    });
    expect(flag.code).toBe(0);
    expect(
      exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE: "pw", AWS_VAULT_FILE_PASSPHRASE_COMMAND: "exit 1" })
        .code,
    ).toBe(0);
  });

  it("a command that fails or hangs is named, its output never shown", async () => {
    const user = await agentUser();
    const failed = exportAlice(user, { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "echo LEAKED-OUTPUT; exit 3" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      "vault-cli: error: export: AWS_VAULT_FILE_PASSPHRASE_COMMAND ('echo') failed: exited with status 3\n",
    );
    const slow = exportAlice(user, {
      AWS_VAULT_FILE_PASSPHRASE_COMMAND: "echo LEAKED-OUTPUT; sleep 30",
      VAULT_CLI_PROCESS_TIMEOUT: "300ms",
    });
    expect(slow.code).toBe(1);
    expect(slow.stderr).toBe(
      "vault-cli: error: export: AWS_VAULT_FILE_PASSPHRASE_COMMAND ('echo') failed: timed out after 300ms (VAULT_CLI_PROCESS_TIMEOUT)\n",
    );
    const agent = user.vault(["agent"], { AWS_VAULT_FILE_PASSPHRASE_COMMAND: "echo LEAKED-OUTPUT; exit 3" });
    expect(agent.code).toBe(1);
    expect(agent.stderr).not.toContain("LEAKED");
    expect(existsSync(user.socket)).toBe(false);
  });
});
