import { decodeKeyringItem, encodeKeyringItem, type Keystore, VaultError } from "@vault-cli/core";
import type { DbusBus } from "../dbus/dbus-connection.js";

export interface KwalletKeystoreOptions {
  /** Connects to the session bus; called once, on first use. */
  readonly bus: () => Promise<DbusBus>;
  /** Wallet, folder and app id; default `aws-vault` each, as aws-vault opens them. */
  readonly wallet?: string;
  readonly folder?: string;
  readonly appId?: string;
}

/** kwalletd answers `open` only after the person has answered its password dialog. */
const OPEN_TIMEOUT_MS = 5 * 60_000;

const KWALLETD = {
  destination: "org.kde.kwalletd5",
  path: "/modules/kwalletd5",
  interface: "org.kde.KWallet",
};

/**
 * aws-vault's KWallet layout over D-Bus (kwalletd5): wallet `aws-vault`, folder `aws-vault`, app id
 * `aws-vault`; one binary entry per item, named by the key and holding the keyring item JSON (as pass
 * holds it). An empty entry counts as no item, as in aws-vault. The wallet is opened on first use (KDE may
 * ask the user to unlock it) and again whenever kwalletd has closed it since.
 */
export function kwalletKeystore(options: KwalletKeystoreOptions): Keystore {
  const wallet = options.wallet ?? "aws-vault";
  const folder = options.folder ?? "aws-vault";
  const appId = options.appId ?? "aws-vault";
  let bus: Promise<DbusBus> | undefined;
  let handle: Promise<number> | undefined;

  async function call(
    member: string,
    signature: string,
    body: unknown[],
    action: string,
    timeoutMs?: number,
  ): Promise<unknown> {
    bus ??= options.bus().catch((error: unknown) => {
      bus = undefined;
      throw new VaultError(
        "KEYSTORE_UNAVAILABLE",
        `kwallet: cannot connect to the session bus: ${(error as Error).message}`,
        { cause: error },
      );
    });
    const connection = await bus;
    try {
      const [reply] = await connection.call({
        ...KWALLETD,
        member,
        signature,
        body,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
      return reply;
    } catch (error) {
      const name = (error as Error).name;
      const reason =
        name === "org.freedesktop.DBus.Error.ServiceUnknown"
          ? "kwalletd5 is not running on the session bus"
          : `${name}: ${(error as Error).message}`;
      throw new VaultError("KEYSTORE_UNAVAILABLE", `kwallet: cannot ${action}: ${reason}`, { cause: error });
    }
  }
  function openWallet(): Promise<number> {
    const opening = (async () => {
      const opened = Number(
        await call("open", "sxs", [wallet, 0n, appId], `open the wallet '${wallet}'`, OPEN_TIMEOUT_MS),
      );
      if (!(opened >= 0)) {
        throw new VaultError(
          "KEYSTORE_LOCKED",
          `kwallet: the wallet '${wallet}' was not opened (it stayed locked, or the user cancelled)`,
        );
      }
      return opened;
    })();
    handle = opening;
    opening.catch(() => {
      if (handle === opening) handle = undefined;
    });
    return opening;
  }
  /** The wallet's handle: opened on first use, and again when kwalletd has closed it since. */
  async function open(): Promise<number> {
    if (!handle) return openWallet();
    const current = handle;
    const known = await current;
    if ((await call("isOpen", "i", [known], "check the wallet")) === true) return known;
    return handle === current ? openWallet() : handle!;
  }

  async function get(key: string): Promise<string | undefined> {
    const h = await open();
    const entry = await call("readEntry", "isss", [h, folder, key, appId], `read '${key}'`);
    if (!Buffer.isBuffer(entry) || entry.length === 0) return undefined;
    return decodeKeyringItem(entry.toString("utf8"), `kwallet entry '${key}'`).data;
  }

  async function set(key: string, value: string, setOptions: { label?: string; description?: string } = {}) {
    const h = await open();
    if ((await call("hasFolder", "iss", [h, folder, appId], "find the folder")) !== true) {
      if ((await call("createFolder", "iss", [h, folder, appId], "create the folder")) !== true) {
        throw new VaultError(
          "KEYSTORE_WRITE",
          `kwallet: cannot create the folder '${folder}' in the wallet '${wallet}'`,
        );
      }
    }
    const item = Buffer.from(encodeKeyringItem({ key, data: value, ...setOptions }), "utf8");
    const status = await call("writeEntry", "issays", [h, folder, key, item, appId], `store '${key}'`);
    if (status !== 0)
      throw new VaultError(
        "KEYSTORE_WRITE",
        `kwallet: cannot store '${key}': kwalletd answered ${String(status)}`,
      );
  }

  async function remove(key: string): Promise<boolean> {
    const h = await open();
    const entry = await call("readEntry", "isss", [h, folder, key, appId], `read '${key}'`);
    if (!Buffer.isBuffer(entry) || entry.length === 0) return false;
    const status = await call("removeEntry", "isss", [h, folder, key, appId], `remove '${key}'`);
    if (status !== 0)
      throw new VaultError(
        "KEYSTORE_WRITE",
        `kwallet: cannot remove '${key}': kwalletd answered ${String(status)}`,
      );
    return true;
  }

  async function keys(): Promise<string[]> {
    const h = await open();
    const list = await call("entryList", "iss", [h, folder, appId], "list keys");
    return Array.isArray(list) ? list.map(String) : [];
  }

  return { name: "kwallet", get, set, remove, keys };
}
