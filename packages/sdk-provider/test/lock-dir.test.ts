import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "../src/node/file-lock.js";

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
});
