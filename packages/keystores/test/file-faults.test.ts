import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { watch } from "node:fs";
import { lstat, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isVaultError } from "@vault-cli/core";
import { bundleForNode, tempDir } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { fileKeystore } from "../src/file/index.js";

const open = (dir: string, passphrase: string) =>
  fileKeystore({ dir, passphrase: () => passphrase, iterations: 1000 });

/** Every entry of the directory (and the directory itself): name, mode, size, mtime and content hash. */
async function snapshot(dir: string): Promise<string[]> {
  const describe = async (path: string, name: string) => {
    const info = await lstat(path);
    const hash = info.isFile()
      ? createHash("sha256")
          .update(await readFile(path))
          .digest("hex")
      : "-";
    return `${name} ${info.mode.toString(8)} ${info.size} ${info.mtimeMs} ${info.ctimeMs} ${hash}`;
  };
  const names = (await readdir(dir)).sort();
  return [
    await describe(dir, "."),
    ...(await Promise.all(names.map((name) => describe(join(dir, name), name)))),
  ];
}

describe("a writer killed mid-write", () => {
  let child: string;
  beforeAll(async () => {
    const bundle = await bundleForNode(
      fileURLToPath(new URL("./support/file-writer-child.ts", import.meta.url)),
    );
    child = bundle.path;
  });

  /**
   * Starts the writer, waits until it has written `writes` items, then SIGKILLs it: either `delayMs`
   * later, or (delayMs "on-temp-file") the moment inotify sees its next temp file appear, which is mid-write.
   */
  async function killWriterMidway(
    dir: string,
    writes: number,
    delayMs: number | "on-temp-file",
  ): Promise<number> {
    const writer: ChildProcess = spawn(process.execPath, [child, dir, "item"], {
      env: { ...process.env, TEST_FILE_PASSPHRASE: "pw" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    let written = 0;
    await new Promise<void>((resolve, reject) => {
      exited.then(() => reject(new Error("writer exited early")));
      writer.stdout!.on("data", (chunk: Buffer) => {
        written += chunk.toString().split("\n").filter(Boolean).length;
        if (written >= writes) resolve();
      });
    });
    const seen = written;
    if (delayMs === "on-temp-file") {
      const watcher = watch(dir, (_event, name) => {
        if (name?.startsWith(".vault-cli-")) writer.kill("SIGKILL");
      });
      await exited;
      watcher.close();
    } else {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      writer.kill("SIGKILL");
      await exited;
    }
    return seen;
  }

  it("leaves the old or the new item, intact, and nothing else visible", async () => {
    const dir = tempDir();
    await open(dir, "pw").set("other", "untouched");
    let leftovers = 0;
    for (const delayMs of [
      "on-temp-file",
      0,
      "on-temp-file",
      3,
      "on-temp-file",
      11,
      "on-temp-file",
      29,
    ] as const) {
      const written = await killWriterMidway(dir, 2, delayMs);
      if ((await readdir(dir)).some((name) => name.startsWith(".vault-cli-"))) leftovers += 1;
      const store = open(dir, "pw");
      expect(await store.keys()).toEqual(["item", "other"]);
      const value = await store.get("item");
      const n = Number(/^v(\d+):p+$/.exec(value ?? "")?.[1]);
      expect(value).toHaveLength(`v${n}:`.length + 256 * 1024);
      expect(n).toBeGreaterThanOrEqual(written); // the last reported write, or a later one
      expect(await store.get("other")).toBe("untouched");
    }
    // Killed on its temp file's creation, a writer leaves that file behind: proof the kill was mid-write.
    expect(leftovers).toBeGreaterThan(0);
  });
});

describe("a wrong passphrase", () => {
  it("changes nothing in the directory: no file, mode, size, mtime or byte", async () => {
    const dir = tempDir();
    const right = open(dir, "right");
    for (const key of ["alice", "bob", "sts.GetSessionToken,YWxpY2U,,1767225600"])
      await right.set(key, `v ${key}`);
    const before = await snapshot(dir);
    await new Promise((resolve) => setTimeout(resolve, 20)); // so that any write would show in mtimes

    const wrong = open(dir, "wrong");
    const attempts = [
      () => wrong.set("carol", "new"),
      () => wrong.set("alice", "overwrite"),
      () => wrong.get("bob"),
    ];
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isVaultError(error) && error.code).toBe("KEYSTORE_LOCKED");
      expect((error as Error).message).toBe(`wrong passphrase for '${dir}'`);
    }
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe("a truncated file", () => {
  it("is reported by name while the other items still read", async () => {
    const dir = tempDir();
    const store = open(dir, "pw");
    await store.set("alice", "a");
    await store.set("bob", "b");
    const token = await readFile(join(dir, "alice"), "utf8");
    await writeFile(join(dir, "alice"), token.slice(0, Math.floor(token.length / 2)));
    const fresh = open(dir, "pw");
    expect(await fresh.keys()).toEqual(["alice", "bob"]);
    await expect(fresh.get("alice")).rejects.toThrow(`'${join(dir, "alice")}' is not an aws-vault item`);
    expect(await fresh.get("bob")).toBe("b");
  });
});
