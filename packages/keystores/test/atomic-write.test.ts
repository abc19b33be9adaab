import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { errorOf, tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { ensureDir, writeFileAtomic } from "../src/index.js";

/** Runs `body` with a umask that would strip the owner's write and execute bits. */
async function withStrictUmask<T>(body: () => Promise<T>): Promise<T> {
  const previous = process.umask(0o277);
  try {
    return await body();
  } finally {
    process.umask(previous);
  }
}

describe("ensureDir", () => {
  it("creates a missing directory with mode 0700 whatever the umask", async () => {
    const dir = join(tempDir(), "keys");
    await withStrictUmask(() => ensureDir(dir));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it("leaves the mode of an existing directory as it is", async () => {
    const dir = join(tempDir(), "shared");
    await mkdir(dir, { mode: 0o755 });
    await ensureDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file with the given mode whatever the umask, and leaves no temp file", async () => {
    const dir = tempDir();
    const path = join(dir, "config");
    await writeFile(path, "old content that is longer than the new one");
    await withStrictUmask(() => writeFileAtomic(path, "new", 0o640));
    expect(await readFile(path, "utf8")).toBe("new");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(["config"]);
  });

  it("gives the file the owner it is asked to keep (the tests run as root)", async () => {
    const path = join(tempDir(), "config");
    await writeFileAtomic(path, Buffer.from("x"), 0o600, { uid: 1234, gid: 5678 });
    const info = await stat(path);
    expect([info.uid, info.gid]).toEqual([1234, 5678]);
  });

  it("rejects when the rename fails, and removes its temp file", async () => {
    const dir = tempDir();
    await mkdir(join(dir, "target"));
    const error = await errorOf(writeFileAtomic(join(dir, "target"), "x", 0o600));
    expect(error).toMatchObject({ code: "EISDIR", syscall: "rename" });
    expect(await readdir(dir)).toEqual(["target"]);
  });

  it("rejects with the error of the step that failed when its directory is missing", async () => {
    const error = await errorOf(writeFileAtomic(join(tempDir(), "missing", "config"), "x", 0o600));
    expect(error).toMatchObject({ code: "ENOENT", syscall: "open" });
  });
});
