import { isVaultError, type Keystore } from "@vault-cli/core";
import { failureOf } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { KEYCTL_MAX_VALUE_BYTES, keyctlKeystore } from "../src/keyctl/index.js";
import { fails, fakeProgram, prints } from "./support/fake-program.js";

// keyctl is a stand-in script here (support/fake-program.ts): no keyring is read or written.
const PATH = process.env.PATH ?? "/usr/bin:/bin";
const RING = "vault-cli-fake";
/** search answers 200 for the named keyring and 300 for any key in it. */
const FOUND = 'if [ "$3" = keyring ]; then echo 200; else echo 300; fi';
const NOT_FOUND = fails("keyctl_search: Required key not available");

function openFake(answers: Record<string, string>, options: { scope?: string; keyringName?: string } = {}) {
  const fake = fakeProgram("keyctl", answers);
  const store = keyctlKeystore({
    scope: "session",
    keyringName: RING,
    ...options,
    command: fake.command,
    env: { PATH },
  });
  return { store, calls: fake.calls };
}

type Call = (store: Keystore) => Promise<unknown>;
const keys: Call = (store) => store.keys();
const get: Call = (store) => store.get("alice");
const set: Call = (store) => store.set("alice", "secret");
const remove: Call = (store) => store.remove("alice");

