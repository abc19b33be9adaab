import { execFileSync, spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { keyctlKeystore } from "../src/keyctl/index.js";

// Real keyctl, in the "session" scope of the session keyring vitest runs in (as keyctl.test.ts does),
// with a keyring of this file's own; everything it links is unlinked afterwards.
const keyctl = (...args: string[]) =>
  execFileSync("keyctl", args, { encoding: "utf8", stdio: "pipe" }).trim();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function ownRing(): string {
  const name = `vault-cli-test-${process.pid}-stale`;
  cleanups.push(() => {
    const found = spawnSync("keyctl", ["search", "@s", "keyring", name], { encoding: "utf8" });
    if (found.status === 0) spawnSync("keyctl", ["unlink", found.stdout.trim(), "@s"]);
  });
  return name;
}

describe("keyctl: a listing that went stale", () => {
  it("reads what it just stored, even if the listed key was moved out of its keyring meanwhile", async () => {
    const name = ownRing();
    const store = keyctlKeystore({ scope: "session", keyringName: name });
    await store.set("alice", "old");
    expect(await store.keys()).toEqual(["alice"]);
    // Another process moves the listed key out of the keyring; it still exists, linked to @s.
    const ring = keyctl("search", "@s", "keyring", name);
    const listedId = keyctl("search", ring, "user", "alice");
    const scopeId = keyctl("id", "@s");
    keyctl("link", listedId, scopeId);
    cleanups.push(() => spawnSync("keyctl", ["unlink", listedId, scopeId]));
    keyctl("unlink", listedId, ring);
    await store.set("alice", "new");
    expect(await store.get("alice")).toBe("new");
    expect(keyctl("pipe", keyctl("search", ring, "user", "alice"))).toBe("new");
  });
});
