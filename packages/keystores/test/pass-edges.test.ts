import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { failureOf, tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { passEntryName, passKeystore } from "../src/pass/index.js";
import { fails, fakeProgram } from "./support/fake-program.js";

// pass is a stand-in script here (support/fake-program.ts), and the store a temp dir of plain files:
// listing and path handling need no GPG.
const PATH = process.env.PATH ?? "/usr/bin:/bin";

/** A store dir holding the given files (paths relative to it, empty contents). */
function storeWith(files: string[]): string {
  const dir = tempDir("pass-files");
  for (const file of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), "");
  }
  return dir;
}

describe("pass: where the store is", () => {
  it("defaults to ~/.password-store under HOME", () => {
    const home = tempDir("home");
    expect(passKeystore({ env: { HOME: home } }).dir).toBe(join(home, ".password-store"));
  });

  it.each([
    ["~", ""],
    ["~/store", "store"],
  ])("expands the store dir %s to the home directory", (dir, below) => {
    const home = tempDir("home");
    expect(passKeystore({ dir, env: { HOME: home } }).dir).toBe(join(home, below));
  });
});

describe("pass: listing", () => {
  it("lists the .gpg entries below the prefix in Go's byte order, and nothing else", async () => {
    const dir = storeWith([
      ".gpg-id",
      "p/.gpg-id",
      "p/notes.txt",
      "p/z.gpg",
      "p/\u{1F600}.gpg",
      "p/b.gpg",
      "p/sub/c.gpg",
      "p/\uFFFD.gpg",
      "p/B.gpg",
      "p/a.gpg",
      "p/a.gpg.bak",
    ]);
    expect(await passKeystore({ dir, prefix: "p", env: { PATH } }).keys()).toEqual([
      "B",
      "a",
      "b",
      "sub/c",
      "z",
      "\uFFFD",
      "\u{1F600}",
    ]);
  });

  it("reports a prefix that is a file, not a folder, as KEYSTORE_UNAVAILABLE", async () => {
    const dir = storeWith(["p"]);
    expect(await failureOf(passKeystore({ dir, prefix: "p", env: { PATH } }).keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: `'${join(dir, "p")}' is not a directory`,
    });
  });

  it("keeps a lone '/' as the entry name, as filepath.Join does", () => {
    expect(passEntryName("", "/")).toBe("/");
  });
});

describe("pass: failures, naming the entry", () => {
  it("reports a failed read that is not about keys or passphrases as KEYSTORE_UNAVAILABLE", async () => {
    const dir = storeWith(["p/alice.gpg"]);
    const fake = fakeProgram("pass", { show: fails("Error: the store is broken") });
    const store = passKeystore({ command: fake.command, dir, prefix: "p", env: { PATH } });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "pass could not read 'p/alice': Error: the store is broken",
    });
  });

  it("reports a failed removal as KEYSTORE_WRITE with pass's words", async () => {
    const dir = storeWith(["p/alice.gpg"]);
    const fake = fakeProgram("pass", { rm: fails("rm: cannot remove: Read-only file system") });
    const store = passKeystore({ command: fake.command, dir, prefix: "p", env: { PATH } });
    expect(await failureOf(store.remove("alice"))).toEqual({
      code: "KEYSTORE_WRITE",
      message: "pass could not remove 'p/alice': rm: cannot remove: Read-only file system",
    });
    expect(fake.calls()).toEqual(["rm --force -- p/alice"]);
  });

  it("refuses to store a key with a '..' part, saying why", async () => {
    const fake = fakeProgram("pass", {});
    const store = passKeystore({ command: fake.command, dir: storeWith([]), env: { PATH } });
    expect(await failureOf(store.set("../alice", "x"))).toEqual({
      code: "KEYSTORE_WRITE",
      message: "cannot store '../alice' in pass: a '.' or '..' in it would reach outside the store's folder",
    });
    expect(fake.calls()).toEqual([]);
  });

  it("keeps why the pass program could not start as the error's cause", async () => {
    const store = passKeystore({ command: "/nonexistent/pass", dir: storeWith([]), env: { PATH } });
    const error = await store.set("alice", "x").catch((e: unknown) => e);
    expect((error as Error).message).toBe("cannot run the pass command '/nonexistent/pass': ENOENT");
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});
