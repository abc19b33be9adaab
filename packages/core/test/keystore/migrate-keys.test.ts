import { describe, expect, it } from "vitest";
import { formatSessionKey, type Keystore, type MigrateEvent, migrateKeys } from "../../src/index.js";
import { memoryKeystore } from "../../src/testing/index.js";

const session = formatSessionKey({
  type: "sts.GetSessionToken",
  profile: "alice",
  serial: "arn:aws:iam::111122223333:mfa/alice",
  expiration: new Date("2030-01-01T00:00:00Z"),
});

function migrate(from: Keystore, to: Keystore, deleteSource: boolean) {
  const events: string[] = [];
  const report = (event: MigrateEvent) => events.push(`${event.kind} ${event.key}`);
  return migrateKeys(from, to, { deleteSource, report }).then((result) => ({ result, events }));
}

describe("migrateKeys", () => {
  it("copies long-term keys with aws-vault's label, leaves sessions and SSO tokens, removes only after all copies", async () => {
    const from = memoryKeystore({
      alice: "A",
      bob: "B",
      [session]: "S",
      "session,YWxpY2U,,1700000000": "old", // aws-vault v5's session key
      "oidc:https://x/start": "T",
    });
    const to = memoryKeystore();
    const { result, events } = await migrate(from, to, true);
    expect(events).toEqual(["copied alice", "copied bob", "removed alice", "removed bob"]);
    expect(result).toEqual({
      verified: ["alice", "bob"],
      conflicts: [],
      unreadable: [],
      removed: ["alice", "bob"],
      sessionsLeft: 3,
    });
    expect(to.items.get("alice")).toEqual({ value: "A", label: "aws-vault (alice)" });
    expect([...to.items.keys()]).toEqual(["alice", "bob"]);
    expect(await from.keys()).toEqual(
      [session, "oidc:https://x/start", "session,YWxpY2U,,1700000000"].sort(),
    );
  });

  it("without --delete-source nothing is removed; a second run finds the copies already there", async () => {
    const from = memoryKeystore({ alice: "A" });
    const to = memoryKeystore();
    await migrate(from, to, false);
    expect(await from.get("alice")).toBe("A");
    const again = await migrate(from, to, true);
    expect(again.events).toEqual(["already-there alice", "removed alice"]);
  });

  it("a key the target holds with another value is a conflict: neither side changes and nothing is removed", async () => {
    const from = memoryKeystore({ alice: "A", bob: "B" });
    const to = memoryKeystore({ bob: "other" });
    const { result, events } = await migrate(from, to, true);
    expect(events).toEqual(["copied alice", "conflict bob"]);
    expect(result.removed).toEqual([]);
    expect(await to.get("bob")).toBe("other");
    expect(await from.keys()).toEqual(["alice", "bob"]);
  });

  it("a copy that does not read back is taken back out of the target, and the source keeps everything", async () => {
    const from = memoryKeystore({ alice: "A", bob: "B" });
    const inner = memoryKeystore();
    const lossy: Keystore = {
      ...inner,
      name: "lossy",
      set: (key, value) => inner.set(key, key === "bob" ? `${value}!` : value),
    };
    await expect(migrate(from, lossy, true)).rejects.toMatchObject({
      code: "KEYSTORE_WRITE",
      message:
        "the copy of 'bob' in the lossy keystore does not read back as written; the memory keystore is unchanged",
    });
    expect(await inner.keys()).toEqual(["alice"]);
    expect(await from.keys()).toEqual(["alice", "bob"]);
  });

  it("an original written again after its copy (add, rotate) is kept; a listed key that cannot be read is reported", async () => {
    const inner = memoryKeystore({ alice: "A", bob: "B", ghost: "G" });
    const to = memoryKeystore();
    // ghost is listed but reads as missing (a Secret Service item whose label is not its profile attribute);
    // alice is rotated the moment her copy has been written.
    const from: Keystore = {
      ...inner,
      get: (key) => (key === "ghost" ? Promise.resolve(undefined) : inner.get(key)),
    };
    const watching: Keystore = {
      ...to,
      set: async (key, value, options) => {
        await to.set(key, value, options);
        if (key === "alice") await inner.set("alice", "A2");
      },
    };
    const { result, events } = await migrate(from, watching, true);
    expect(events).toEqual([
      "copied alice",
      "copied bob",
      "unreadable ghost",
      "changed alice",
      "removed bob",
    ]);
    expect(result.unreadable).toEqual(["ghost"]);
    expect(await inner.get("alice")).toBe("A2");
    expect(await to.get("alice")).toBe("A");
  });
});
