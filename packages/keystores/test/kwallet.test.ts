import { credentialsLabel, encodeKeyringItem } from "@vault-cli/core";
import { failureOf } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { type DbusBus, type DbusCall, kwalletKeystore } from "../src/kwallet/index.js";
import { runKeystoreContract } from "./contract.js";

// kwalletd cannot run here: these tests talk to a fake session bus that answers org.kde.KWallet's
// methods as kwalletd5 does, over in-memory wallets, and records every call.

class FakeKwalletd implements DbusBus {
  readonly calls: DbusCall[] = [];
  /** wallet -> folder -> entry -> bytes */
  readonly wallets = new Map<string, Map<string, Map<string, Buffer>>>();
  private readonly handles = new Map<number, string>();
  private nextHandle = 7;
  /** What the user does when a wallet is opened: unlock it, or cancel (open answers -1). */
  refuseOpen = false;
  failWith?: string;

  /** kwalletd closes the wallet (idle timeout, the user closes it): every handle becomes invalid. */
  closeAll(): void {
    this.handles.clear();
  }

  async call(message: DbusCall): Promise<unknown[]> {
    this.calls.push(message);
    if (this.failWith) throw Object.assign(new Error("The name is not activatable"), { name: this.failWith });
    expect([message.destination, message.path, message.interface]).toEqual([
      "org.kde.kwalletd5",
      "/modules/kwalletd5",
      "org.kde.KWallet",
    ]);
    const body = message.body ?? [];
    const folderOf = (create: boolean) => {
      const wallet = this.handles.get(body[0] as number);
      if (wallet === undefined) return undefined;
      const folders = this.wallets.get(wallet)!;
      if (create && !folders.has(body[1] as string)) folders.set(body[1] as string, new Map());
      return folders.get(body[1] as string);
    };
    switch (`${message.member}(${message.signature})`) {
      case "open(sxs)": {
        expect(typeof body[1]).toBe("bigint");
        if (this.refuseOpen) return [-1];
        if (!this.wallets.has(body[0] as string)) this.wallets.set(body[0] as string, new Map());
        const handle = this.nextHandle++;
        this.handles.set(handle, body[0] as string);
        return [handle];
      }
      case "isOpen(i)":
        return [this.handles.has(body[0] as number)];
      case "hasFolder(iss)":
        return [folderOf(false) !== undefined];
      case "createFolder(iss)":
        return [folderOf(true) !== undefined];
      case "readEntry(isss)":
        return [folderOf(false)?.get(body[2] as string) ?? Buffer.alloc(0)];
      case "writeEntry(issays)": {
        const folder = folderOf(false);
        if (!folder) return [-1];
        folder.set(body[2] as string, Buffer.from(body[3] as Buffer));
        return [0];
      }
      case "removeEntry(isss)": {
        const folder = folderOf(false);
        return [folder?.delete(body[2] as string) ? 0 : -1];
      }
      case "entryList(iss)":
        return [[...(folderOf(false)?.keys() ?? [])]];
      default:
        throw Object.assign(new Error(`no method ${message.member}`), {
          name: "org.freedesktop.DBus.Error.UnknownMethod",
        });
    }
  }
}

function openKwallet(options: { wallet?: string } = {}) {
  const kwalletd = new FakeKwalletd();
  let connections = 0;
  const store = kwalletKeystore({
    bus: async () => {
      connections++;
      return kwalletd;
    },
    ...options,
  });
  return { kwalletd, store, connections: () => connections };
}

runKeystoreContract("kwallet (fake kwalletd)", () => openKwallet().store);