describe("keyctl: what a failing keyctl command becomes", () => {
  it.each<[string, Record<string, string>, Call, string, string]>([
    [
      "a failed keyring search",
      { search: fails("keyctl_search: Invalid argument") },
      keys,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot search for '${RING}' in the '${RING}' session keyring: keyctl_search: Invalid argument`,
    ],
    [
      "a failed look-up of the scope keyring",
      { search: NOT_FOUND, id: fails("keyctl_id: Invalid argument") },
      set,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot find the keyring in the '${RING}' session keyring: keyctl_id: Invalid argument`,
    ],
    [
      "a failed creation of the named keyring",
      { search: NOT_FOUND, id: prints("100"), newring: fails("keyctl_newring: Invalid argument") },
      set,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot create the keyring in the '${RING}' session keyring: keyctl_newring: Invalid argument`,
    ],
    [
      "a failed store",
      { search: FOUND, padd: fails("keyctl_padd: Invalid argument") },
      set,
      "KEYSTORE_WRITE",
      `keyctl: cannot store 'alice' in the '${RING}' session keyring: keyctl_padd: Invalid argument`,
    ],
    [
      "a failed read",
      { search: FOUND, pipe: fails("keyctl_read_alloc: Invalid argument") },
      get,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot read 'alice' in the '${RING}' session keyring: keyctl_read_alloc: Invalid argument`,
    ],
    [
      "a failed removal",
      { search: FOUND, unlink: fails("keyctl_unlink: Invalid argument") },
      remove,
      "KEYSTORE_WRITE",
      `keyctl: cannot remove 'alice' in the '${RING}' session keyring: keyctl_unlink: Invalid argument`,
    ],
    [
      "a failed listing that says nothing",
      { search: FOUND, list: "exit 1" },
      keys,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot list keys in the '${RING}' session keyring: no message`,
    ],
    [
      "a refusal in the session scope",
      { search: fails("keyctl_search: Permission denied") },
      keys,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot search for '${RING}' in the '${RING}' session keyring: this process does not possess it`,
    ],
    [
      "a refused store (unavailable, not a write error)",
      { search: FOUND, padd: fails("keyctl_padd: Permission denied") },
      set,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot store 'alice' in the '${RING}' session keyring: this process does not possess it`,
    ],
    [
      "a full key quota",
      { search: FOUND, padd: fails("keyctl_padd: Disk quota exceeded") },
      set,
      "KEYSTORE_WRITE",
      "keyctl: cannot store 'alice': the kernel's key quota is full (keyctl_padd: Disk quota exceeded)",
    ],
    [
      "an error spread over several lines, put on one",
      { search: FOUND, list: "printf '  first line  \\n\\n second line\\n' >&2; exit 1" },
      keys,
      "KEYSTORE_UNAVAILABLE",
      `keyctl: cannot list keys in the '${RING}' session keyring: first line second line`,
    ],
  ])("reports %s with its code and the item, keyring and scope", async (_, answers, call, code, message) => {
    expect(await failureOf(call(openFake(answers).store))).toEqual({ code, message });
  });

  it("hints at linking the user keyring when the user scope is refused", async () => {
    const { store } = openFake({ search: fails("keyctl_search: Permission denied") }, { scope: "user" });
    expect(await failureOf(store.keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        `keyctl: cannot search for '${RING}' in the '${RING}' user keyring: the user keyring is not linked ` +
        "to this session's keyring (run 'keyctl link @u @s', or use scope 'session')",
    });
  });

  it("treats a key revoked before it is read as missing", async () => {
    const { store } = openFake({ search: FOUND, pipe: fails("keyctl_read_alloc: Key has been revoked") });
    expect(await store.get("alice")).toBeUndefined();
  });

  it("treats a key unlinked before it is removed as already gone", async () => {
    const { store } = openFake({ search: FOUND, unlink: fails("keyctl_unlink: Required key not available") });
    expect(await store.remove("alice")).toBe(false);
  });

  it("reports a keyctl program that cannot run as KEYSTORE_UNAVAILABLE, naming it", async () => {
    const store = keyctlKeystore({ scope: "session", command: "/nonexistent/keyctl", env: { PATH } });
    const error = await store.keys().catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_UNAVAILABLE");
    expect((error as Error).message).toBe("cannot run '/nonexistent/keyctl': ENOENT");
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});

describe("keyctl: options", () => {
  it("by default looks for the 'aws-vault' keyring in the user keyring (@u)", async () => {
    const fake = fakeProgram("keyctl", { search: NOT_FOUND });
    const store = keyctlKeystore({ command: fake.command, env: { PATH } });
    expect(await store.keys()).toEqual([]);
    expect(await store.get("alice")).toBeUndefined();
    expect(fake.calls()).toEqual(["search @u keyring aws-vault", "search @u keyring aws-vault"]);
  });

  it("runs keyctl with the environment it is given", async () => {
    const fake = fakeProgram("keyctl", { search: 'echo "mark=$VAULT_CLI_MARK" >&2; exit 1' });
    const store = keyctlKeystore({ command: fake.command, env: { PATH, VAULT_CLI_MARK: "from-options" } });
    expect((await failureOf(store.keys())).message).toMatch(/: mark=from-options$/);
  });
});

describe("keyctl: what it stores and lists", () => {
  it.each([
    ["an empty value", "", 0],
    ["a value over the kernel's limit", "v".repeat(KEYCTL_MAX_VALUE_BYTES + 1), KEYCTL_MAX_VALUE_BYTES + 1],
  ])("refuses %s before running keyctl, saying how big it is", async (_, value, bytes) => {
    const { store, calls } = openFake({});
    expect(await failureOf(store.set("alice", value))).toEqual({
      code: "KEYSTORE_WRITE",
      message: `keyctl: cannot store 'alice': the kernel keeps 1 to 32767 bytes per key, this value has ${bytes}`,
    });
    expect(calls()).toEqual([]);
  });

  it("lists only the user keys of its keyring, not keyrings nested in it", async () => {
    const listing =
      "printf '2 keys in keyring:\\n 300: --alswrv 0 0 user: alice\\n 301: --alswrv 0 0 keyring: nested\\n'";
    const { store } = openFake({ search: FOUND, list: listing });
    expect(await store.keys()).toEqual(["alice"]);
  });

  it("after a listed key id goes stale, later reads search for the key instead of retrying the id", async () => {
    const { store, calls } = openFake({
      search: FOUND,
      list: "printf '1 key in keyring:\\n 250: --alswrv 0 0 user: alice\\n'",
      pipe: `if [ "$2" = 250 ]; then ${fails("keyctl_read_alloc: Key has been revoked")}; else printf now; fi`,
    });
    expect(await store.keys()).toEqual(["alice"]);
    expect(await store.get("alice")).toBe("now");
    expect(await store.get("alice")).toBe("now");
    expect(calls()).toEqual([
      `search @s keyring ${RING}`,
      "list 200",
      "pipe 250",
      "search 200 user alice",
      "pipe 300",
      "search 200 user alice",
      "pipe 300",
    ]);
  });
});
