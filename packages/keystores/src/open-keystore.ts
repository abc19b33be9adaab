import { homedir } from "node:os";
import { type Env, isVaultError, type Keystore, type RunProcess, VaultError } from "@vault-cli/core";
import { agentKeyMaterial } from "./file/agent/agent-client.js";
import { fileDirFromEnv } from "./file/file-dir.js";
import { DEFAULT_FILE_ITERATIONS, fileKeystore } from "./file/file-keystore.js";
import { deriveKeyMaterial, type FileKeyMaterial } from "./file/key-material.js";
import { keyctlKeystore } from "./keyctl/keyctl-keystore.js";
import { passKeystore } from "./pass/pass-keystore.js";
import { findExecutable } from "./support/find-executable.js";

/** The backends this package has, in aws-vault's order of preference. */
export const BACKENDS = ["keyctl", "pass", "file"] as const;
export type BackendName = (typeof BACKENDS)[number];
/** aws-vault backends that vault-cli does not have (yet). */
const AWS_VAULT_ONLY: readonly string[] = [
  "secret-service",
  "keychain",
  "wincred",
  "kwallet",
  "passage",
  "winhello",
];

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
}

/**
 * The default backend. The OS keystores (secret-service, keychain, wincred) come later; until then
 * the encrypted file works everywhere without a desktop session.
 */
function defaultBackend(_platform: NodeJS.Platform): BackendName {
  return "file";
}

/** The backend a keystore is opened with, for everyone: `backend` > AWS_VAULT_BACKEND > the platform default. */
export function chooseBackend(options: Pick<OpenKeystoreOptions, "backend" | "env" | "platform">): string {
  return (
    options.backend || options.env.AWS_VAULT_BACKEND || defaultBackend(options.platform ?? process.platform)
  );
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
  const name = chooseBackend(options);
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
  return createBackend(backend, options);
}

function createBackend(backend: BackendName, options: OpenKeystoreOptions): Keystore {
  const { env } = options;
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
  const backend = chooseBackend(options);
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
