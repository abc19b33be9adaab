// The start-up shortcuts of dist/main.cjs (docs/performance.md) change how fast, never what: `--version`
// answered before the CLI is loaded, and the CLI compiled from V8's code cache. Each is compared byte for
// byte with the general path, on a real session-cache hit of a role on every backend.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import {
  assertBuilt,
  createPassStore,
  MAIN,
  type Moto,
  type PassStore,
  runBuilt,
  type SecretServiceBus,
  startMoto,
  startSecretService,
  tempDir,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let moto: Moto;
let pass: PassStore;
let bus: SecretServiceBus;
let keys: { accessKeyId: string; secretAccessKey: string };
let config: string;
beforeAll(async () => {
  assertBuilt();
  // Each started one is stopped by afterAll, even when another failed to start.
  const [m, p, b] = await Promise.allSettled([
    startMoto({ record: true }),
    createPassStore(),
    startSecretService(),
  ]);
  if (m.status === "fulfilled") moto = m.value;
  if (p.status === "fulfilled") pass = p.value;
  if (b.status === "fulfilled") bus = b.value;
  for (const started of [m, p, b]) if (started.status === "rejected") throw started.reason;
  bus.createCollection("awsvault");
  const user = await moto.createUser("fast");
  keys = user;
  const role = await moto.createRole("FastRole", user.arn);
  config = `[profile base]\nregion = eu-west-1\n\n[profile role]\nsource_profile = base\nrole_arn = ${role}\nregion = eu-west-1\n`;
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  await pass?.remove();
  await bus?.stop();
});

const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** A user's environment for `backend`: HOME (where the code cache goes), the config, moto as every endpoint. */
function userEnv(backend: "file" | "pass" | "keyctl" | "secret-service"): Record<string, string> {
  const home = tempDir("fast-home");
  writeFileSync(join(home, "config"), config);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    AWS_ENDPOINT_URL: moto.url,
    AWS_VAULT_BACKEND: backend,
  };
  if (backend === "file")
    Object.assign(env, { AWS_VAULT_FILE_DIR: join(home, "keys"), AWS_VAULT_FILE_PASSPHRASE: "p" });
  if (backend === "pass")
    Object.assign(env, { GNUPGHOME: pass.env.GNUPGHOME!, AWS_VAULT_PASS_PASSWORD_STORE_DIR: pass.dir });
  if (backend === "keyctl") Object.assign(env, { AWS_VAULT_KEYCTL_SCOPE: "session" });
  // The bus only: its HOME is the daemons', and each user here has a HOME (and code caches) of their own.
  if (backend === "secret-service") env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  return env;
}

/**
 * Runs the steps in one shell (for keyctl, inside `keyctl session -`, so every run shares the keyring), and
 * returns each step's stdout and stderr. A step is vault-cli's arguments, with variables set before them.
 */
