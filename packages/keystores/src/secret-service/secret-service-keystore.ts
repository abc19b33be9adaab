import {
  decodeKeyringItem,
  type Env,
  encodeKeyringItem,
  isVaultError,
  type Keystore,
  type KeystoreSetOptions,
  redactExternal,
  VaultError,
  type VaultErrorCode,
} from "@vault-cli/core";
import { connectBus, type DbusCall, DbusCallError, type DbusConnection } from "../dbus/dbus-connection.js";
import type { Variant } from "../dbus/dbus-wire.js";
import { sessionBusAddress } from "../dbus/session-bus-address.js";
import { sortUtf8 } from "../support/compare-bytes.js";
import {
  DH_ALGORITHM,
  plainSession,
  type SecretStruct,
  startDhExchange,
  type TransferSession,
} from "./transfer-session.js";

export interface SecretServiceKeystoreOptions {
  /** The collection (AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME); default `awsvault`, as aws-vault. */
  readonly collection?: string;
  /** Where the session bus is found (DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR); default process.env. */
  readonly env?: Env;
  /**
   * `dh` insists on an encrypted transfer (a service without it is an error); `plain` sends secrets unencrypted
   * over the bus; default: DH when the service offers it, else plain (as libsecret does).
   */
  readonly transfer?: "dh" | "plain";
  /** How long an unlock or create prompt may wait for its answer; default 5 minutes. */
  readonly promptTimeoutMs?: number;
  /** Opens the connection; default the session bus named by `env`. */
  readonly connect?: () => Promise<DbusConnection>;
}

export interface SecretServiceKeystore extends Keystore {
  /** Closes the bus connection (it never keeps the process alive by itself). */
  close(): void;
}

const SERVICE = "org.freedesktop.secrets";
const ROOT = "/org/freedesktop/secrets";
const I_SERVICE = "org.freedesktop.Secret.Service";
const I_COLLECTION = "org.freedesktop.Secret.Collection";
const I_ITEM = "org.freedesktop.Secret.Item";
const I_PROMPT = "org.freedesktop.Secret.Prompt";
const I_PROPERTIES = "org.freedesktop.DBus.Properties";
const NO_PROMPT = "/";
const PROMPT_TIMEOUT_MS = 5 * 60_000;
/** Errors after which the cached connection, session or unlock may be what failed: start over once. */
const STALE = new Set([
  "vault-cli.NoConnection",
  "org.freedesktop.Secret.Error.NoSession",
  "org.freedesktop.Secret.Error.IsLocked",
  "org.freedesktop.DBus.Error.UnknownObject",
  "org.freedesktop.DBus.Error.NoReply",
]);
/** Item labels are read this many at a time when listing (requests in flight on the one connection). */
const LIST_BATCH = 64;

/**
 * aws-vault's secret-service backend, over the project's own D-Bus client: items of the collection
 * `awsvault` labelled with the key, attribute `profile` = key, secret = the keyring item JSON
 * (content type application/json). A locked collection is unlocked through the service's own prompt.
 */
