// The file keystore at its edges: key names, failing file-system calls, odd directory entries, the temp sweep.
import { mkdir, readdir, readFile, rm, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { errorOf, tempDir } from "@vault-cli/test-support";
import { CompactEncrypt } from "jose";
import { describe, expect, it } from "vitest";
import { fileKeystore } from "../src/file/index.js";

const open = (dir: string, passphrase = "pw", clock?: () => Date) =>
  fileKeystore({ dir, passphrase: () => passphrase, iterations: 1000, ...(clock ? { clock } : {}) });
const codeAndMessage = (error: unknown) => isVaultError(error) && [error.code, error.message];
const causeCode = (error: unknown) => ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;

describe("keys that cannot be file names", () => {
  it.each([
    ["", "it is not a usable file name"],
    [".", "it is not a usable file name"],
    ["..", "it is not a usable file name"],
    [".hidden", "it starts with '.' (the keystore's own hidden files do)"],
    ["a\0b", "it contains a NUL character"],
    ["/".repeat(86), "its file name would be longer than 255 bytes"],
    ["ü".repeat(128), "its file name would be longer than 255 bytes"],
  ])("%j is refused: %s", async (key, problem) => {
    const dir = tempDir();
    const store = open(dir);
    expect(store.keyProblem?.(key)).toBe(problem);
    expect(codeAndMessage(await errorOf(store.set(key, "x")))).toEqual([
      "KEYSTORE_WRITE",
      `cannot store '${key}' in the file keystore: ${problem}`,
    ]);
    expect(await store.remove(key)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it("allows a file name of exactly 255 bytes", async () => {
    const dir = tempDir();
    const key = `${"/".repeat(84)}xxx`; // 84 × "%2F" + 3 = 255 bytes
    const store = open(dir);
    expect(store.keyProblem?.(key)).toBeUndefined();
    await store.set(key, "long");
    expect(await open(dir).get(key)).toBe("long");
    expect(await store.keys()).toEqual([key]);
  });
});

describe("file-system failures", () => {
  it("a write over a directory is KEYSTORE_WRITE naming the file, and leaves no temp file", async () => {
    const dir = tempDir();
    await mkdir(join(dir, "alice"));
    const error = await errorOf(open(dir).set("alice", "x"));
    expect(codeAndMessage(error)).toEqual(["KEYSTORE_WRITE", `cannot write '${join(dir, "alice")}': EISDIR`]);
    expect(causeCode(error)).toBe("EISDIR");
    expect(await readdir(dir)).toEqual(["alice"]);
  });

  it("removing a directory in place of an item is KEYSTORE_WRITE naming it", async () => {
    const dir = tempDir();
    await mkdir(join(dir, "alice"));
    const error = await errorOf(open(dir).remove("alice"));
    expect(codeAndMessage(error)).toEqual([
      "KEYSTORE_WRITE",
      `cannot remove '${join(dir, "alice")}': EISDIR`,
    ]);
    expect(causeCode(error)).toBe("EISDIR");
  });

  it("a keys directory that is a file is KEYSTORE_UNAVAILABLE, and a write succeeds once it is fixed", async () => {
    const dir = join(tempDir(), "keys");
    await writeFile(dir, "not a directory");
    const store = open(dir);
    for (const attempt of [() => store.keys(), () => store.set("alice", "x")]) {
      const error = await errorOf(attempt());
      expect(codeAndMessage(error)).toEqual(["KEYSTORE_UNAVAILABLE", `cannot list '${dir}': ENOTDIR`]);
      expect(causeCode(error)).toBe("ENOTDIR");
    }
    await rm(dir);
    await store.set("alice", "x");
    expect(await store.get("alice")).toBe("x");
  });

  it("a symlink loop is KEYSTORE_UNAVAILABLE naming it", async () => {
    const dir = tempDir();
    await symlink("loop", join(dir, "loop"));
    const error = await errorOf(open(dir).get("loop"));
    expect(codeAndMessage(error)).toEqual([
      "KEYSTORE_UNAVAILABLE",
      `cannot read '${join(dir, "loop")}': ELOOP`,
    ]);
    expect(causeCode(error)).toBe("ELOOP");
  });
});

describe("odd files", () => {
  it("a file over 16 MiB is refused unread; one of exactly 16 MiB is read as a (bad) token", async () => {
    const dir = tempDir();
    await writeFile(join(dir, "huge"), "");
    await truncate(join(dir, "huge"), 16 * 1024 * 1024 + 1);
    await writeFile(join(dir, "big"), "");
    await truncate(join(dir, "big"), 16 * 1024 * 1024);
    const store = open(dir);
    expect(codeAndMessage(await errorOf(store.get("huge")))).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "huge")}' is too large to be an item`,
    ]);
    expect(codeAndMessage(await errorOf(store.get("big")))).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "big")}' is not an aws-vault item: not a JWE compact token (1 parts, not 5)`,
    ]);
  });

  it("an item that decrypts to something other than a keyring item is KEYSTORE_CORRUPT naming the file", async () => {
    const dir = tempDir();
    const token = await new CompactEncrypt(Buffer.from("[]"))
      .setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: "A256GCM" })
      .setKeyManagementParameters({ p2c: 1000, p2s: Buffer.alloc(12, 7) })
      .encrypt(Buffer.from("pw"));
    await writeFile(join(dir, "alice"), token);
    expect(codeAndMessage(await errorOf(open(dir).get("alice")))).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "alice")}' is not a keyring item (not a JSON object)`,
    ]);
  });

  it("an item holding another key is KEYSTORE_CORRUPT", async () => {
    const dir = tempDir();
    await open(dir).set("alice", "a");
    await writeFile(join(dir, "mallory"), await readFile(join(dir, "alice")));
    expect(codeAndMessage(await errorOf(open(dir).get("mallory")))).toEqual([
      "KEYSTORE_CORRUPT",
      `'${join(dir, "mallory")}' holds the item of 'alice', not 'mallory'`,
    ]);
  });
});

