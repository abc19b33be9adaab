import { type Env, helperEnv, type Keystore, VaultError } from "@vault-cli/core";
import { type CommandResult, runCommand, stderrSummary } from "../support/run-command.js";
import { type KeyctlScope, scopeKeyring } from "./keyctl-scope.js";
import { parseKeyctlList } from "./parse-keyctl-list.js";

export interface KeyctlKeystoreOptions {
  /** AWS_VAULT_KEYCTL_SCOPE; default `user` (kept while the user has a login session). */
  readonly scope?: KeyctlScope | string;
  /** The keyring inside the scope; default `aws-vault` (99designs/keyring's ServiceName). */
  readonly keyringName?: string;
  /** The program to run; default `keyctl` (Debian package keyutils). */
  readonly command?: string;
  readonly env?: Env;
}

/** The kernel refuses larger payloads for keys of type "user". */
export const KEYCTL_MAX_VALUE_BYTES = 32_767;
const NOT_FOUND = /Required key not available|Key has been revoked|Key has expired|No such file/i;

/**
 * Linux kernel keyring through keyctl(1), laid out as 99designs/keyring would: a keyring named
 * `aws-vault` in the scope's keyring, holding one key of type "user" per item (description = key,
 * payload = the item data, without the JSON wrapper). Values reach keyctl on stdin (`padd`).
 */
export function keyctlKeystore(options: KeyctlKeystoreOptions = {}): Keystore {
  const scope = options.scope ?? "user";
  const parent = scopeKeyring(scope);
  const ringName = options.keyringName ?? "aws-vault";
  const command = options.command ?? "keyctl";
  const env = helperEnv(options.env ?? process.env);
  let parentId: Promise<string> | undefined;
  let ring: Promise<string> | undefined;
  /** Key ids by description, from this process's last listing: a read after it is one `keyctl pipe`. */
  let listed = new Map<string, string>();

  async function keyctl(args: string[], input?: string): Promise<CommandResult> {
    try {
      return await runCommand(command, args, input === undefined ? { env } : { env, input });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new VaultError("KEYSTORE_UNAVAILABLE", `cannot run '${command}': ${code ?? error}`, {
        cause: error,
      });
    }
  }
  function failure(action: string, result: CommandResult, code: "KEYSTORE_UNAVAILABLE" | "KEYSTORE_WRITE") {
    const reason = stderrSummary(result.stderr);
    if (/Permission denied/i.test(reason)) {
      const hint =
        scope === "user"
          ? "the user keyring is not linked to this session's keyring (run 'keyctl link @u @s', or use scope 'session')"
          : "this process does not possess it";
      return new VaultError(
        "KEYSTORE_UNAVAILABLE",
        `keyctl: cannot ${action} in the '${ringName}' ${scope} keyring: ${hint}`,
      );
    }
    if (/quota/i.test(reason)) {
      return new VaultError(
        "KEYSTORE_WRITE",
        `keyctl: cannot ${action}: the kernel's key quota is full (${reason})`,
      );
    }
    return new VaultError(code, `keyctl: cannot ${action} in the '${ringName}' ${scope} keyring: ${reason}`);
  }
  async function search(keyring: string, type: string, description: string): Promise<string | undefined> {
    const result = await keyctl(["search", keyring, type, description]);
    if (result.exitCode === 0) return result.stdout.toString("utf8").trim();
    if (NOT_FOUND.test(result.stderr)) return undefined;
    throw failure(`search for '${description}'`, result, "KEYSTORE_UNAVAILABLE");
  }
  /**
   * The scope keyring's numeric id. Naming it `@s` in a command that creates a key would make a process
   * without a session keyring join a new one of its own, lost when that keyctl exits; by id, every
   * command uses the keyring the kernel resolves for reads (the user-session keyring, then), as
   * 99designs/keyring does in-process.
   */
  async function scopeId(): Promise<string> {
    parentId ??= keyctl(["id", parent]).then((result) => {
      if (result.exitCode === 0) return result.stdout.toString("utf8").trim();
      parentId = undefined;
      throw failure("find the keyring", result, "KEYSTORE_UNAVAILABLE");
    });
    return parentId;
  }
  /**
   * The named keyring's id; created only when `create` (reads never leave anything behind). A search names
   * the scope keyring as `@s` or `@u`: searching creates nothing, so it needs no id first.
   */
  async function findRing(create: boolean): Promise<string | undefined> {
    if (ring) return ring;
    const found = await search(parent, "keyring", ringName);
    if (found) {
      ring ??= Promise.resolve(found);
      return ring;
    }
    if (!create) return undefined;
    const scopeRing = await scopeId();
    ring ??= keyctl(["newring", ringName, scopeRing]).then((result) => {
      if (result.exitCode !== 0) {
        ring = undefined;
        throw failure("create the keyring", result, "KEYSTORE_UNAVAILABLE");
      }
      return result.stdout.toString("utf8").trim();
    });
    return ring;
  }

  async function get(key: string): Promise<string | undefined> {
    const known = listed.get(key);
    if (known !== undefined) {
      const result = await keyctl(["pipe", known]);
      if (result.exitCode === 0) return result.stdout.toString("utf8");
      // Unlinked since the listing (not found, or no longer ours: permission denied): search for it.
      listed.delete(key);
    }
    const keyring = await findRing(false);
    const id = keyring && (await search(keyring, "user", key));
    if (!id) return undefined;
    const result = await keyctl(["pipe", id]);
    if (result.exitCode === 0) return result.stdout.toString("utf8");
    if (NOT_FOUND.test(result.stderr)) return undefined; // removed meanwhile
    throw failure(`read '${key}'`, result, "KEYSTORE_UNAVAILABLE");
  }

  async function set(key: string, value: string): Promise<void> {
    const bytes = Buffer.byteLength(value);
    if (bytes === 0 || bytes > KEYCTL_MAX_VALUE_BYTES) {
      throw new VaultError(
        "KEYSTORE_WRITE",
        `keyctl: cannot store '${key}': the kernel keeps 1 to ${KEYCTL_MAX_VALUE_BYTES} bytes per key, this value has ${bytes}`,
      );
    }
    const keyring = (await findRing(true))!;
    const result = await keyctl(["padd", "user", key, keyring], value);
    if (result.exitCode !== 0) throw failure(`store '${key}'`, result, "KEYSTORE_WRITE");
    listed.delete(key);
  }

  async function remove(key: string): Promise<boolean> {
    const keyring = await findRing(false);
    const id = keyring && (await search(keyring, "user", key));
    listed.delete(key);
    if (!id) return false;
    const result = await keyctl(["unlink", id, keyring]);
    if (result.exitCode === 0) return true;
    if (NOT_FOUND.test(result.stderr)) return false;
    throw failure(`remove '${key}'`, result, "KEYSTORE_WRITE");
  }

  async function keys(): Promise<string[]> {
    const keyring = await findRing(false);
    if (!keyring) return [];
    const result = await keyctl(["list", keyring]);
    if (result.exitCode !== 0) throw failure("list keys", result, "KEYSTORE_UNAVAILABLE");
    const entries = parseKeyctlList(result.stdout.toString("utf8")).filter((entry) => entry.type === "user");
    listed = new Map(entries.map((entry) => [entry.description, entry.id]));
    return entries.map((entry) => entry.description);
  }

  return { name: "keyctl", get, set, remove, keys };
}
