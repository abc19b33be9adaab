import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir } from "./temp.js";

const HELPER = join(dirname(fileURLToPath(import.meta.url)), "secret_service.py");

export interface SecretServiceBus {
  /** The private bus's address (unix:path=…). */
  readonly address: string;
  /** DBUS_SESSION_BUS_ADDRESS and the XDG dirs, for clients and the processes a test spawns. */
  readonly env: Record<string, string>;
  /** Runs the python3-dbus client (packages/test-support/src/secret_service.py); its stdout. */
  python(args: readonly string[], input?: string): string;
  /** Creates a collection with a password and no prompt (gnome-keyring's own interface), unlocked. */
  createCollection(name: string, password?: string): void;
  /** Stops gnome-keyring and the bus (their files go with the test file's temp dirs). */
  stop(): Promise<void>;
}

/**
 * A private D-Bus session bus with an unlocked gnome-keyring on it, as a desktop login leaves one: the
 * `login` collection exists and is the default; other collections are made with createCollection.
 */
export async function startSecretService(password = "test-keyring-password"): Promise<SecretServiceBus> {
  const root = tempDir("secret-service");
  const dirs = { XDG_DATA_HOME: join(root, "data"), XDG_RUNTIME_DIR: join(root, "run") };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { mode: 0o700 });
  const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root, ...dirs };
  const daemons: ChildProcess[] = [];
  const stop = async () => {
    for (const daemon of daemons.splice(0).reverse()) {
      if (daemon.exitCode !== null || daemon.signalCode !== null) continue;
      const exited = once(daemon, "exit");
      daemon.kill("SIGTERM");
      await exited;
    }
  };
  try {
    const bus = spawn(
      "dbus-daemon",
      [
        "--session",
        "--nofork",
        "--print-address=1",
        `--address=unix:path=${join(dirs.XDG_RUNTIME_DIR, "bus")}`,
      ],
      // stderr ignored: an unprivileged dbus-daemon always complains it cannot raise its fd limit.
      { env: baseEnv, stdio: ["ignore", "pipe", "ignore"] },
    );
    daemons.push(bus);
    const address = await firstLine(bus);
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: address };
    const keyring = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], {
      env,
      stdio: ["pipe", "ignore", "ignore"],
    });
    daemons.push(keyring);
    keyring.stdin?.end(password);
    // gdbus waits for the name to get an owner (no polling, and no activation of a second, locked daemon).
    // Asynchronously: the password above is written by this event loop.
    await promisify(execFile)("gdbus", ["wait", "--session", "--timeout", "20", "org.freedesktop.secrets"], {
      env,
    });
    const python = (args: readonly string[], input?: string) =>
      execFileSync("/usr/bin/python3", [HELPER, ...args], {
        env,
        encoding: "utf8",
        stdio: "pipe",
        ...(input === undefined ? {} : { input }),
        timeout: 20_000,
      });
    return {
      address,
      env,
      python,
      createCollection(name, collectionPassword = password) {
        python(["create-collection", name], collectionPassword);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`dbus-daemon exited (${code}) before printing its address`)),
    );
  });
}