export function secretServiceKeystore(options: SecretServiceKeystoreOptions = {}): SecretServiceKeystore {
  const env = options.env ?? process.env;
  const name = options.collection || "awsvault";
  const promptTimeoutMs = options.promptTimeoutMs ?? PROMPT_TIMEOUT_MS;
  let connection: Promise<DbusConnection> | undefined;
  let session: Promise<TransferSession> | undefined;
  let unlocked: string | undefined;

  const connect =
    options.connect ??
    (() => {
      const address = sessionBusAddress(env);
      if (!address) {
        throw new VaultError(
          "KEYSTORE_UNAVAILABLE",
          "no D-Bus session bus for the Secret Service (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist)",
        );
      }
      return connectBus(address);
    });

  function bus(): Promise<DbusConnection> {
    connection ??= Promise.resolve()
      .then(connect)
      .catch((error) => {
        connection = undefined;
        throw toVaultError(error, "KEYSTORE_UNAVAILABLE", "cannot reach the Secret Service");
      });
    return connection;
  }

  async function call(message: Omit<DbusCall, "destination">): Promise<unknown[]> {
    return (await bus()).call({ destination: SERVICE, ...message });
  }

  async function property(path: string, iface: string, prop: string): Promise<unknown> {
    const [[, value]] = (await call({
      path,
      interface: I_PROPERTIES,
      member: "Get",
      signature: "ss",
      body: [iface, prop],
    })) as [Variant];
    return value;
  }

  function transfer(): Promise<TransferSession> {
    session ??= openSession().catch((error) => {
      session = undefined;
      throw error;
    });
    return session;
  }

  async function openSession(): Promise<TransferSession> {
    if (options.transfer !== "plain") {
      const exchange = startDhExchange();
      try {
        const [[, peerKey], path] = (await call({
          path: ROOT,
          interface: I_SERVICE,
          member: "OpenSession",
          signature: "sv",
          body: [DH_ALGORITHM, ["ay", exchange.publicKey]],
        })) as [Variant, string];
        return exchange.finish(path, peerKey as Buffer);
      } catch (error) {
        if (!(error instanceof DbusCallError) || error.name !== "org.freedesktop.DBus.Error.NotSupported") {
          throw error;
        }
        if (options.transfer === "dh") {
          throw new VaultError(
            "KEYSTORE_UNAVAILABLE",
            `the Secret Service does not offer the ${DH_ALGORITHM} transfer, and transfer "dh" was asked for`,
          );
        }
      }
    }
    const [, path] = (await call({
      path: ROOT,
      interface: I_SERVICE,
      member: "OpenSession",
      signature: "sv",
      body: ["plain", ["s", ""]],
    })) as [Variant, string];
    return plainSession(path);
  }

  /** The collection's object path, or undefined when the service has none by that name. */
  async function findCollection(): Promise<string | undefined> {
    const paths = (await property(ROOT, I_SERVICE, "Collections")) as string[];
    const wanted = `${ROOT}/collection/${name}`;
    return paths.find((path) => unescapePath(path) === wanted);
  }

  /** Runs a prompt the service returned and waits for its answer; the result variant's value. */
  async function runPrompt(prompt: string, what: string, remedy = "unlock it"): Promise<unknown> {
    const connection = await bus();
    // Only the service may complete its prompt: another program of the user's could send the signal too.
    const [owner] = (await connection.call({
      destination: "org.freedesktop.DBus",
      path: "/org/freedesktop/DBus",
      interface: "org.freedesktop.DBus",
      member: "GetNameOwner",
      signature: "s",
      body: [SERVICE],
    })) as [string];
    let answer: unknown[];
    try {
      answer = await connection.nextSignal(
        { path: prompt, interface: I_PROMPT, member: "Completed", sender: owner },
        () =>
          connection.call({
            destination: SERVICE,
            path: prompt,
            interface: I_PROMPT,
            member: "Prompt",
            signature: "s",
            body: [""],
          }),
        promptTimeoutMs,
      );
    } catch (error) {
      if (error instanceof DbusCallError && error.name === "vault-cli.Timeout") {
        await connection
          .call({ destination: SERVICE, path: prompt, interface: I_PROMPT, member: "Dismiss" })
          .catch(() => undefined);
        throw new VaultError(
          "KEYSTORE_LOCKED",
          `the Secret Service's prompt to ${what} got no answer within ${promptTimeoutMs % 60_000 === 0 ? `${promptTimeoutMs / 60_000}m` : `${promptTimeoutMs / 1000}s`}`,
        );
      }
      throw error;
    }
    const [dismissed, result] = answer as [boolean, Variant];
    if (dismissed) {
      throw new VaultError(
        "KEYSTORE_LOCKED",
        `the Secret Service's prompt to ${what} was dismissed, or could not be shown (no desktop session?): ${remedy} with your keyring tool (seahorse, KeePassXC), or choose another backend with --backend`,
      );
    }
    return result[1];
  }

  async function unlock(path: string): Promise<void> {
    if (unlocked === path) return;
    const [, prompt] = (await call({
      path: ROOT,
      interface: I_SERVICE,
      member: "Unlock",
      signature: "ao",
      body: [[path]],
    })) as [string[], string];
    if (prompt !== NO_PROMPT) await runPrompt(prompt, `unlock the collection '${name}'`);
    unlocked = path;
  }

  /** The collection, unlocked; undefined when it does not exist (reads treat that as empty). */
  async function openCollection(): Promise<string | undefined> {
    // A hit lists the keys, then reads one: the collection is found and unlocked once per process.
    if (unlocked) return unlocked;
    const path = await findCollection();
    if (path) await unlock(path);
    return path;
  }

  async function search(collection: string, key: string): Promise<string[]> {
    const [items] = (await call({
      path: collection,
      interface: I_COLLECTION,
      member: "SearchItems",
      signature: "a{ss}",
      body: [new Map([["profile", key]])],
    })) as [string[]];
    return items;
  }

  /** Forgets the connection, transfer session and unlock: after a restart of the service, a re-lock, a lost bus. */
  function reset(): void {
    connection?.then((c) => c.close()).catch(() => undefined);
    connection = undefined;
    session = undefined;
    unlocked = undefined;
  }

  /** Runs `op`; once more from a fresh start when what it relied on is gone (a long-running process sees this). */
  async function retrying<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (!(error instanceof DbusCallError) || !STALE.has(error.name)) throw error;
      reset();
      return op();
    }
  }

  async function get(key: string): Promise<string | undefined> {
    return guard("KEYSTORE_UNAVAILABLE", `cannot read '${key}' from the Secret Service`, () =>
      retrying(async () => {
        // The transfer session is negotiated while the item is looked up.
        transfer().catch(() => undefined);
        const collection = await openCollection();
        if (!collection) return undefined;
        const [item] = await search(collection, key);
        if (!item) return undefined;
        const transferSession = await transfer();
        const [secret] = (await call({
          path: item,
          interface: I_ITEM,
          member: "GetSecret",
          signature: "o",
          body: [transferSession.path],
        })) as [SecretStruct];
        let json: string;
        try {
          json = transferSession.open(secret).toString("utf8");
        } catch {
          throw new VaultError(
            "KEYSTORE_CORRUPT",
            `the Secret Service item '${key}' did not decrypt (${item})`,
          );
        }
        if (json === "") return undefined; // aws-vault treats empty data as no item
        return decodeKeyringItem(json, `Secret Service item '${key}'`).data;
      }),
    );
  }

  async function createCollection(): Promise<string> {
    const [path, prompt] = (await call({
      path: ROOT,
      interface: I_SERVICE,
      member: "CreateCollection",
      signature: "a{sv}s",
      body: [new Map([["org.freedesktop.Secret.Collection.Label", ["s", name]]]), ""],
    })) as [string, string];
    const created =
      path !== NO_PROMPT
        ? path
        : ((await runPrompt(prompt, `create the collection '${name}'`, "create it")) as string);
    unlocked = created;
    return created;
  }

  async function set(key: string, value: string, setOptions: KeystoreSetOptions = {}): Promise<void> {
    return guard("KEYSTORE_WRITE", `cannot store '${key}' in the Secret Service`, () =>
      retrying(async () => {
        const collection = (await openCollection()) ?? (await createCollection());
        const transferSession = await transfer();
        const item = Buffer.from(encodeKeyringItem({ key, data: value, ...setOptions }), "utf8");
        const properties = new Map<string, Variant>([
          ["org.freedesktop.Secret.Item.Label", ["s", key]],
          ["org.freedesktop.Secret.Item.Attributes", ["a{ss}", new Map([["profile", key]])]],
        ]);
        const [, prompt] = (await call({
          path: collection,
          interface: I_COLLECTION,
          member: "CreateItem",
          signature: "a{sv}(oayays)b",
          body: [properties, transferSession.seal(item, "application/json"), true],
        })) as [string, string];
        if (prompt !== NO_PROMPT) await runPrompt(prompt, `store '${key}'`);
      }),
    );
  }

  async function remove(key: string): Promise<boolean> {
    return guard("KEYSTORE_WRITE", `cannot remove '${key}' from the Secret Service`, () =>
      retrying(async () => {
        const collection = await openCollection();
        if (!collection) return false;
        const items = await search(collection, key);
        for (const item of items) {
          const [prompt] = (await call({ path: item, interface: I_ITEM, member: "Delete" })) as [string];
          if (prompt !== NO_PROMPT) await runPrompt(prompt, `remove '${key}'`);
        }
        return items.length > 0;
      }),
    );
  }

  async function keys(): Promise<string[]> {
    return guard("KEYSTORE_UNAVAILABLE", "cannot list the Secret Service's items", () =>
      retrying(async () => {
        const collection = await openCollection();
        if (!collection) return [];
        const items = (await property(collection, I_COLLECTION, "Items")) as string[];
        const labels: string[] = [];
        for (let i = 0; i < items.length; i += LIST_BATCH) {
          const batch = items.slice(i, i + LIST_BATCH);
          labels.push(
            ...((await Promise.all(batch.map((item) => property(item, I_ITEM, "Label")))) as string[]),
          );
        }
        return sortUtf8(labels);
      }),
    );
  }

  return {
    name: "secret-service",
    get,
    set,
    remove,
    keys,
    close() {
      connection?.then((c) => c.close()).catch(() => undefined);
    },
  };
}

