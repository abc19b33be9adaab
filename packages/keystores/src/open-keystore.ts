import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type Env, isVaultError, type Keystore, type RunProcess, VaultError } from "@vault-cli/core";
import type { DbusConnection } from "./dbus/dbus-connection.js";
import { sessionBusAddress } from "./dbus/session-bus-address.js";
import { agentKeyMaterial } from "./file/agent/agent-client.js";
import { fileDirFromEnv } from "./file/file-dir.js";
import { DEFAULT_FILE_ITERATIONS, fileKeystore } from "./file/file-keystore.js";
import { deriveKeyMaterial, type FileKeyMaterial } from "./file/key-material.js";
import { keyctlKeystore } from "./keyctl/keyctl-keystore.js";
import { passKeystore } from "./pass/pass-keystore.js";
import { expandHome } from "./support/expand-home.js";
import { findExecutable } from "./support/find-executable.js";

/** The backends this package has, in aws-vault's order of preference. */
export const BACKENDS = [
  "wincred",
  "keychain",
  "secret-service",
  "kwallet",
  "keyctl",
  "pass",
  "file",
] as const;
export type BackendName = (typeof BACKENDS)[number];
/** aws-vault backends that vault-cli does not have (yet). */
const AWS_VAULT_ONLY: readonly string[] = ["passage", "winhello"];

export interface OpenKeystoreOptions {
  /** `--backend`; wins over AWS_VAULT_BACKEND and the platform default. */
  readonly backend?: string;
  readonly env: Env;
  /** Asked when the file backend needs its passphrase and AWS_VAULT_FILE_PASSPHRASE is unset. */
  readonly promptPassphrase?: (dir: string) => Promise<string>;
  /**
   * Runs AWS_VAULT_FILE_PASSPHRASE_COMMAND (through the shell, with a deadline and an output limit: the vault
   * service passes its helpers' runner). Without it the command is not run and the prompt is asked.
   */
  readonly runProcess?: RunProcess;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Told which backend was chosen and why, when neither `backend` nor AWS_VAULT_BACKEND named one. */
  readonly onDefault?: (choice: DefaultBackend) => void;
}

/** The backend named by `backend` or AWS_VAULT_BACKEND, or undefined when the platform default applies. */
export function explicitBackend(options: Pick<OpenKeystoreOptions, "backend" | "env">): string | undefined {
  return options.backend || options.env.AWS_VAULT_BACKEND || undefined;
}

export interface DefaultBackend {
  readonly backend: BackendName;
  /** Why, in a few words ("no D-Bus session bus ..."). */
  readonly reason: string;
  /** The Secret Service connection the probe opened, handed on to the keystore. */
  readonly connection?: DbusConnection;
}

/**
 * The platform default, in aws-vault's order: the keychain on macOS, the Credential Manager on Windows; on
 * Linux a Secret Service that answers on the session bus, else KWallet's daemon when it runs there, else
 * pass when a store is initialised (its .gpg-id exists), else the encrypted file.
 */
export async function defaultBackend(
  options: Pick<OpenKeystoreOptions, "env" | "platform" | "homeDir">,
): Promise<DefaultBackend> {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  for (const [system, backend, reason] of [
    ["darwin", "keychain", "the macOS keychain"],
    ["win32", "wincred", "the Windows Credential Manager"],
  ] as const) {
    if (platform !== system) continue;
    const missing = await unavailableReason(backend, env, platform);
    if (!missing) return { backend, reason: `${reason} is the default on this system` };
    return { backend: "file", reason: `${reason} cannot be used: ${missing}` };
  }
  const address = sessionBusAddress(env);
  let why: string;
  if (!address) {
    why = "no D-Bus session bus";
  } else {
    const probe = await probeSessionBus(address, env);
    if (typeof probe !== "string") return probe;
    why = probe;
  }
  const home = options.homeDir ?? env.HOME ?? homedir();
  const passDir = expandHome(
    env.AWS_VAULT_PASS_PASSWORD_STORE_DIR || env.PASSWORD_STORE_DIR || join(home, ".password-store"),
    home,
  );
  if (
    existsSync(join(passDir, ".gpg-id")) &&
    (await unavailableReason("pass", env, platform)) === undefined
  ) {
    return { backend: "pass", reason: `${why}; the pass store ${passDir} is initialised` };
  }
  return { backend: "file", reason: `${why}, and no initialised pass store` };
}

