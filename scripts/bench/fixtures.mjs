// What `pnpm bench` measures against: its own moto (STS and IAM), a throwaway GnuPG key and pass store, the
// session keyring it runs in (bench.mjs starts itself under `keyctl session -`), users with warm session
// caches on each backend, and configs and keystores of 5,000. All under one temp directory, removed at the end.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
export const MAIN = join(ROOT, "packages/cli/dist/main.cjs");
const SUPPORT = join(ROOT, "packages/test-support/src");
/** The pyenv python3 on PATH has moto and boto3; it never reads a real ~/.aws. */
const PYTHON_ENV = { ...process.env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };

/** moto's server on 127.0.0.1, recording every call; stop() kills it by PID. */
export async function startMoto(dir) {
  const recordFile = join(dir, "moto-calls.jsonl");
  const child = spawn("python3", [join(SUPPORT, "moto_server.py"), "--record", recordFile], {
    stdio: ["pipe", "pipe", "ignore"],
    env: PYTHON_ENV,
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("moto did not start within 60 s")), 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`moto exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const iam = (...args) =>
    JSON.parse(execFileSync("python3", [join(SUPPORT, "moto_iam.py"), url, ...args], { env: PYTHON_ENV }));
  return {
    url,
    iam,
    /** How many calls of `action` moto has answered so far. */
    count: (action) => {
      const pattern = new RegExp(`(^|[?&])Action=${action}(&|$)`);
      return readFileSync(recordFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((call) => {
          const body = Buffer.from(call.body ?? "", call.body_encoded ? "base64" : "utf8").toString();
          return pattern.test(body) || pattern.test(call.url);
        }).length;
    },
    stop: () => child.kill("SIGTERM"),
  };
}

/** A GnuPG home with one key without passphrase and a `pass init`-ed store; stop() ends its gpg-agent. */
export function passStore(dir) {
  const gnupg = join(dir, "gnupg");
  mkdirSync(gnupg, { mode: 0o700 });
  const env = { PATH: process.env.PATH, HOME: dir, GNUPGHOME: gnupg };
  const run = (cmd, args, extra = {}) =>
    execFileSync(cmd, args, { env: { ...env, ...extra }, encoding: "utf8", stdio: "pipe" });
  run("gpg", [
    "--batch",
    "--passphrase",
    "",
    "--quick-generate-key",
    "bench <bench@example.invalid>",
    "default",
    "default",
    "never",
  ]);
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(
    run("gpg", ["--batch", "--with-colons", "--list-secret-keys"]),
  )[1];
  const store = join(dir, "store");
  run("pass", ["init", fingerprint], { PASSWORD_STORE_DIR: store });
  return {
    env: { GNUPGHOME: gnupg, AWS_VAULT_PASS_PASSWORD_STORE_DIR: store },
    store,
    gnupg,
    stop: () => {
      try {
        run("gpgconf", ["--kill", "gpg-agent"]);
      } catch {
        // no agent
      }
    },
  };
}

/**
 * A private D-Bus session bus with an unlocked gnome-keyring and aws-vault's `awsvault` collection, as a desktop
 * login leaves them; stop() kills both by PID.
 */
export async function secretService(dir) {
  const data = join(dir, "data");
  const runtime = join(dir, "run");
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(runtime, { mode: 0o700 });
  const base = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime };
  const bus = spawn(
    "dbus-daemon",
    ["--session", "--nofork", "--print-address=1", `--address=unix:path=${join(runtime, "bus")}`],
    { env: base, stdio: ["ignore", "pipe", "ignore"] },
  );
  const address = await new Promise((resolve, reject) => {
    let out = "";
    bus.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    bus.on("exit", (code) => reject(new Error(`dbus-daemon exited ${code}`)));
  });
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
  const keyring = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], {
    env,
    stdio: ["pipe", "ignore", "ignore"],
  });
  keyring.stdin.end("bench-keyring");
  const stop = () => {
    keyring.kill("SIGTERM");
    bus.kill("SIGTERM");
  };
  await new Promise((resolve, reject) => {
    const wait = spawn("gdbus", ["wait", "--session", "--timeout", "20", "org.freedesktop.secrets"], { env });
    wait.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("gnome-keyring did not start"))));
  }).catch((error) => {
    stop();
    throw error;
  });
  execFileSync("/usr/bin/python3", [join(SUPPORT, "secret_service.py"), "create-collection", "awsvault"], {
    env,
    input: "bench-keyring",
  });
  return { env: { DBUS_SESSION_BUS_ADDRESS: address }, stop };
}

/** A profile with stored keys and a role assumed from it, as most users have. */
export function smallConfig(roleArn) {
  return `[profile base]\nregion = eu-west-1\n\n[profile role]\nsource_profile = base\nrole_arn = ${roleArn}\nregion = eu-west-1\n`;
}

/**
 * n profiles as a large organisation has them: users with MFA, roles (chains up to depth 4) and SSO; `role` and
 * `base` are the ones the bench asks for, at the end, so the whole file is read before them.
 */
export function bigConfig(n, roleArn) {
  const lines = ["[default]", "region = eu-west-1", ""];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    lines.push(`[profile p${i}]`);
    if (kind === 0) lines.push(`mfa_serial = arn:aws:iam::111111111111:mfa/u${i}`);
    else if (kind === 4)
      lines.push(
        "sso_start_url = https://x.awsapps.com/start",
        "sso_region = eu-west-1",
        "sso_account_id = 111111111111",
        "sso_role_name = r",
      );
    else
      lines.push(
        `source_profile = p${i - 1}`,
        `role_arn = arn:aws:iam::222222222222:role/r${i}`,
        `mfa_serial = arn:aws:iam::111111111111:mfa/u${i - kind}`,
      );
    lines.push("");
  }
  return `${lines.join("\n")}\n${smallConfig(roleArn)}`;
}

/**
 * n more items in a file keystore: master keys of p0.. and sessions of other profiles, each a copy of an item
 * the CLI wrote (a listing reads names only; only the asked-for profile's items are decrypted).
 */
export function fillFileKeystore(dir, n) {
  const names = readdirSync(dir);
  const sample = join(
    dir,
    names.find((name) => !name.startsWith("sts.")),
  );
  const expiry = Math.floor(Date.now() / 1000) + 12 * 3600;
  for (let i = 0; i < n; i++) {
    const profile = Buffer.from(`p${i}`).toString("base64url");
    const name = i % 2 ? `p${i}` : `sts.GetSessionToken,${profile},,${expiry + i}`;
    copyFileSync(sample, join(dir, name));
  }
}

export function write(file, text) {
  writeFileSync(file, text);
  return file;
}