describe("kwallet: aws-vault's wallet", () => {
  it("writes the keyring item JSON to wallet aws-vault, folder aws-vault, app id aws-vault, creating the folder once", async () => {
    const { kwalletd, store } = openKwallet();
    const data = '{"AccessKeyID":"AKIA1","SecretAccessKey":"s1"}';
    await store.set("alice", data, { label: credentialsLabel("alice") });
    await store.set("bob", "{}");
    // kwalletd answers open once the person has typed the wallet's password: it may take minutes.
    expect(kwalletd.calls.find((c) => c.member === "open")?.timeoutMs).toBe(5 * 60_000);
    expect(kwalletd.calls.filter((c) => c.member !== "open").every((c) => c.timeoutMs === undefined)).toBe(
      true,
    );
    const entry = kwalletd.wallets.get("aws-vault")?.get("aws-vault")?.get("alice");
    expect(entry?.toString("utf8")).toBe(
      encodeKeyringItem({ key: "alice", data, label: "aws-vault (alice)" }),
    );
    expect(
      kwalletd.calls.map(
        (c) =>
          `${c.member}(${c.signature}) ${JSON.stringify(c.body, (_k, v) => (typeof v === "bigint" ? `${v}n` : Buffer.isBuffer(v) || v?.type === "Buffer" ? "<bytes>" : v))}`,
      ),
    ).toEqual([
      'open(sxs) ["aws-vault","0n","aws-vault"]',
      'hasFolder(iss) [7,"aws-vault","aws-vault"]',
      'createFolder(iss) [7,"aws-vault","aws-vault"]',
      'writeEntry(issays) [7,"aws-vault","alice","<bytes>","aws-vault"]',
      "isOpen(i) [7]",
      'hasFolder(iss) [7,"aws-vault","aws-vault"]',
      'writeEntry(issays) [7,"aws-vault","bob","<bytes>","aws-vault"]',
    ]);
  });

  it("reads an entry aws-vault wrote, and takes an empty entry for no item", async () => {
    const { kwalletd, store } = openKwallet();
    await store.keys(); // opens the wallet
    const folder = new Map([
      ["carol", Buffer.from(encodeKeyringItem({ key: "carol", data: '{"AccessKeyID":"C"}' }))],
      ["empty", Buffer.alloc(0)],
    ]);
    kwalletd.wallets.get("aws-vault")!.set("aws-vault", folder);
    expect(await store.get("carol")).toBe('{"AccessKeyID":"C"}');
    expect(await store.get("empty")).toBeUndefined();
    expect(await store.remove("empty")).toBe(false);
  });

  it("connects to the bus once and opens the wallet again after kwalletd closed it", async () => {
    const { kwalletd, store, connections } = openKwallet();
    await store.set("alice", "one");
    kwalletd.closeAll();
    expect(await store.get("alice")).toBe("one");
    expect(kwalletd.calls.filter((c) => c.member === "open")).toHaveLength(2);
    expect(connections()).toBe(1);
  });

  it("reports an entry that is not a keyring item as KEYSTORE_CORRUPT", async () => {
    const { kwalletd, store } = openKwallet();
    await store.set("alice", "x");
    kwalletd.wallets.get("aws-vault")!.get("aws-vault")!.set("alice", Buffer.from("a password"));
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_CORRUPT",
      message: "kwallet entry 'alice' is not a keyring item (not a JSON object)",
    });
  });
});

describe("kwallet: failures", () => {
  it("reports a wallet that stays closed (the user cancels) as KEYSTORE_LOCKED, and asks again next time", async () => {
    const { kwalletd, store } = openKwallet();
    kwalletd.refuseOpen = true;
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message: "kwallet: the wallet 'aws-vault' was not opened (it stayed locked, or the user cancelled)",
    });
    kwalletd.refuseOpen = false;
    expect(await store.get("alice")).toBeUndefined();
  });

  it("reports kwalletd missing from the bus as KEYSTORE_UNAVAILABLE", async () => {
    const { kwalletd, store } = openKwallet();
    kwalletd.failWith = "org.freedesktop.DBus.Error.ServiceUnknown";
    expect(await failureOf(store.keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "kwallet: cannot open the wallet 'aws-vault': kwalletd5 is not running on the session bus",
    });
  });

  it("reports no session bus as KEYSTORE_UNAVAILABLE, and tries to connect again next time", async () => {
    let attempts = 0;
    const store = kwalletKeystore({
      bus: async () => {
        attempts++;
        throw new Error("DBUS_SESSION_BUS_ADDRESS is not set");
      },
    });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "kwallet: cannot connect to the session bus: DBUS_SESSION_BUS_ADDRESS is not set",
    });
    await failureOf(store.get("alice"));
    expect(attempts).toBe(2);
  });

  it("reports a refused write as KEYSTORE_WRITE", async () => {
    const { kwalletd, store } = openKwallet();
    await store.keys();
    const refusing: DbusBus = {
      call: async (message) => (message.member === "writeEntry" ? [-1] : kwalletd.call(message)),
    };
    const other = kwalletKeystore({ bus: async () => refusing });
    expect(await failureOf(other.set("alice", "x"))).toEqual({
      code: "KEYSTORE_WRITE",
      message: "kwallet: cannot store 'alice': kwalletd answered -1",
    });
  });
});
