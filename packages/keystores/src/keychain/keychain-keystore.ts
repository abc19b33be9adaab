import { classifyKey, type Env, helperEnv, type Keystore, VaultError } from "@vault-cli/core";
import { type CommandResult, runCommand, stderrSummary } from "../support/run-command.js";
import {
  parseDumpKeychain,
  parsePasswordLine,
  passwordOption,
  SECURITY_MAX_LINE_BYTES,
  securityWord,
  securityWordProblem,
} from "./security-text.js";

export interface KeychainKeystoreOptions {
  /** AWS_VAULT_KEYCHAIN_NAME; default `aws-vault` (the file `~/Library/Keychains/aws-vault.keychain-db`). */
  readonly keychainName?: string;
  /** The program to run; default `/usr/bin/security`. */
  readonly command?: string;
  readonly env?: Env;
}

const SERVICE = "aws-vault";

// What security's commands return (an OSStatus, so the exit code is its low byte) and print.
const NOT_FOUND = { exit: 44, text: /could not be found in the keychain/i }; // errSecItemNotFound
const NO_KEYCHAIN = { exit: 50, text: /specified keychain could not be found/i }; // errSecNoSuchKeychain
const NO_INTERACTION = { exit: 36, text: /User interaction is not allowed/i }; // errSecInteractionNotAllowed
const CANCELLED = { exit: 128, text: /User canceled/i }; // errSecUserCanceled
const AUTH_FAILED = { exit: 51, text: /passphrase you entered is not correct/i }; // errSecAuthFailed
const is = (result: CommandResult, status: { exit: number; text: RegExp }) =>
  result.exitCode === status.exit || status.text.test(result.stderr);

/**
 * aws-vault's macOS keychain layout: generic passwords (service `aws-vault`, account = key, label and kind
 * as aws-vault sets them, data = the raw item data) in the keychain file `<name>.keychain`, created by the
 * first write with a password macOS asks for. `/usr/bin/security` runs in interactive mode (`-i`) and gets
 * its one command on stdin, so values never appear in argv. Long-term credentials trust no application
 * (`-T ''`: every read asks, as aws-vault's do); sessions trust the program that wrote them.
 */