/** Runs `op`; a failure that is not already a VaultError becomes one with `code`, saying what failed. */
async function guard<T>(code: VaultErrorCode, what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw toVaultError(error, code, what);
  }
}

function toVaultError(error: unknown, code: VaultErrorCode, what: string): VaultError {
  if (isVaultError(error)) return error;
  if (error instanceof DbusCallError) {
    if (error.name === "org.freedesktop.DBus.Error.ServiceUnknown") {
      return new VaultError(
        "KEYSTORE_UNAVAILABLE",
        `${what}: no Secret Service on the D-Bus session bus (is gnome-keyring or KeePassXC running?)`,
        { cause: error },
      );
    }
    if (error.name === "org.freedesktop.Secret.Error.IsLocked") {
      return new VaultError("KEYSTORE_LOCKED", `${what}: the collection is locked`, { cause: error });
    }
    const failure = error.name.startsWith("vault-cli.") ? "KEYSTORE_UNAVAILABLE" : code;
    return new VaultError(failure, `${what}: ${redactExternal(error.message || error.name)}`, {
      cause: error,
    });
  }
  return new VaultError(code, `${what}: ${redactExternal(String((error as Error)?.message ?? error))}`, {
    cause: error,
  });
}

/**
 * gnome-keyring escapes each byte of a collection's UTF-8 name outside [A-Za-z0-9] as `_xx` (hex) in its
 * object path; aws-vault compares the decoded path. A malformed escape leaves the path as it is.
 */
export function unescapePath(path: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const hex = path[i] === "_" ? path.slice(i + 1, i + 3) : "";
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (path[i] === "_") {
      return path;
    } else {
      bytes.push(...Buffer.from(path[i] as string, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