describe("listing", () => {
  it("lists keys in Go's os.ReadDir order, by UTF-8 bytes", async () => {
    const dir = tempDir();
    const names = [
      "b",
      "a",
      "Z",
      "ü",
      "_x",
      "0",
      "aa",
      "A",
      "é",
      "z",
      "B",
      "~",
      "9",
      "ab",
      "Ω",
      "M",
      "m",
      "%",
      "-",
    ];
    for (const name of names) await writeFile(join(dir, name), "");
    expect(await open(dir).keys()).toEqual(
      [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
  });
});

describe("iterations", () => {
  it("accepts the largest count it reads, 1,300,000", () => {
    expect(fileKeystore({ dir: "/nowhere", passphrase: () => "", iterations: 1_300_000 }).dir).toBe(
      "/nowhere",
    );
  });
});

describe("sweeping a killed writer's temp files", () => {
  const now = new Date("2026-01-01T00:10:00Z");
  const age = async (path: string, ms: number) => {
    const when = new Date(now.getTime() - ms);
    await utimes(path, when, when);
  };

  it("removes only temp files older than ten minutes, on the keystore's first write", async () => {
    const dir = tempDir();
    const hour = 3_600_000;
    const files: [string, number][] = [
      [".vault-cli-00000000000000aa.tmp", 600_000], // exactly ten minutes: kept
      [".vault-cli-00000000000000bb.tmp", 601_000],
      [".vault-cli-xyz.tmp", hour], // not a name this writer uses
      [".DS_Store", hour],
      ["foreign", hour],
    ];
    for (const [name, ms] of files) {
      await writeFile(join(dir, name), "");
      await age(join(dir, name), ms);
    }
    const store = open(dir, "pw", () => now);
    await store.set("alice", "x");
    expect((await readdir(dir)).sort()).toEqual([
      ".DS_Store",
      ".vault-cli-00000000000000aa.tmp",
      ".vault-cli-xyz.tmp",
      "alice",
      "foreign",
    ]);
    // Later writes of the same keystore do not sweep again.
    await age(join(dir, ".vault-cli-00000000000000aa.tmp"), hour);
    await store.set("bob", "y");
    expect(await readdir(dir)).toContain(".vault-cli-00000000000000aa.tmp");
  });
});
