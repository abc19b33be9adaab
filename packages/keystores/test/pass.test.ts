import { execFileSync } from "node:child_process";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { credentialsLabel, encodeKeyringItem, isVaultError } from "@vault-cli/core";
import { createPassStore, type PassStore, stopGpgAgent } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passEntryName, passKeystore } from "../src/pass/index.js";
import { runKeystoreContract } from "./contract.js";

let store: PassStore;
let namespaces = 0;
beforeAll(async () => {
  store = await createPassStore();
}, 60_000);
afterAll(() => store?.remove());

const openPass = (prefix = `ns${++namespaces}`, extra: Record<string, string> = {}) =>
  passKeystore({ dir: store.dir, prefix, env: { ...store.env, ...extra } });
/** The real pass, as aws-vault runs it. */
const pass = (args: string[], input?: string) =>
  execFileSync("pass", args, {
    env: { ...store.env, PASSWORD_STORE_DIR: store.dir },
    input,
    encoding: "utf8",
  });

// Each test gets its own prefix: an empty namespace inside the one store.
runKeystoreContract("pass", () => openPass());

describe("pass: aws-vault's layout", () => {
  it("stores the keyring item JSON under <prefix>/<key>, which pass itself shows byte for byte", async () => {
    const keystore = openPass("aws-vault");
    const data = '{"AccessKeyID":"AKIA","SecretAccessKey":"s"}';
    await keystore.set("alice", data, { label: credentialsLabel("alice") });
    expect((await stat(join(store.dir, "aws-vault", "alice.gpg"))).isFile()).toBe(true);
    expect(pass(["show", "aws-vault/alice"])).toBe(
      encodeKeyringItem({ key: "alice", data, label: "aws-vault (alice)" }),
    );
  });

  it("reads an entry aws-vault inserted", async () => {
    const item = encodeKeyringItem({ key: "bob", data: '{"AccessKeyID":"B"}', label: "aws-vault (bob)" });
    pass(["insert", "-m", "-f", "legacy/bob"], item);
    expect(await openPass("legacy").get("bob")).toBe('{"AccessKeyID":"B"}');
  });

  it("cleans the entry path as filepath.Join does, so list shows what aws-vault shows", async () => {
    expect(passEntryName("", "oidc:https://example.awsapps.com/start")).toBe(
      "oidc:https:/example.awsapps.com/start",
    );
    expect(passEntryName("aws-vault/", "a/./b/")).toBe("aws-vault/a/b");
    const keystore = openPass("clean");
    await keystore.set("oidc:https://example.awsapps.com/start", "token");
    expect(await keystore.keys()).toEqual(["oidc:https:/example.awsapps.com/start"]);
    expect(await keystore.get("oidc:https://example.awsapps.com/start")).toBe("token");
    expect(await keystore.get("oidc:https:/example.awsapps.com/start")).toBe("token");
  });

  it("refuses keys that would leave the prefix folder: '../email/gmail' never touches another entry", async () => {
    const keystore = openPass("escape");
    const other = openPass("email");
    await other.set("gmail", "unrelated");
    for (const key of ["../email/gmail", "a/../../email/gmail", "./x"]) {
      const error = await keystore.set(key, "overwritten?").catch((e: unknown) => e);
      expect(isVaultError(error) && error.code).toBe("KEYSTORE_WRITE");
      expect(await keystore.get(key)).toBeUndefined();
      expect(await keystore.remove(key)).toBe(false);
    }
    expect(await other.get("gmail")).toBe("unrelated");
  });

  it("lists every entry of the store when there is no prefix, as aws-vault does", async () => {
    // Entries of its own, in two folders and at the top: the test does not rely on others having run.
    pass(["insert", "-m", "-f", "listing-a/carol"], encodeKeyringItem({ key: "carol", data: "c" }));
    pass(["insert", "-m", "-f", "listing-b/dave"], encodeKeyringItem({ key: "dave", data: "d" }));
    const keys = await passKeystore({ dir: store.dir, env: store.env }).keys();
    expect(keys).toContain("listing-a/carol");
    expect(keys).toContain("listing-b/dave");
  });

  it("passes secrets on stdin only: argv holds the entry name, and the child gets no file passphrase", async () => {
    const log = join(store.root, "argv.log");
    const wrapper = join(store.root, "pass-logging");
    const script = [
      "#!/bin/sh",
      'if [ -z "$AWS_VAULT_FILE_PASSPHRASE" ]; then p=unset; else p=set; fi',
      'printf "%s|%s\\n" "$p" "$*" >> "$ARGV_LOG"',
      'exec pass "$@"',
    ];
    await writeFile(wrapper, `${script.join("\n")}\n`);
    await chmod(wrapper, 0o755);
    const keystore = passKeystore({
      command: wrapper,
      dir: store.dir,
      prefix: "argv",
      env: { ...store.env, ARGV_LOG: log, AWS_VAULT_FILE_PASSPHRASE: "file-secret" },
    });
    const secret = "SECRET-wJalrXUtnFEMI-K7MDENG";
    await keystore.set("carol", secret, { label: "label-SECRET?" });
    expect(await keystore.get("carol")).toBe(secret);
    expect(await keystore.remove("carol")).toBe(true);
    const lines = (await readFile(log, "utf8")).trim().split("\n");
    expect(lines).toEqual([
      "unset|insert --multiline --force -- argv/carol",
      "unset|show -- argv/carol",
      "unset|rm --force -- argv/carol",
    ]);
    expect(lines.join("\n")).not.toMatch(/SECRET|file-secret/);
  });
});

describe("pass: failures", () => {
  it("reports a missing pass program as KEYSTORE_UNAVAILABLE", async () => {
    const keystore = passKeystore({ command: "/nonexistent/pass", dir: store.dir, env: store.env });
    const error = await keystore.set("x", "y").catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_UNAVAILABLE");
    expect((error as Error).message).toBe("cannot run the pass command '/nonexistent/pass': ENOENT");
  });

  it("reports gpg's refusal to decrypt as KEYSTORE_LOCKED, naming the entry", async () => {
    await openPass("locked").set("dave", "x");
    const otherHome = join(store.root, "other-gnupg");
    await mkdir(otherHome, { mode: 0o700 });
    try {
      const error = await openPass("locked", { GNUPGHOME: otherHome })
        .get("dave")
        .catch((e: unknown) => e);
      expect(isVaultError(error) && error.code).toBe("KEYSTORE_LOCKED");
      expect((error as Error).message).toMatch(
        /^pass could not read 'locked\/dave': .*(decryption failed|secret key)/,
      );
    } finally {
      await stopGpgAgent(otherHome);
    }
  });

  it("reports an entry that is not a keyring item as KEYSTORE_CORRUPT, naming it", async () => {
    pass(["insert", "-m", "-f", "foreign/notes"], "just a password\n");
    const error = await openPass("foreign")
      .get("notes")
      .catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_CORRUPT");
    expect((error as Error).message).toBe(
      "pass entry 'foreign/notes' is not a keyring item (not a JSON object)",
    );
  });

  it("reports an uninitialised store as KEYSTORE_WRITE with pass's words", async () => {
    const empty = join(store.root, "not-initialised");
    const error = await passKeystore({ dir: empty, env: store.env })
      .set("x", "y")
      .catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_WRITE");
    expect((error as Error).message).toMatch(/^pass could not store 'x': .*pass init/);
  });
});