/** How long the platform default may wait for the session bus (connect, then the two questions), each. */
const PROBE_MS = 2_000;

/** secret-service (or kwallet) with the connection that found it on the bus, or why neither. */
async function probeSessionBus(address: string, env: Env): Promise<DefaultBackend | string> {
  let connection: DbusConnection;
  try {
    // node:net and the client load only here and for the secret-service backend: a file hit never needs them.
    const { connectBus, DBUS_LIMITS } = await import("./os-backends.js");
    connection = await connectBus(address, { ...DBUS_LIMITS, connectMs: PROBE_MS });
  } catch {
    return "the D-Bus session bus does not answer";
  }
  const ask = (name: string) =>
    connection
      .call({
        destination: "org.freedesktop.DBus",
        path: "/org/freedesktop/DBus",
        interface: "org.freedesktop.DBus",
        member: "NameHasOwner",
        signature: "s",
        body: [name],
        timeoutMs: PROBE_MS,
      })
      .then(([answer]) => answer === true);
  let secrets: boolean;
  let kwallet: boolean;
  try {
    [secrets, kwallet] = await Promise.all([ask("org.freedesktop.secrets"), ask("org.kde.kwalletd5")]);
  } catch {
    connection.close();
    return "the D-Bus session bus does not answer";
  }
  if (secrets) {
    return {
      backend: "secret-service",
      reason: "a Secret Service answers on the D-Bus session bus",
      connection,
    };
  }
  if (kwallet && env.DISABLE_KWALLET !== "1") {
    return {
      backend: "kwallet",
      reason: "KWallet runs on the D-Bus session bus (no Secret Service)",
      connection,
    };
  }
  connection.close();
  return "no Secret Service runs on the D-Bus session bus";
}

/** The probe's connection for the first use, a new one after that (a backend reconnects when its bus went away). */
function handOver(connection: DbusConnection | undefined, env: Env): () => Promise<DbusConnection> {
  let first = connection;
  return async () => {
    const handed = first;
    first = undefined;
    if (handed) return handed;
    const { connectBus } = await import("./os-backends.js");
    const address = sessionBusAddress(env);
    if (!address) throw new VaultError("KEYSTORE_UNAVAILABLE", "no D-Bus session bus");
    return connectBus(address);
  };
}

/** The backend a keystore is opened with: `backend` > AWS_VAULT_BACKEND > the platform default. */
export async function chooseBackend(
  options: Pick<OpenKeystoreOptions, "backend" | "env" | "platform" | "homeDir">,
): Promise<{ readonly backend: string; readonly chosenBy?: DefaultBackend }> {
  const named = explicitBackend(options);
  if (named) return { backend: named };
  const chosenBy = await defaultBackend(options);
  return { backend: chosenBy.backend, chosenBy };
}

/** Backends that can work on this machine: file always, pass and keyctl when their programs are found. */
export async function availableBackends(
  options: Pick<OpenKeystoreOptions, "env" | "platform">,
): Promise<BackendName[]> {
  const platform = options.platform ?? process.platform;
  const found: BackendName[] = [];
  for (const backend of BACKENDS) {
    if ((await unavailableReason(backend, options.env, platform)) === undefined) found.push(backend);
  }
  return found;
}