function runSteps(
  env: Record<string, string>,
  steps: { args: string[]; env?: Record<string, string> }[],
  session: boolean,
) {
  const dir = tempDir("fast-steps");
  const script = steps
    .map(({ args, env: extra = {} }, i) => {
      const vars = Object.entries(extra)
        .map(([k, v]) => `${k}='${v}'`)
        .join(" ");
      const quoted = args.map((a) => `'${a}'`).join(" ");
      return `env ${vars} "$0" "$1" ${quoted} > "${dir}/${i}.out" 2> "${dir}/${i}.err"`;
    })
    .join("\n");
  const argv = ["sh", "-c", script, process.execPath, MAIN];
  execFileSync(session ? "keyctl" : argv[0]!, session ? ["session", "-", ...argv] : argv.slice(1), {
    env: { ...env, AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
    stdio: "ignore",
  });
  return steps.map((_, i) => ({
    stdout: readFileSync(join(dir, `${i}.out`), "utf8"),
    stderr: readFileSync(join(dir, `${i}.err`), "utf8"),
  }));
}

describe.each(["file", "pass", "keyctl", "secret-service"] as const)("the %s backend", (backend) => {
  it("a cache hit prints the same bytes with the code cache cold, warm and off", async () => {
    const before = await moto.count("AssumeRole");
    const env = userEnv(backend);
    const exportRole = ["export", "--format=json", "role"];
    const off = { VAULT_CLI_CODE_CACHE: "0" };
    const [add, miss, cold, warm, without] = runSteps(
      env,
      [
        { args: ["add", "--env", "base"], env: off },
        { args: exportRole, env: off },
        { args: exportRole }, // writes the code cache
        { args: exportRole }, // runs from it
        { args: exportRole, env: off },
      ],
      backend === "keyctl",
    );
    expect(add!.stderr).toBe("");
    expect(miss!.stderr).toBe("");
    expect(JSON.parse(miss!.stdout).AccessKeyId).toMatch(/^ASIA/);
    for (const hit of [cold, warm, without]) expect(hit).toEqual(miss);
    expect((await moto.count("AssumeRole")) - before).toBe(1);
    // Only the two runs that were allowed one left a code cache (the desktop backends' bundle has its own), and it
    // is the user's alone.
    const cacheDir = join(env.HOME!, ".cache", "vault-cli");
    const bundles = backend === "secret-service" ? ["", "os-backends-"] : [""];
    expect(readdirSync(cacheDir).sort()).toEqual(
      bundles.map((b) => expect.stringMatching(new RegExp(`^code-${b}${VERSION}-v8-.+-\\d+-\\d+\\.bin$`))),
    );
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(cacheDir)) expect(statSync(join(cacheDir, name)).mode & 0o777).toBe(0o600);
  }, 60_000);
});

describe("the code cache of the CLI's siblings and of the hot path", () => {
  const exportRole = ["export", "--format=json", "role"];
  const off = { VAULT_CLI_CODE_CACHE: "0" };
  /** The cache files by bundle ("" for the CLI's), with their bytes: a file written again has other bytes. */
  const caches = (env: Record<string, string>) => {
    const dir = join(env.HOME!, ".cache", "vault-cli");
    const files = new Map<string, { name: string; mode: number; bytes: Buffer }>();
    for (const name of readdirSync(dir)) {
      const bundle = name.slice("code-".length, name.indexOf(`${VERSION}-`)).replace(/-$/, "");
      const path = join(dir, name);
      files.set(bundle, { name, mode: lstatSync(path).mode & 0o777, bytes: readFileSync(path) });
    }
    return files;
  };
  const same = (a: Map<string, { bytes: Buffer }>, b: Map<string, { bytes: Buffer }>, bundle: string) =>
    a.get(bundle)!.bytes.equals(b.get(bundle)!.bytes);

  it("a miss loads the STS client and jose from caches of their own, written by the first two misses and then used; none with VAULT_CLI_CODE_CACHE=0", async () => {
    const before = await moto.count("AssumeRole");
    const env = userEnv("file");
    const miss = (cache: Record<string, string> = {}) =>
      runSteps(
        env,
        [
          { args: ["clear"], env: off },
          { args: exportRole, env: cache },
        ],
        false,
      )[1]!;
    expect(runSteps(env, [{ args: ["add", "--env", "base"], env: off }], false)[0]!.stderr).toBe("");
    const first = miss();
    const byFirst = caches(env);
    expect([...byFirst.keys()].sort()).toEqual(["", "jose", "sdk-sts"]);
    for (const file of byFirst.values()) {
      expect(file.name).toMatch(new RegExp(`^code-(jose-|sdk-sts-)?${VERSION}-v8-.+-\\d+-\\d+\\.bin$`));
      expect(file.mode).toBe(0o600);
    }
    const second = miss();
    const bySecond = caches(env);
    const third = miss();
    const byThird = caches(env);
    const fourth = miss(off);
    for (const bundle of ["", "jose", "sdk-sts"]) {
      expect(same(bySecond, byFirst, bundle)).toBe(false); // the second hot run added what it compiled
      expect(same(byThird, bySecond, bundle)).toBe(true); // the third used them as they were
      expect(same(caches(env), byThird, bundle)).toBe(true); // and a run with the cache off left them
    }
    for (const run of [first, second, third, fourth]) {
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout).AccessKeyId).toMatch(/^ASIA/);
    }
    const keys = new Set([first, second, third, fourth].map((r) => JSON.parse(r.stdout).AccessKeyId));
    expect(keys.size).toBe(4);
    expect((await moto.count("AssumeRole")) - before).toBe(4);
  }, 60_000);

  it("caches another command wrote (the CLI's, the desktop backends') are written again by the first two exports only", () => {
    const env = userEnv("secret-service");
    const [add] = runSteps(env, [{ args: ["add", "--env", "base"] }], false);
    expect(add!.stderr).toBe("");
    const byAdd = caches(env);
    expect([...byAdd.keys()].sort()).toEqual(["", "os-backends"]);
    // The miss, then the first hit, each add the functions they compiled (a hit runs some a miss does not).
    const [miss] = runSteps(env, [{ args: ["clear"], env: off }, { args: exportRole }], false).slice(1);
    const byMiss = caches(env);
    const [hit] = runSteps(env, [{ args: exportRole }], false);
    const byHit = caches(env);
    // Then they are left alone, by hits and by other commands.
    const [again, list] = runSteps(env, [{ args: exportRole }, { args: ["list"] }], false);
    const after = caches(env);
    for (const bundle of ["", "os-backends"]) {
      expect(same(byMiss, byAdd, bundle)).toBe(false);
      expect(same(byHit, byMiss, bundle)).toBe(false);
      expect(same(after, byHit, bundle)).toBe(true);
    }
    expect([miss!.stderr, hit!.stderr, list!.stderr]).toEqual(["", "", ""]);
    expect(JSON.parse(miss!.stdout).AccessKeyId).toMatch(/^ASIA/);
    expect(hit).toEqual(miss);
    expect(again).toEqual(miss);
  }, 60_000);
});

