// How the file keystore decides that a passphrase is wrong: it tries up to three items (the one a write
// replaces first), skips what it cannot read, and remembers a verdict for the keystore's lifetime.
import { readdir, readFile, symlink, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { errorOf, tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { type FileKeystore, fileKeystore } from "../src/file/index.js";

const open = (dir: string, passphrase: string) =>
  fileKeystore({ dir, passphrase: () => passphrase, iterations: 1000 });
const codeOf = (error: unknown) => isVaultError(error) && error.code;

/** Puts an item for `key` encrypted with `passphrase` into `dir`, as another writer (aws-vault) may have. */
async function plant(dir: string, key: string, passphrase: string): Promise<void> {
  const elsewhere = tempDir();
  await open(elsewhere, passphrase).set(key, `value of ${key}`);
  await writeFile(join(dir, key), await readFile(join(elsewhere, key)));
}

async function plantAll(dir: string, items: Record<string, string>): Promise<void> {
  for (const [key, passphrase] of Object.entries(items)) await plant(dir, key, passphrase);
}

describe("before a write", () => {
  it("the item being replaced is tried first", async () => {
    const dir = tempDir();
    await plantAll(dir, { a: "typo", b: "typo", c: "typo", d: "right" });
    await open(dir, "right").set("d", "new");
    expect(await open(dir, "right").get("d")).toBe("new");
  });

  it("a fresh keystore with a wrong passphrase may not replace an existing item", async () => {
    const dir = tempDir();
    await plant(dir, "alice", "right");
    const before = await readFile(join(dir, "alice"), "utf8");
    const error = await errorOf(open(dir, "wrong").set("alice", "overwrite"));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_LOCKED",
      `wrong passphrase for '${dir}'`,
    ]);
    expect(await readFile(join(dir, "alice"), "utf8")).toBe(before);
  });

  it("the item being replaced counts once among the three tries", async () => {
    const dir = tempDir();
    await plantAll(dir, { a: "typo", x: "typo", z: "right" });
    await open(dir, "right").set("x", "fixed");
    expect(await open(dir, "right").get("x")).toBe("fixed");
  });

  it("a passphrase that opens the second item tried is accepted", async () => {
    const dir = tempDir();
    await plantAll(dir, { a: "typo", b: "right" });
    await open(dir, "right").set("c", "new");
    expect((await readdir(dir)).sort()).toEqual(["a", "b", "c"]);
  });

  it("a passphrase that opens none of the first three items tried is wrong", async () => {
    const dir = tempDir();
    await plantAll(dir, { a: "typo", b: "typo", c: "typo", d: "right" });
    expect(codeOf(await errorOf(open(dir, "right").set("e", "new")))).toBe("KEYSTORE_LOCKED");
    expect((await readdir(dir)).sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("damaged items do not count against the passphrase", async () => {
    const dir = tempDir();
    await plant(dir, "a", "right");
    const parts = (await readFile(join(dir, "a"), "utf8")).split(".");
    const cipher = Buffer.from(parts[3]!, "base64url");
    cipher[0] = (cipher[0] ?? 0) ^ 1;
    parts[3] = cipher.toString("base64url");
    await writeFile(join(dir, "a"), parts.join("."));
    await open(dir, "right").set("b", "new");
    expect(await open(dir, "right").get("b")).toBe("new");
  });

  it("entries it cannot read (a dangling symlink) are skipped", async () => {
    const dir = tempDir();
    await symlink(join(dir, "nowhere"), join(dir, "0-dangling"));
    await plant(dir, "alice", "right");
    expect(codeOf(await errorOf(open(dir, "wrong").set("bob", "x")))).toBe("KEYSTORE_LOCKED");
    await open(dir, "right").set("bob", "y");
    expect(await open(dir, "right").get("bob")).toBe("y");
  });
});

describe("after a read the passphrase does not open", () => {
  it("the other items are tried, not that one again", async () => {
    const dir = tempDir();
    await plantAll(dir, { a: "typo", b: "typo", c: "typo", d: "right" });
    const error = await errorOf(open(dir, "right").get("b"));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "b")}' was encrypted with another passphrase than the other items`,
    ]);
  });
});

describe("a verdict lasts for the keystore's lifetime", () => {
  it.each<[string, (store: FileKeystore, dir: string) => Promise<unknown>]>([
    [
      "reading an item",
      async (store, dir) => plant(dir, "right-item", "right").then(() => store.get("right-item")),
    ],
    ["writing an item", (store) => store.set("right-item", "x")],
    [
      "finding another item it opens",
      async (store, dir) => {
        await plantAll(dir, { "right-item": "right", "typo-item": "typo" });
        await expect(store.get("typo-item")).rejects.toThrow("another passphrase");
      },
    ],
  ])(
    "a passphrase proven right by %s stays right when the item it opened is gone",
    async (_how, establish) => {
      const dir = tempDir();
      const store = open(dir, "right");
      await establish(store, dir);
      await unlink(join(dir, "right-item"));
      await plant(dir, "late", "typo");
      const error = await errorOf(store.get("late"));
      expect(isVaultError(error) && [error.code, error.message]).toEqual([
        "KEYSTORE_CORRUPT",
        `'${join(dir, "late")}' was encrypted with another passphrase than the other items`,
      ]);
      await store.set("new", "x");
      expect(await store.get("new")).toBe("x");
    },
  );

  it("a passphrase found wrong stays wrong when the items it failed on are gone", async () => {
    const dir = tempDir();
    await plant(dir, "alice", "right");
    const store = open(dir, "wrong");
    expect(codeOf(await errorOf(store.set("bob", "x")))).toBe("KEYSTORE_LOCKED");
    await unlink(join(dir, "alice"));
    expect(codeOf(await errorOf(store.set("bob", "x")))).toBe("KEYSTORE_LOCKED");
    expect(await readdir(dir)).toEqual([]);
  });
});
