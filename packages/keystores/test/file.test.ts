import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { symlinkSync } from "node:fs";
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { errorOf, tempDir } from "@vault-cli/test-support";
import { CompactEncrypt } from "jose";
import { describe, expect, it } from "vitest";
import { DEFAULT_FILE_ITERATIONS, decodeFileName, encodeFileName, fileKeystore } from "../src/file/index.js";
import { runKeystoreContract } from "./contract.js";

const FAST = 1000; // p2c for tests that are not about the iteration count
const open = (dir: string, passphrase = "pw", iterations = FAST) =>
  fileKeystore({ dir, passphrase: () => passphrase, iterations });
const header = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));

runKeystoreContract("file", async () => open(join(tempDir(), "keys")));

describe("file names", () => {
  it.each([
    ["alice", "alice"],
    ["dev/admin", "dev%2Fadmin"],
    ["a%41", "a%2541"],
    ["sts.GetSessionToken,YWxpY2U,,1767225600", "sts.GetSessionToken,YWxpY2U,,1767225600"],
    ["oidc:https://example.awsapps.com/start", "oidc:https:%2F%2Fexample.awsapps.com%2Fstart"],
    ["with space, ü", "with space, ü"],
  ])("%s is stored as %s, as aws-vault names it", async (key, name) => {
    expect(encodeFileName(key)).toBe(name);
    expect(decodeFileName(name)).toBe(key);
    const dir = tempDir();
    await open(dir).set(key, "x");
    expect(await readdir(dir)).toEqual([name]);
  });

  it("decodes lower-case escapes when listing, as percent.Decode does", () => {
    expect(decodeFileName("dev%2fadmin%zz%4")).toBe("dev/admin%zz%4");
  });

  it("refuses keys that cannot be file names, or would be hidden ones it could not list", async () => {
    const store = open(tempDir());
    for (const key of ["", ".", "..", ".hidden", "x".repeat(256)]) {
      const error = await errorOf(store.set(key, "x"));
      expect(isVaultError(error) && error.code).toBe("KEYSTORE_WRITE");
      expect(await store.get(key)).toBeUndefined();
      expect(store.keyProblem?.(key)).toBeDefined();
    }
    expect(store.keyProblem?.("sts.GetSessionToken,am9u,,1767225600")).toBeUndefined();
  });

  it("never blocks on a FIFO in its directory, or linked from it: KEYSTORE_CORRUPT naming it", async () => {
    const dir = tempDir();
    const store = open(dir);
    await store.set("real", "x");
    execFileSync("mkfifo", [join(dir, "pipe")]);
    symlinkSync(join(dir, "pipe"), join(dir, "link"));
    for (const key of ["pipe", "link"]) {
      const error = await errorOf(store.get(key));
      expect(isVaultError(error) && [error.code, error.message]).toEqual([
        "KEYSTORE_CORRUPT",
        `'${join(dir, key)}' is not a file`,
      ]);
    }
    expect(await store.get("real")).toBe("x");
  });
});

