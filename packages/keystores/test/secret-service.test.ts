import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { encodeKeyringItem, isVaultError } from "@vault-cli/core";
import { type SecretServiceBus, startSecretService } from "@vault-cli/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SecretServiceKeystore, secretServiceKeystore } from "../src/secret-service/index.js";
import { unescapePath } from "../src/secret-service/secret-service-keystore.js";
import { runKeystoreContract } from "./contract.js";

const CREDENTIALS =
  '{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}';

let bus: SecretServiceBus;
const stores: SecretServiceKeystore[] = [];
let collections = 0;

beforeAll(async () => {
  bus = await startSecretService();
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
afterAll(async () => {
  await bus?.stop();
});

function store(options: { collection?: string; transfer?: "dh" | "plain" } = {}): SecretServiceKeystore {
  const opened = secretServiceKeystore({ env: bus.env, ...options });
  stores.push(opened);
  return opened;
}

/** A new, unlocked collection of its own for each contract test. */
function freshCollection(transfer: "dh" | "plain"): SecretServiceKeystore {
  const collection = `contract${transfer}${++collections}`;
  bus.createCollection(collection);
  return store({ collection, transfer });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isVaultError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a failure");
}

runKeystoreContract("secret-service (gnome-keyring, DH transfer)", () => freshCollection("dh"));
runKeystoreContract("secret-service (gnome-keyring, plain transfer)", () => freshCollection("plain"));

interface FoundItem {
  readonly path: string;
  readonly label: string;
  readonly attributes: Record<string, string>;
  readonly secret: string;
}

describe("secret-service: aws-vault's items, made and read by another client (python3-dbus)", () => {
  beforeAll(() => {
    bus.createCollection("awsvault");
  });

  it("lists and reads items aws-vault wrote: collection awsvault, label and profile = key, the item JSON", async () => {
    const item = encodeKeyringItem({ key: "alice", data: CREDENTIALS, label: "aws-vault (alice)" });
    bus.python(["store", "awsvault", "alice"], item);
    const keystore = store();
    expect(await keystore.keys()).toContain("alice");
    expect(await keystore.get("alice")).toBe(CREDENTIALS);
  });

  it("writes items aws-vault finds with SearchItems({profile: key}) on its collection", async () => {
    await store().set("bob", CREDENTIALS, { label: "aws-vault (bob)" });
    const found = JSON.parse(bus.python(["search", "awsvault", "bob"])) as FoundItem[];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      path: expect.stringMatching(/^\/org\/freedesktop\/secrets\/collection\/awsvault\//),
      label: "bob",
      attributes: { profile: "bob" },
      secret: encodeKeyringItem({ key: "bob", data: CREDENTIALS, label: "aws-vault (bob)" }),
    });
    // libsecret's secret-tool finds it by the same attribute.
    const looked = execFileSync("secret-tool", ["lookup", "profile", "bob"], {
      env: bus.env,
      encoding: "utf8",
    });
    expect(JSON.parse(looked).Key).toBe("bob");
  });

  it("replaces an item in place (CreateItem with replace) and removes every item of a key", async () => {
    const keystore = store();
    await keystore.set("carol", "first");
    await keystore.set("carol", "second");
    expect(JSON.parse(bus.python(["search", "awsvault", "carol"]))).toHaveLength(1);
    expect(await keystore.get("carol")).toBe("second");
    expect(await keystore.remove("carol")).toBe(true);
    expect(JSON.parse(bus.python(["search", "awsvault", "carol"]))).toEqual([]);
  });

  it("finds a collection whose name is not ASCII (gnome-keyring escapes its UTF-8 bytes in the path)", async () => {
    bus.createCollection("café");
    const python = store({ collection: "café" });
    await python.set("zoë", "in café");
    expect(await store({ collection: "café" }).keys()).toEqual(["zoë"]);
    expect(unescapePath("/org/freedesktop/secrets/collection/caf_c3_a9")).toBe(
      "/org/freedesktop/secrets/collection/café",
    );
    expect(unescapePath("/org/freedesktop/secrets/collection/a_zz")).toBe(
      "/org/freedesktop/secrets/collection/a_zz",
    );
  });

  it("--secret-service-collection names another collection; items of the default one stay out of it", async () => {
    bus.createCollection("team");
    await store({ collection: "team" }).set("dave", "in team");
    expect(await store({ collection: "team" }).keys()).toEqual(["dave"]);
    expect(await store().get("dave")).toBeUndefined();
  });
});

describe("secret-service: locked, missing and unreachable", () => {
  it("a locked collection whose unlock prompt cannot be shown is a clear KEYSTORE_LOCKED, and nothing is lost", async () => {
    bus.createCollection("locked");
    await store({ collection: "locked" }).set("erin", "kept");
    bus.python(["lock", "locked"]);
    const locked = store({ collection: "locked" });
    expect(await failure(locked.get("erin"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message:
        "the Secret Service's prompt to unlock the collection 'locked' was dismissed, or could not be shown (no desktop session?): unlock it with your keyring tool (seahorse, KeePassXC), or choose another backend with --backend",
    });
    bus.python(["unlock", "locked"], "test-keyring-password");
    expect(await store({ collection: "locked" }).get("erin")).toBe("kept");
  });

  it("a long-running process sees a re-lock, and reads again once the collection is unlocked", async () => {
    bus.createCollection("relocked");
    const longRunning = store({ collection: "relocked" });
    await longRunning.set("fiona", "kept");
    expect(await longRunning.get("fiona")).toBe("kept");
    bus.python(["lock", "relocked"]);
    // Its earlier unlock is forgotten and asked for again (the prompt, which cannot be shown here).
    expect(await failure(longRunning.get("fiona"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message:
        "the Secret Service's prompt to unlock the collection 'relocked' was dismissed, or could not be shown (no desktop session?): unlock it with your keyring tool (seahorse, KeePassXC), or choose another backend with --backend",
    });
    bus.python(["unlock", "relocked"], "test-keyring-password");
    expect(await longRunning.get("fiona")).toBe("kept");
  });

  it("a missing collection reads as empty; storing asks the service to create it", async () => {
    const missing = store({ collection: "nowhere" });
    expect(await missing.keys()).toEqual([]);
    expect(await missing.get("alice")).toBeUndefined();
    expect(await missing.remove("alice")).toBe(false);
    expect(await failure(missing.set("alice", "v"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message:
        "the Secret Service's prompt to create the collection 'nowhere' was dismissed, or could not be shown (no desktop session?): create it with your keyring tool (seahorse, KeePassXC), or choose another backend with --backend",
    });
  });

  it("no session bus, or one that is gone, is KEYSTORE_UNAVAILABLE saying so", async () => {
    const none = secretServiceKeystore({ env: {} });
    expect(await failure(none.keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        "no D-Bus session bus for the Secret Service (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist)",
    });
    const gone = secretServiceKeystore({ env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus" } });
    expect(await failure(gone.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "cannot reach the Secret Service: cannot connect to the D-Bus session bus: ENOENT",
    });
  });
});

describe("secret-service: what crosses the bus", () => {
  /**
   * Everything on the bus while `op` runs, as dbus-monitor prints it. A signal sent after `op` marks the end:
   * the monitor gets messages in order, so once it printed the marker it printed everything before it.
   */
  async function monitored(op: () => Promise<void>): Promise<string> {
    const monitor: ChildProcess = spawn("dbus-monitor", ["--session"], {
      env: bus.env,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let text = "";
    const printed = (what: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (text.includes(what)) resolve();
        };
        monitor.stdout?.on("data", check);
        check();
      });
    monitor.stdout?.setEncoding("utf8");
    monitor.stdout?.on("data", (chunk: string) => {
      text += chunk;
    });
    try {
      // Its own NameLost signal follows its BecomeMonitor: it is listening once that is printed.
      await printed("member=NameLost");
      await op();
      execFileSync("dbus-send", ["--session", "--type=signal", "/vaultcli/test", "vaultcli.Test.Done"], {
        env: bus.env,
      });
      await printed("interface=vaultcli.Test; member=Done");
    } finally {
      const exited = once(monitor, "exit");
      monitor.kill("SIGTERM");
      await exited;
    }
    return text;
  }

  it("with DH the item never crosses the bus in clear; with plain it does (the monitor sees both)", async () => {
    bus.createCollection("wire");
    const secret = "wire-secret-7f3a9c";
    const withDh = await monitored(async () => {
      const keystore = store({ collection: "wire", transfer: "dh" });
      await keystore.set("frank", secret);
      expect(await keystore.get("frank")).toBe(secret);
    });
    expect(withDh).toContain('string "dh-ietf1024-sha256-aes128-cbc-pkcs7"');
    expect(withDh).toContain('string "frank"');
    expect(withDh).not.toContain(Buffer.from(secret).toString("base64"));
    const plain = await monitored(async () => {
      await store({ collection: "wire", transfer: "plain" }).get("frank");
    });
    expect(plain).toContain(Buffer.from(secret).toString("base64"));
  });
});