describe("--version and the code cache", () => {
  it("--version, -v and `version` print what the CLI itself prints, without loading it", () => {
    const env = { HOME: tempDir("fast-home") };
    for (const args of [["--version"], ["-v"], ["version"]]) {
      expect(runBuilt(args, env)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    }
    // The CLI was never loaded, so nothing was compiled and no code cache written.
    expect(existsSync(join(env.HOME, ".cache"))).toBe(false);
    // With a global flag first the CLI itself answers, and it answers the same.
    expect(runBuilt(["--debug", "version"], env)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(readdirSync(join(env.HOME, ".cache", "vault-cli"))).toHaveLength(1);
  });

  it("a CLI rebuilt at the same version and length never runs the old one's cached bytecode", () => {
    // A copy of dist: its cli.cjs is edited below, as a rebuild would change it.
    const dist = tempDir("fast-dist");
    for (const name of readdirSync(dirname(MAIN))) copyFileSync(join(dirname(MAIN), name), join(dist, name));
    const env = { HOME: tempDir("fast-home") };
    const help = (main: string) =>
      spawnSync(process.execPath, [main, "explain", "--help"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
      }).stdout;
    const before = help(join(dist, "main.cjs"));
    help(join(dist, "main.cjs")); // the code cache is written and used
    const cli = join(dist, "cli.cjs");
    const source = readFileSync(cli, "utf8");
    const old = "Resolve <profile> from the AWS config file";
    expect(source).toContain(old);
    expect(before).toContain(old);
    writeFileSync(cli, source.replace(old, "X".repeat(old.length))); // same length, other content
    const after = help(join(dist, "main.cjs"));
    expect(after).toBe(before.replace(old, "X".repeat(old.length)));
    // The earlier build's cache is gone: one file per version is kept.
    expect(readdirSync(join(env.HOME, ".cache", "vault-cli"))).toHaveLength(1);
  });

  it("a new cache replaces those of other vault-cli versions, and keeps other Node versions' and other bundles'", () => {
    const home = tempDir("fast-home");
    const cacheDir = join(home, ".cache", "vault-cli");
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const v8 = `v8-${process.versions.v8}-${process.arch}`;
    const planted = {
      olderCli: `code-0.0.9-${v8}-1000-2000.bin`,
      olderPrerelease: `code-0.2.0-rc.1-${v8}-1000-2000.bin`,
      otherNode: `code-0.0.9-v8-1.2.3.4-node.0-${process.arch}-1000-2000.bin`,
      olderSibling: `code-sdk-sts-0.0.9-${v8}-1000-2000.bin`,
      notOurs: "notes.txt",
    };
    for (const name of Object.values(planted)) writeFileSync(join(cacheDir, name), "old", { mode: 0o600 });
    expect(runBuilt(["list", "--help"], { HOME: home }).code).toBe(0);
    const left = readdirSync(cacheDir);
    expect(left).not.toContain(planted.olderCli);
    expect(left).not.toContain(planted.olderPrerelease);
    expect(left).toEqual(expect.arrayContaining([planted.otherNode, planted.olderSibling, planted.notOurs]));
    expect(left.filter((name) => name.startsWith(`code-${VERSION}-`))).toHaveLength(1);
  });

  it("a damaged, foreign-writable or unwritable cache changes nothing the user sees", () => {
    const home = tempDir("fast-home");
    const env = { HOME: home };
    const expected = runBuilt(["list", "--help"], { HOME: home, VAULT_CLI_CODE_CACHE: "off" });
    expect(expected.code).toBe(0);
    expect(existsSync(join(home, ".cache"))).toBe(false);
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    const cacheDir = join(home, ".cache", "vault-cli");
    const file = join(cacheDir, readdirSync(cacheDir)[0]!);
    const good = readFileSync(file);
    // Garbage in the cache: V8 refuses it and a good cache replaces it.
    writeFileSync(file, Buffer.alloc(good.length, 7));
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(readFileSync(file).equals(Buffer.alloc(good.length, 7))).toBe(false);
    // A good cache is used as it is: the next run leaves the file alone.
    const inode = () => lstatSync(file).ino;
    const used = inode();
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(inode()).toBe(used);
    // One anyone in the group could have written is not run, and is replaced by one only we can write.
    chmodSync(file, 0o664);
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Nor one in a directory others may write to, nor a link (even to a good cache of ours).
    chmodSync(cacheDir, 0o775);
    const before = inode();
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(inode()).not.toBe(before);
    chmodSync(cacheDir, 0o700);
    renameSync(file, `${file}.real`);
    symlinkSync(`${file}.real`, file);
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(lstatSync(file).isFile()).toBe(true);
    // One too large to be a cache (a sparse 17 MiB file here) is not even read, and is replaced.
    truncateSync(file, 17 * 1024 * 1024);
    const hook = join(home, "reads.cjs");
    const reads = join(home, "reads.log");
    writeFileSync(
      hook,
      `const fs = require("fs"); const read = fs.readFileSync; const seen = [];
       fs.readFileSync = function (f) { seen.push(String(f)); return read.apply(this, arguments); };
       process.on("exit", () => fs.writeFileSync(${JSON.stringify(reads)}, seen.join("\\n")));`,
    );
    expect(runBuilt(["list", "--help"], { ...env, NODE_OPTIONS: `--require ${hook}` })).toEqual(expected);
    expect(readFileSync(reads, "utf8").split("\n")).not.toContain(file);
    expect(lstatSync(file).size).toBeLessThan(1024 * 1024);
    // The hook's check: a cache of the right size is read.
    expect(runBuilt(["list", "--help"], { ...env, NODE_OPTIONS: `--require ${hook}` })).toEqual(expected);
    expect(readFileSync(reads, "utf8").split("\n")).toContain(file);
    // A FIFO in its place is not opened (it would wait for a writer), and a cache replaces it.
    unlinkSync(file);
    execFileSync("mkfifo", [file]);
    expect(runBuilt(["list", "--help"], env)).toEqual(expected);
    expect(lstatSync(file).isFile()).toBe(true);
    // A cache directory that cannot be made (a file is in the way): the CLI works as it would without one.
    const blocked = tempDir("fast-home");
    writeFileSync(join(blocked, ".cache"), "not a directory");
    expect(runBuilt(["list", "--help"], { HOME: blocked })).toEqual(expected);
    expect(readdirSync(blocked)).toEqual([".cache"]);
  });
});