export function keychainKeystore(options: KeychainKeystoreOptions = {}): Keystore {
  const keychain = `${options.keychainName || "aws-vault"}.keychain`;
  const command = options.command ?? "/usr/bin/security";
  const env = helperEnv(options.env ?? process.env);
  // Two `add-generic-password -U` for one account racing each other can both try to create it.
  let writes: Promise<unknown> = Promise.resolve();
  const queue = <T>(op: () => Promise<T>): Promise<T> => {
    const run = writes.then(op, op);
    writes = run.catch(() => undefined);
    return run;
  };

  async function security(words: string[], code: "KEYSTORE_UNAVAILABLE" | "KEYSTORE_WRITE") {
    const line = words.join(" ");
    const bytes = Buffer.byteLength(line);
    if (bytes > SECURITY_MAX_LINE_BYTES) {
      throw new VaultError(
        code,
        `keychain: the command for this item needs ${bytes} bytes, and security -i takes at most ${SECURITY_MAX_LINE_BYTES} per command (the value is too large)`,
      );
    }
    try {
      return await runCommand(command, ["-i"], { env, input: `${line}\n` });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new VaultError("KEYSTORE_UNAVAILABLE", `cannot run '${command}': ${reason}`, { cause: error });
    }
  }
  function failure(action: string, result: CommandResult, code: "KEYSTORE_UNAVAILABLE" | "KEYSTORE_WRITE") {
    const where = `the keychain '${keychain}'`;
    if (is(result, NO_INTERACTION)) {
      return new VaultError(
        "KEYSTORE_LOCKED",
        `keychain: cannot ${action}: ${where} is locked and no one can be asked to unlock it`,
      );
    }
    if (is(result, CANCELLED)) {
      return new VaultError(
        "KEYSTORE_LOCKED",
        `keychain: cannot ${action}: unlocking ${where} was cancelled`,
      );
    }
    if (is(result, AUTH_FAILED)) {
      return new VaultError(
        "KEYSTORE_LOCKED",
        `keychain: cannot ${action}: ${where} did not accept the password`,
      );
    }
    return new VaultError(code, `keychain: cannot ${action} in ${where}: ${stderrSummary(result.stderr)}`);
  }
  const item = (key: string) => ["-s", securityWord(SERVICE), "-a", securityWord(key)];

  async function get(key: string): Promise<string | undefined> {
    if (securityWordProblem(key)) return undefined;
    const words = ["find-generic-password", ...item(key), "-g", securityWord(keychain)];
    const result = await security(words, "KEYSTORE_UNAVAILABLE");
    if (result.exitCode !== 0) {
      if (is(result, NOT_FOUND) || is(result, NO_KEYCHAIN)) return undefined;
      throw failure(`read '${key}'`, result, "KEYSTORE_UNAVAILABLE");
    }
    const data = parsePasswordLine(result.stderr);
    if (!data) throw new VaultError("KEYSTORE_CORRUPT", `keychain: security printed no data for '${key}'`);
    return data.toString("utf8");
  }

  function set(key: string, value: string, setOptions: { label?: string; description?: string } = {}) {
    const problem = securityWordProblem(key);
    if (problem)
      return Promise.reject(new VaultError("KEYSTORE_WRITE", `keychain: cannot store '${key}': ${problem}`));
    const words = ["add-generic-password", "-U", ...item(key)];
    if (setOptions.label) words.push("-l", securityWord(setOptions.label.replace(/[\n\0]/g, " ")));
    if (setOptions.description)
      words.push("-D", securityWord(setOptions.description.replace(/[\n\0]/g, " ")));
    if (classifyKey(key) === "credentials") words.push("-T", "''");
    words.push(...passwordOption(value), securityWord(keychain));
    return queue(async () => {
      let result = await security(words, "KEYSTORE_WRITE");
      if (result.exitCode !== 0 && is(result, NO_KEYCHAIN)) {
        // First write: create the keychain as aws-vault does, macOS asking for its new password (-P).
        const created = await security(["create-keychain", "-P", securityWord(keychain)], "KEYSTORE_WRITE");
        if (created.exitCode !== 0) throw failure("create the keychain", created, "KEYSTORE_WRITE");
        result = await security(words, "KEYSTORE_WRITE");
      }
      if (result.exitCode !== 0) throw failure(`store '${key}'`, result, "KEYSTORE_WRITE");
    });
  }

  function remove(key: string): Promise<boolean> {
    if (securityWordProblem(key)) return Promise.resolve(false);
    return queue(async () => {
      const result = await security(
        ["delete-generic-password", ...item(key), securityWord(keychain)],
        "KEYSTORE_WRITE",
      );
      if (result.exitCode === 0) return true;
      if (is(result, NOT_FOUND) || is(result, NO_KEYCHAIN)) return false;
      throw failure(`remove '${key}'`, result, "KEYSTORE_WRITE");
    });
  }

  async function keys(): Promise<string[]> {
    await writes;
    const result = await security(["dump-keychain", securityWord(keychain)], "KEYSTORE_UNAVAILABLE");
    if (result.exitCode !== 0) {
      if (is(result, NO_KEYCHAIN)) return [];
      throw failure("list keys", result, "KEYSTORE_UNAVAILABLE");
    }
    return parseDumpKeychain(result.stdout.toString("utf8"))
      .filter(
        (entry) => entry.itemClass === "genp" && entry.attributes.get("svce")?.toString("utf8") === SERVICE,
      )
      .map((entry) => entry.attributes.get("acct")?.toString("utf8") ?? "");
  }

  return { name: "keychain", get, set, remove, keys, keyProblem: securityWordProblem };
}