describe("files on disk", () => {
  it("creates a missing directory 0700 and writes files 0600 with one JWE and no newline", async () => {
    const dir = join(tempDir(), "nested", "keys");
    await open(dir).set("alice", "{}");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "alice"))).mode & 0o777).toBe(0o600);
    const token = await readFile(join(dir, "alice"), "utf8");
    expect(token).toMatch(/^[\w-]+\.[\w-]{54}\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
  });

  it("writes aws-vault's header: sorted keys, PBES2-HS256+A128KW, A256GCM, 12-byte p2s, a Go-style created", async () => {
    const dir = tempDir();
    const clock = () => new Date("2026-11-22T05:42:26.120Z");
    await fileKeystore({ dir, passphrase: () => "pw", iterations: 8192, clock }).set("alice", "{}");
    const token = await readFile(join(dir, "alice"), "utf8");
    const raw = Buffer.from(token.split(".")[0]!, "base64url").toString("utf8");
    expect(Object.keys(JSON.parse(raw))).toEqual(["alg", "created", "enc", "p2c", "p2s"]);
    expect(header(token)).toMatchObject({
      alg: "PBES2-HS256+A128KW",
      enc: "A256GCM",
      p2c: 8192,
      created: "2026-11-22 05:42:26.12 +0000 UTC",
    });
    expect(Buffer.from(header(token).p2s, "base64url")).toHaveLength(12);
  });

  it(`writes p2c ${DEFAULT_FILE_ITERATIONS} by default and reads it back`, async () => {
    const dir = tempDir();
    const store = fileKeystore({ dir, passphrase: () => "pw" });
    await store.set("alice", "secret");
    expect(header(await readFile(join(dir, "alice"), "utf8")).p2c).toBe(DEFAULT_FILE_ITERATIONS);
    expect(await fileKeystore({ dir, passphrase: () => "pw" }).get("alice")).toBe("secret");
  });

  it("reads every alg and enc jose2go writes (GCM with node:crypto, CBC-HMAC through jose), and tells a wrong passphrase from damage in each", async () => {
    const dir = tempDir();
    const algs = ["PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"];
    const encs = ["A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"];
    const keys: string[] = [];
    for (const alg of algs) {
      for (const enc of encs) {
        const key = `${alg}.${enc}`.replace(/[+]/g, "_");
        const data = Buffer.from(`payload of ${key}`).toString("base64");
        const token = await new CompactEncrypt(
          Buffer.from(
            `{"Key":"${key}","Data":"${data}","Label":"","Description":"","KeychainNotTrustApplication":false}`,
          ),
        )
          .setProtectedHeader({ alg, enc })
          .setKeyManagementParameters({ p2c: FAST, p2s: randomBytes(12) })
          .encrypt(Buffer.from("pw"));
        await writeFile(join(dir, key), token);
        keys.push(key);
      }
    }
    const store = open(dir);
    for (const key of keys) expect(await store.get(key)).toBe(`payload of ${key}`);
    // A flipped ciphertext byte is damage (KEYSTORE_CORRUPT); another passphrase is KEYSTORE_LOCKED.
    for (const key of keys) {
      const parts = (await readFile(join(dir, key), "utf8")).split(".");
      const cipher = Buffer.from(parts[3]!, "base64url");
      cipher[0] = (cipher[0] ?? 0) ^ 1;
      parts[3] = cipher.toString("base64url");
      await writeFile(join(dir, `${key}.damaged`), parts.join("."));
      expect(await errorOf(open(dir).get(`${key}.damaged`)), key).toMatchObject({ code: "KEYSTORE_CORRUPT" });
      expect(await errorOf(open(dir, "not pw").get(key)), key).toMatchObject({ code: "KEYSTORE_LOCKED" });
    }
  });

  it("reads p2c up to 1,300,000 and reports a larger count as a corrupt file", async () => {
    const dir = tempDir();
    const item = (key: string) =>
      Buffer.from(
        `{"Key":"${key}","Data":"eA==","Label":"","Description":"","KeychainNotTrustApplication":false}`,
      );
    for (const [key, p2c] of [
      ["at-cap", 1_300_000],
      ["over-cap", 1_300_001],
    ] as const) {
      const token = await new CompactEncrypt(item(key))
        .setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: "A256GCM" })
        .setKeyManagementParameters({ p2c, p2s: randomBytes(16) })
        .encrypt(Buffer.from("pw"));
      await writeFile(join(dir, key), token);
    }
    const store = open(dir);
    expect(await store.get("at-cap")).toBe("x");
    const error = await errorOf(store.get("over-cap"));
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_CORRUPT");
    expect((error as Error).message).toBe(
      `'${join(dir, "over-cap")}' is not an aws-vault item: p2c 1300001 is outside 1..1300000`,
    );
  });

  it("refuses iteration counts it could not read back", () => {
    for (const iterations of [999, 1_300_001, 8192.5]) {
      expect(() => fileKeystore({ dir: "/nowhere", passphrase: () => "", iterations })).toThrow(/iterations/);
    }
  });

  it("lists regular files only: no dot-files, temp files or directories; foreign files are listed", async () => {
    const dir = tempDir();
    const store = open(dir);
    await store.set("alice", "x");
    await writeFile(join(dir, ".DS_Store"), "");
    await writeFile(join(dir, ".vault-cli-0123456789abcdef.tmp"), "");
    await mkdir(join(dir, "subdir"));
    await writeFile(join(dir, "foreign"), "not a jwe");
    expect(await store.keys()).toEqual(["alice", "foreign"]);
  });

  it("removes temp files a killed writer left behind, once they are stale", async () => {
    const dir = tempDir();
    const stale = join(dir, ".vault-cli-00000000000000aa.tmp");
    const fresh = join(dir, ".vault-cli-00000000000000bb.tmp");
    await writeFile(stale, "half");
    await writeFile(fresh, "half");
    await utimes(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await open(dir).set("alice", "x");
    expect((await readdir(dir)).sort()).toEqual([".vault-cli-00000000000000bb.tmp", "alice"]);
  });
});

