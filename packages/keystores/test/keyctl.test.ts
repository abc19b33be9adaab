import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isVaultError } from "@vault-cli/core";
import { bundleForNode, tempDir } from "@vault-cli/test-support";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { KEYCTL_MAX_VALUE_BYTES, keyctlKeystore } from "../src/keyctl/index.js";
import { parseKeyctlList } from "../src/keyctl/parse-keyctl-list.js";
import { runKeystoreContract } from "./contract.js";

// Tests use the "session" scope of the session keyring vitest runs in, each with a keyring of its
// own name (aws-vault's would be "aws-vault"), unlinked afterwards. Scopes that need a session of
// their own run in a child under `keyctl session -`.
const keyctl = (...args: string[]) =>
  execFileSync("keyctl", args, { encoding: "utf8", stdio: "pipe" }).trim();
const made: string[] = [];
let counter = 0;
const uniqueName = () => {
  const name = `vault-cli-test-${process.pid}-${++counter}`;
  made.push(name);
  return name;
};
function unlinkRing(name: string, scopeRing = "@s") {
  const found = spawnSync("keyctl", ["search", scopeRing, "keyring", name], { encoding: "utf8" });
  if (found.status === 0) spawnSync("keyctl", ["unlink", found.stdout.trim(), scopeRing]);
}
afterEach(() => {
  for (const name of made.splice(0)) unlinkRing(name);
});

runKeystoreContract("keyctl", () => keyctlKeystore({ scope: "session", keyringName: uniqueName() }), {
  maxValueBytes: KEYCTL_MAX_VALUE_BYTES,
});

describe("keyctl: 99designs/keyring's layout", () => {
  it("keeps user keys named after the item keys, holding the raw data, in a named keyring of the scope", async () => {
    const name = uniqueName();
    const store = keyctlKeystore({ scope: "session", keyringName: name });
    await store.set("alice", '{"AccessKeyID":"AK"}', { label: "ignored by keyctl" });
    const ring = keyctl("search", "@s", "keyring", name);
    expect(parseKeyctlList(keyctl("list", ring))).toEqual([
      { id: expect.stringMatching(/^\d+$/), type: "user", description: "alice" },
    ]);
    expect(keyctl("pipe", keyctl("search", ring, "user", "alice"))).toBe('{"AccessKeyID":"AK"}');
  });

  it("creates nothing when it only reads", async () => {
    const name = uniqueName();
    const store = keyctlKeystore({ scope: "session", keyringName: name });
    expect(await store.keys()).toEqual([]);
    expect(await store.get("x")).toBeUndefined();
    expect(await store.remove("x")).toBe(false);
    expect(spawnSync("keyctl", ["search", "@s", "keyring", name]).status).not.toBe(0);
  });

  it("a read after a listing is one `keyctl pipe`, and a key replaced since is still found", async () => {
    const name = uniqueName();
    const dir = tempDir("keyctl-log");
    const log = join(dir, "calls");
    const logging = join(dir, "keyctl");
    writeFileSync(logging, `#!/bin/sh\necho "$1" >> "${log}"\nexec keyctl "$@"\n`, { mode: 0o755 });
    const calls = () => readFileSync(log, "utf8").trim().split("\n").splice(0);
    await keyctlKeystore({ scope: "session", keyringName: name }).set("alice", "one");
    const store = keyctlKeystore({ scope: "session", keyringName: name, command: logging });
    expect(await store.keys()).toEqual(["alice"]);
    expect(await store.get("alice")).toBe("one");
    expect(calls()).toEqual(["search", "list", "pipe"]);
    // Another process removes alice and stores her again: a new key id, so the listed one is stale.
    const ring = keyctl("search", "@s", "keyring", name);
    keyctl("unlink", keyctl("search", ring, "user", "alice"), ring);
    execFileSync("keyctl", ["padd", "user", "alice", ring], { input: "two" });
    expect(await store.get("alice")).toBe("two");
    expect(calls().slice(3)).toEqual(["pipe", "search", "pipe"]);
  });

  it("refuses an empty value, which the kernel cannot hold", async () => {
    const error = await keyctlKeystore({ scope: "session", keyringName: uniqueName() })
      .set("x", "")
      .catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_WRITE");
  });

  it("parses keyctl list output, skipping keys it may not see", () => {
    const output =
      "3 keys in keyring:\n 12345: --alswrv     0     0 user: a: b, c\n  678: key inaccessible (Permission denied)\n 9: --alswrv 0 0 keyring: aws-vault\n";
    expect(parseKeyctlList(output)).toEqual([
      { id: "12345", type: "user", description: "a: b, c" },
      { id: "9", type: "keyring", description: "aws-vault" },
    ]);
  });
});

describe("keyctl: scopes", () => {
  it.each(["process", "thread"])("refuses '%s': every keyctl command is a new process", (scope) => {
    expect(() => keyctlKeystore({ scope })).toThrow(`keyctl scope '${scope}' cannot keep items`);
  });

  it("refuses an unknown scope", () => {
    try {
      keyctlKeystore({ scope: "group" });
      expect.unreachable();
    } catch (error) {
      expect(isVaultError(error) && error.code).toBe("CONFIG_INVALID_SETTING");
      expect((error as Error).message).toBe(
        "unknown keyctl scope 'group'; use one of: user, usersession, session",
      );
    }
  });

  describe("in a new session keyring (keyctl session -)", () => {
    let child: string;
    beforeAll(async () => {
      const bundle = await bundleForNode(
        fileURLToPath(new URL("./support/keyctl-child.ts", import.meta.url)),
      );
      child = bundle.path;
    });

    /** Runs the child in a fresh anonymous session keyring, after `setup` (shell), then removes its keyring from @u. */
    function inNewSession(scope: string, name: string, setup = "true") {
      const script = `${setup} >/dev/null && "$0" "$1" "$2" "$3"; id=$(keyctl search @u keyring "$3" 2>/dev/null) && keyctl unlink "$id" @u >/dev/null; true`;
      const out = execFileSync(
        "keyctl",
        ["session", "-", "sh", "-c", script, process.execPath, child, scope, name],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      return JSON.parse(out.split("\n").find((line) => line.startsWith("{"))!);
    }

    it("session scope works there", () => {
      expect(inNewSession("session", `vault-cli-test-${process.pid}-s`)).toEqual({
        value: "secret from a child",
        keys: ["alice"],
        removed: true,
      });
    });

    it("user scope fails with a hint when the user keyring is not linked to the session", () => {
      expect(inNewSession("user", `vault-cli-test-${process.pid}-u1`)).toEqual({
        error: {
          code: "KEYSTORE_UNAVAILABLE",
          message:
            "keyctl: cannot store 'alice' in the 'vault-cli-test-" +
            `${process.pid}-u1' user keyring: the user keyring is not linked to this session's keyring ` +
            "(run 'keyctl link @u @s', or use scope 'session')",
        },
      });
    });

    it("user scope works once the user keyring is linked (as pam_keyinit does at login)", () => {
      expect(inNewSession("user", `vault-cli-test-${process.pid}-u2`, "keyctl link @u @s")).toEqual({
        value: "secret from a child",
        keys: ["alice"],
        removed: true,
      });
    });
  });
});
