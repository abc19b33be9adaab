import { chmodSync, chownSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { defaultLockDir, ensurePrivateDir, fileLock } from "../src/node/file-lock.js";

describe("the shared lock directory", () => {
  it("is created private, and one that others can write to is refused by name", async () => {
    const root = tempDir("lockdir");
    const mine = join(root, "vault-cli-a", "locks");
    await ensurePrivateDir(mine, true);
    const planted = join(root, "vault-cli-b");
    mkdirSync(join(planted, "locks"), { recursive: true });
    chmodSync(planted, 0o777);
    const error = await ensurePrivateDir(join(planted, "locks"), true).catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("LOCK_DIR_UNSAFE");
    expect(isVaultError(error) && error.message).toBe(
      `refusing the lock directory ${planted}: it must be a directory of yours with mode 0700 (remove it to start afresh)`,
    );
  });

  it("one of another user, even with mode 0700, or a file in its place, is refused", async () => {
    const root = tempDir("lockdir");
    const theirs = join(root, "vault-cli-theirs");
    mkdirSync(join(theirs, "locks"), { recursive: true, mode: 0o700 });
    chmodSync(theirs, 0o700);
    // The tests run as root (CI's user), who can give a directory away: nobody's uid.
    chownSync(theirs, 65534, 65534);
    const error = await ensurePrivateDir(join(theirs, "locks"), true).catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("LOCK_DIR_UNSAFE");
    const file = join(root, "vault-cli-file");
    writeFileSync(file, "");
    chmodSync(file, 0o700);
    const notDir = await ensurePrivateDir(join(file, "locks"), true).catch((e: unknown) => e);
    expect(isVaultError(notDir) && notDir.code).toMatch(/^LOCK_(DIR_UNSAFE|FAILED)$/);
  });

  it("is never made through a symlink planted where it would be: nothing appears where the link points", async () => {
    const root = tempDir("lockdir");
    const target = join(root, "attacker");
    mkdirSync(target, { mode: 0o700 });
    const perUser = join(root, "vault-cli-me");
    symlinkSync(target, perUser);
    const error = await ensurePrivateDir(join(perUser, "locks"), true).catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("LOCK_DIR_UNSAFE");
    expect(readdirSync(target)).toEqual([]);
  });

  it("is in the user's runtime directory when it is there and theirs, else in the shared temp dir", () => {
    const root = tempDir("run-user");
    const uid = String(process.getuid?.());
    expect(defaultLockDir(root)).toMatchObject({
      shared: true,
      path: expect.stringMatching(/vault-cli-\d+\/locks$/),
    });
    mkdirSync(join(root, uid), { mode: 0o700 });
    expect(defaultLockDir(root)).toEqual({ path: join(root, uid, "vault-cli", "locks"), shared: false });
  });

  it("that cannot be made is LOCK_FAILED naming it, not an internal error", async () => {
    const file = join(tempDir("lockdir"), "a-file");
    writeFileSync(file, "");
    const lock = fileLock({ dir: join(file, "locks") });
    const error = await lock({ name: "k", label: "the k item" }, async () => "ran").catch((e: unknown) => e);
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "LOCK_FAILED",
      `cannot create the lock directory ${join(file, "locks")}: ENOTDIR`,
    ]);
  });
});