async function unavailableReason(
  backend: BackendName,
  env: Env,
  platform: NodeJS.Platform,
): Promise<string | undefined> {
  // macOS always has /usr/bin/security and Windows powershell.exe: the platform is the check.
  if (backend === "keychain" && platform !== "darwin") return "the keychain exists on macOS only";
  if (backend === "wincred" && platform !== "win32") return "the Credential Manager exists on Windows only";
  if (backend === "kwallet" && env.DISABLE_KWALLET === "1") return "DISABLE_KWALLET=1 hides it";
  if (backend === "secret-service" || backend === "kwallet") {
    if (platform === "darwin" || platform === "win32") return "it is a Linux desktop API";
    if (!sessionBusAddress(env)) {
      return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist)";
    }
  }
  if (backend === "keyctl") {
    if (platform !== "linux") return "the kernel keyring exists on Linux only";
    if (!(await findExecutable("keyctl", env)))
      return "the keyctl program was not found (Debian: apt-get install keyutils)";
  }
  if (backend === "pass") {
    if (platform === "win32") return "pass does not run on Windows";
    const command = env.AWS_VAULT_PASS_CMD || "pass";
    if (!(await findExecutable(command, env))) {
      return `the pass program '${command}' was not found (Debian: apt-get install pass; or set AWS_VAULT_PASS_CMD)`;
    }
  }
  return undefined;
}

/**
 * Opens the backend chooseBackend names, with its env options. Errors carry `backend` and `available` (the
 * backends that work here, comma-separated) for the caller's hint.
 */
export async function openKeystore(options: OpenKeystoreOptions): Promise<Keystore> {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  const { backend: name, chosenBy } = await chooseBackend(options);
  if (chosenBy) options.onDefault?.(chosenBy);
  const unavailable = async (code: "UNSUPPORTED" | "KEYSTORE_UNAVAILABLE", message: string) => {
    const available = (await availableBackends({ env, platform })).filter((b) => b !== name);
    return new VaultError(code, `${message}; backends available here: ${available.join(", ")}`, {
      data: { backend: name, available: available.join(",") },
    });
  };
  if (AWS_VAULT_ONLY.includes(name)) {
    throw await unavailable("UNSUPPORTED", `keystore backend '${name}' is not supported by vault-cli yet`);
  }
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw await unavailable("KEYSTORE_UNAVAILABLE", `unknown keystore backend '${name}'`);
  }
  const backend = name as BackendName;
  const reason = await unavailableReason(backend, env, platform);
  if (reason)
    throw await unavailable(
      "KEYSTORE_UNAVAILABLE",
      `keystore backend '${backend}' is not available: ${reason}`,
    );
  return createBackend(backend, options, chosenBy?.connection);
}

async function createBackend(
  backend: BackendName,
  options: OpenKeystoreOptions,
  connection?: DbusConnection,
): Promise<Keystore> {
  const { env } = options;
  // The OS backends load on their first use: a file, pass or keyctl hit never compiles them.
  if (backend === "keychain") {
    const { keychainKeystore } = await import("./os-backends.js");
    return keychainKeystore({ keychainName: env.AWS_VAULT_KEYCHAIN_NAME, env });
  }
  if (backend === "wincred") {
    const { wincredKeystore } = await import("./os-backends.js");
    return wincredKeystore({ prefix: env.AWS_VAULT_WINCRED_PREFIX, env });
  }
  if (backend === "kwallet") {
    const { kwalletKeystore } = await import("./os-backends.js");
    return kwalletKeystore({ bus: handOver(connection, env) });
  }
  if (backend === "secret-service") {
    const { secretServiceKeystore } = await import("./os-backends.js");
    return secretServiceKeystore({
      collection: env.AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME,
      env,
      ...(connection ? { connect: handOver(connection, env) } : {}),
    });
  }
  if (backend === "pass") {
    return passKeystore({
      command: env.AWS_VAULT_PASS_CMD,
      dir: env.AWS_VAULT_PASS_PASSWORD_STORE_DIR,
      prefix: env.AWS_VAULT_PASS_PREFIX,
      env,
    });
  }
  if (backend === "keyctl") return keyctlKeystore({ scope: env.AWS_VAULT_KEYCTL_SCOPE || "user", env });
  const { dir, iterations, passphrase } = fileSettings(options);
  return fileKeystore({
    dir,
    ...(iterations === undefined ? {} : { iterations }),
    passphrase,
    // An agent is asked only when AWS_VAULT_FILE_PASSPHRASE is unset: a passphrase given outright wins.
    ...(env.AWS_VAULT_FILE_PASSPHRASE === undefined ? { keyMaterial: () => agentKeyMaterial(env, dir) } : {}),
  });
}

