import { readdir, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  decodeKeyringItem,
  type Env,
  encodeKeyringItem,
  helperEnv,
  type Keystore,
  VaultError,
} from "@vault-cli/core";
import { compareUtf8 } from "../support/compare-bytes.js";
import { expandHome } from "../support/expand-home.js";
import { type CommandResult, runCommand, stderrSummary } from "../support/run-command.js";
import { passEntryName, passEntryProblem } from "./pass-entry.js";

export interface PassKeystoreOptions {
  /** The program to run (AWS_VAULT_PASS_CMD); default `pass`. */
  readonly command?: string;
  /** The store (AWS_VAULT_PASS_PASSWORD_STORE_DIR); default $PASSWORD_STORE_DIR, else ~/.password-store. */
  readonly dir?: string;
  /** Folder of the items inside the store (AWS_VAULT_PASS_PREFIX); default none, as aws-vault. */
  readonly prefix?: string;
  /** The environment pass runs with (GNUPGHOME, GPG_TTY, ...); default process.env. */
  readonly env?: Env;
}

export interface PassKeystore extends Keystore {
  readonly dir: string;
}

const LOCKED_HINT = /decrypt|secret key|pinentry|passphrase|agent/i;

/** aws-vault's pass backend: entry `<prefix>/<key>` holding the keyring item JSON, written through stdin. */
export function passKeystore(options: PassKeystoreOptions = {}): PassKeystore {
  const env = options.env ?? process.env;
  const home = env.HOME ?? homedir();
  const command = options.command || "pass";
  const prefix = options.prefix ?? "";
  const dir = expandHome(options.dir || env.PASSWORD_STORE_DIR || join(home, ".password-store"), home);
  const passEnv = { ...helperEnv(env), PASSWORD_STORE_DIR: dir };
  // pass/gpg overwrite files in place (and may commit to git), so this keystore writes one item at a
  // time; a read waits for the writes queued before it.
  let writes: Promise<unknown> = Promise.resolve();

  async function pass(args: string[], input?: string): Promise<CommandResult> {
    try {
      return await runCommand(
        command,
        args,
        input === undefined ? { env: passEnv } : { env: passEnv, input },
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new VaultError(
        "KEYSTORE_UNAVAILABLE",
        `cannot run the pass command '${command}': ${code ?? error}`,
        {
          cause: error,
        },
      );
    }
  }
  function queue<T>(op: () => Promise<T>): Promise<T> {
    const run = writes.then(op, op);
    writes = run.catch(() => undefined);
    return run;
  }
  const exists = (entry: string) =>
    stat(join(dir, `${entry}.gpg`)).then(
      () => true,
      () => false,
    );

  async function get(key: string): Promise<string | undefined> {
    await writes;
    if (passEntryProblem(key)) return undefined;
    const entry = passEntryName(prefix, key);
    if (!(await exists(entry))) return undefined;
    const result = await pass(["show", "--", entry]);
    if (result.exitCode !== 0) {
      const code = LOCKED_HINT.test(result.stderr) ? "KEYSTORE_LOCKED" : "KEYSTORE_UNAVAILABLE";
      throw new VaultError(code, `pass could not read '${entry}': ${stderrSummary(result.stderr)}`);
    }
    return decodeKeyringItem(result.stdout.toString("utf8"), `pass entry '${entry}'`).data;
  }

  function set(key: string, value: string, setOptions: { label?: string; description?: string } = {}) {
    const problem = passEntryProblem(key);
    if (problem) {
      return Promise.reject(new VaultError("KEYSTORE_WRITE", `cannot store '${key}' in pass: ${problem}`));
    }
    const entry = passEntryName(prefix, key);
    const item = encodeKeyringItem({ key, data: value, ...setOptions });
    return queue(async () => {
      const result = await pass(["insert", "--multiline", "--force", "--", entry], item);
      if (result.exitCode !== 0) {
        throw new VaultError(
          "KEYSTORE_WRITE",
          `pass could not store '${entry}': ${stderrSummary(result.stderr)}`,
        );
      }
    });
  }

  function remove(key: string): Promise<boolean> {
    if (passEntryProblem(key)) return Promise.resolve(false);
    const entry = passEntryName(prefix, key);
    return queue(async () => {
      if (!(await exists(entry))) return false;
      const result = await pass(["rm", "--force", "--", entry]);
      if (result.exitCode !== 0) {
        throw new VaultError(
          "KEYSTORE_WRITE",
          `pass could not remove '${entry}': ${stderrSummary(result.stderr)}`,
        );
      }
      return true;
    });
  }

  async function keys(): Promise<string[]> {
    await writes;
    const root = join(dir, prefix);
    const info = await stat(root).catch(() => undefined);
    if (!info) return [];
    if (!info.isDirectory()) throw new VaultError("KEYSTORE_UNAVAILABLE", `'${root}' is not a directory`);
    return walkGpgFiles(root, "");
  }

  return { name: "pass", dir, get, set, remove, keys, keyProblem: passEntryProblem };
}

/** Every `*.gpg` below `root`, relative and without the extension, in filepath.Walk's lexical order. */
async function walkGpgFiles(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => compareUtf8(a.name, b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await walkGpgFiles(root, path)));
    else if (entry.name.endsWith(".gpg")) found.push(path.slice(0, -4));
  }
  return found;
}