describe("passphrase", () => {
  it("is asked once per keystore, and never to list, remove or look up a missing item", async () => {
    const dir = tempDir();
    let asked = 0;
    const store = fileKeystore({ dir, iterations: FAST, passphrase: async () => `pw${asked++ * 0}` });
    expect(await store.keys()).toEqual([]);
    expect(await store.get("missing")).toBeUndefined();
    expect(await store.remove("missing")).toBe(false);
    expect(asked).toBe(0);
    await Promise.all([store.set("a", "1"), store.set("b", "2"), store.get("a")]);
    await store.get("b");
    await store.remove("a");
    expect(asked).toBe(1);
  });

  it("may be empty", async () => {
    const dir = tempDir();
    await open(dir, "").set("alice", "x");
    expect(await open(dir, "").get("alice")).toBe("x");
  });

  it("is asked again after a failed prompt", async () => {
    const dir = tempDir();
    let calls = 0;
    const store = fileKeystore({
      dir,
      iterations: FAST,
      passphrase: () => {
        calls += 1;
        if (calls === 1) throw new Error("no terminal");
        return "pw";
      },
    });
    await expect(store.set("alice", "x")).rejects.toThrow("no terminal");
    await store.set("alice", "x");
    expect(await store.get("alice")).toBe("x");
  });

  it("that is wrong gives KEYSTORE_LOCKED on read and on write", async () => {
    const dir = tempDir();
    await open(dir, "right").set("alice", "x");
    const wrong = open(dir, "wrong");
    for (const attempt of [
      () => wrong.get("alice"),
      () => wrong.set("bob", "y"),
      () => wrong.set("alice", "y"),
    ]) {
      const error = await errorOf(attempt());
      expect(isVaultError(error) && error.code).toBe("KEYSTORE_LOCKED");
      expect((error as Error).message).toBe(`wrong passphrase for '${dir}'`);
    }
  });

  it("that differs for one item only reports that item, and writes go on", async () => {
    const dir = tempDir();
    await open(dir, "right").set("alice", "x");
    await open(dir, "right").set("carol", "z");
    // aws-vault never checks the passphrase on write, so such directories exist; vault-cli would refuse:
    await expect(open(dir, "typo").set("bob", "y")).rejects.toThrow("wrong passphrase");
    const elsewhere = tempDir();
    await open(elsewhere, "typo").set("bob", "y");
    await writeFile(join(dir, "bob"), await readFile(join(elsewhere, "bob")));
    const store = open(dir, "right");
    const error = await errorOf(store.get("bob"));
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_CORRUPT");
    expect((error as Error).message).toBe(
      `'${join(dir, "bob")}' was encrypted with another passphrase than the other items`,
    );
    await store.set("bob", "fixed");
    expect(await store.get("bob")).toBe("fixed");
  });
});

describe("damaged and foreign files", () => {
  it("name the file, keep other items readable, and do not block writes", async () => {
    const dir = tempDir();
    const store = open(dir);
    await store.set("alice", "a");
    await store.set("bob", "b");
    await store.set("carol", "c");
    const bob = await readFile(join(dir, "bob"), "utf8");
    await writeFile(join(dir, "bob"), bob.slice(0, bob.length - 5)); // truncated
    const carol = (await readFile(join(dir, "carol"), "utf8")).split(".");
    carol[3] = `${carol[3]!.startsWith("A") ? "B" : "A"}${carol[3]!.slice(1)}`; // one flipped ciphertext byte
    await writeFile(join(dir, "carol"), carol.join("."));
    await writeFile(join(dir, "dave"), "hello, I am not an item");

    const fresh = open(dir);
    expect(await fresh.keys()).toEqual(["alice", "bob", "carol", "dave"]);
    const messages = await Promise.all(["bob", "carol", "dave"].map((k) => errorOf(fresh.get(k))));
    expect(messages.map((e) => isVaultError(e) && e.code)).toEqual(Array(3).fill("KEYSTORE_CORRUPT"));
    expect(messages.map((e) => (e as Error).message)).toEqual([
      `'${join(dir, "bob")}' is not an aws-vault item: tag is 12 bytes, not 16 (truncated?)`,
      `'${join(dir, "carol")}' is damaged: the passphrase fits but the content does not authenticate`,
      `'${join(dir, "dave")}' is not an aws-vault item: not a JWE compact token (1 parts, not 5)`,
    ]);
    expect(await fresh.get("alice")).toBe("a");
    await open(dir).set("erin", "e");
    expect(await open(dir).get("erin")).toBe("e");
  });

  it("reports an item whose Key is not its file name", async () => {
    const dir = tempDir();
    await open(dir).set("alice", "a");
    await writeFile(join(dir, "mallory"), await readFile(join(dir, "alice")));
    const error = await errorOf(open(dir).get("mallory"));
    expect((error as Error).message).toBe(
      `'${join(dir, "mallory")}' holds the item of 'alice', not 'mallory'`,
    );
  });

  it("tolerates a trailing newline that an editor added", async () => {
    const dir = tempDir();
    await open(dir).set("alice", "a");
    await writeFile(join(dir, "alice"), `${await readFile(join(dir, "alice"), "utf8")}\n`);
    expect(await open(dir).get("alice")).toBe("a");
  });
});