/**
 * The file backend's directory, write iterations and passphrase, for everyone who opens it: the passphrase is
 * AWS_VAULT_FILE_PASSPHRASE (present but empty counts: aws-vault uses os.LookupEnv), else the output of
 * AWS_VAULT_FILE_PASSPHRASE_COMMAND, else the prompt, else PASSPHRASE_REQUIRED.
 */
function fileSettings(options: OpenKeystoreOptions) {
  const { env } = options;
  const dir = fileDirFromEnv(env, options.homeDir ?? env.HOME ?? homedir());
  const command = env.AWS_VAULT_FILE_PASSPHRASE_COMMAND;
  const passphrase = async (): Promise<string> => {
    if (env.AWS_VAULT_FILE_PASSPHRASE !== undefined) return env.AWS_VAULT_FILE_PASSPHRASE;
    if (command && options.runProcess) return runPassphraseCommand(command, options.runProcess, env);
    if (options.promptPassphrase) return options.promptPassphrase(dir);
    throw new VaultError("PASSPHRASE_REQUIRED", `the file keystore '${dir}' needs a passphrase`, {
      data: { dir },
    });
  };
  return { dir, iterations: fileIterationsFromEnv(env), passphrase };
}

/**
 * The passphrase a command prints (a password manager's CLI), without one trailing newline. A failure names the
 * variable and the program (the first word: arguments may say too much), never the output.
 */
async function runPassphraseCommand(command: string, runProcess: RunProcess, env: Env): Promise<string> {
  try {
    const output = await runProcess(command, { env });
    return output.endsWith("\r\n") ? output.slice(0, -2) : output.replace(/\n$/, "");
  } catch (error) {
    const program = command.trim().split(/\s+/)[0] ?? "";
    const reason = isVaultError(error) ? `: ${error.message}` : "";
    throw new VaultError(
      "PROCESS_FAILED",
      `AWS_VAULT_FILE_PASSPHRASE_COMMAND ('${program}') failed${reason}`,
      {
        cause: error,
        data: { setting: "AWS_VAULT_FILE_PASSPHRASE_COMMAND", ...(isVaultError(error) ? error.data : {}) },
      },
    );
  }
}

/**
 * `vault-cli agent`'s unlock: the passphrase asked once (AWS_VAULT_FILE_PASSPHRASE, the command or the prompt;
 * never an agent), checked against the items, turned into their KEKs and a fresh write salt's, and dropped.
 * KEYSTORE_LOCKED for a wrong passphrase; USAGE when the chosen backend is not the file.
 */
export async function unlockFileKeystore(options: OpenKeystoreOptions): Promise<FileKeyMaterial> {
  const { backend, chosenBy } = await chooseBackend(options);
  chosenBy?.connection?.close();
  if (backend !== "file") {
    throw new VaultError(
      "USAGE",
      `the agent holds the file backend's keys; the backend here is '${backend}'`,
    );
  }
  const { dir, iterations, passphrase } = fileSettings(options);
  const bytes = Buffer.from(await passphrase(), "utf8");
  try {
    return await deriveKeyMaterial(dir, bytes, iterations ?? DEFAULT_FILE_ITERATIONS);
  } finally {
    bytes.fill(0);
  }
}

/** VAULT_CLI_FILE_ITERATIONS: p2c for new file items (vault-cli's own setting; aws-vault has none). */
function fileIterationsFromEnv(env: Env): number | undefined {
  const text = env.VAULT_CLI_FILE_ITERATIONS;
  if (!text) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `VAULT_CLI_FILE_ITERATIONS must be a whole number, not '${text}'`,
    );
  }
  return Number(text);
}
