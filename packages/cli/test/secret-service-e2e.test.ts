import { spawn } from "node:child_process";
import { join } from "node:path";
import { encodeKeyringItem, encodeMasterCredentials } from "@vault-cli/core";
import { fileKeystore, secretServiceKeystore } from "@vault-cli/keystores";
import {
  assertBuilt,
  MAIN,
  runBuiltAsync,
  type SecretServiceBus,
  startSecretService,
  tempDir,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PASSPHRASE = "migrate pass phrase";
const NOTICE_FILE =
  "vault-cli: using the file keystore: no D-Bus session bus, and no initialised pass store (choose one with --backend or AWS_VAULT_BACKEND)\n";
const NOTICE_SECRET_SERVICE =
  "vault-cli: using the secret-service keystore: a Secret Service answers on the D-Bus session bus (choose one with --backend or AWS_VAULT_BACKEND)\n";

let bus: SecretServiceBus;
beforeAll(async () => {
  assertBuilt();
  bus = await startSecretService();
  bus.createCollection("awsvault");
});
afterAll(async () => {
  await bus?.stop();
});

/** A new user's environment: a fresh HOME, an empty config, nothing chosen; `extra` adds a bus. */
function newUser(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir("new-user");
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_VAULT_FILE_PASSPHRASE: PASSPHRASE,
    ...extra,
  };
}

function keyOf(i: number) {
  return {
    accessKeyId: `AKIAMIGRATE${String(i).padStart(9, "0")}`,
    secretAccessKey: `secret-${i}-${"x".repeat(30)}`,
  };
}

describe("the default keystore, as a new user meets it", () => {
  it("without D-Bus: the file backend, with a one-line notice the first time only", async () => {
    const env = newUser();
    const added = await runBuiltAsync(["add", "--env", "alice"], {
      ...env,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
    });
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(NOTICE_FILE);
    const listed = await runBuiltAsync(["list", "--credentials"], env);
    expect(listed).toMatchObject({ code: 0, stdout: "alice\n", stderr: "" });
  });

  it("with a Secret Service on the session bus: secret-service, where aws-vault finds the key", async () => {
    const env = newUser(bus.env);
    const added = await runBuiltAsync(["add", "--env", "carol"], {
      ...env,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7CAROLXX",
      AWS_SECRET_ACCESS_KEY: "carol-secret-access-key-0123456789abcdef",
    });
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(NOTICE_SECRET_SERVICE);
    const [item] = JSON.parse(bus.python(["search", "awsvault", "carol"])) as {
      label: string;
      secret: string;
    }[];
    expect(item?.label).toBe("carol");
    expect(JSON.parse(Buffer.from(JSON.parse(item!.secret).Data, "base64").toString("utf8"))).toMatchObject({
      AccessKeyID: "AKIAIOSFODNN7CAROLXX",
    });
    const exported = await runBuiltAsync(["export", "--no-session", "--format=json", "carol"], env);
    expect(exported.stderr).toBe("");
    expect(JSON.parse(exported.stdout)).toMatchObject({ AccessKeyId: "AKIAIOSFODNN7CAROLXX" });
  });
});

describe("aws-vault's own Secret Service items, made by another client", () => {
  it("vault-cli lists them and signs with them", async () => {
    const data = encodeMasterCredentials({
      accessKeyId: "AKIAIOSFODNN7DAVEXXX",
      secretAccessKey: "dave-secret-access-key-0123456789abcdefg",
    });
    bus.python(
      ["store", "awsvault", "dave"],
      encodeKeyringItem({ key: "dave", data, label: "aws-vault (dave)" }),
    );
    const env = { ...newUser(bus.env), AWS_VAULT_BACKEND: "secret-service" };
    const listed = await runBuiltAsync(["list", "--credentials"], env);
    expect(listed.stdout.split("\n")).toContain("dave");
    const exported = await runBuiltAsync(["export", "--no-session", "--format=json", "dave"], env);
    expect(exported.stderr).toBe("");
    expect(JSON.parse(exported.stdout)).toMatchObject({
      AccessKeyId: "AKIAIOSFODNN7DAVEXXX",
      SecretAccessKey: "dave-secret-access-key-0123456789abcdefg",
    });
  });
});

describe("migrate file -> secret-service -> file, killed mid-way", () => {
  const KEYS = 12;
  const keysDir = tempDir("migrate-keys");
  const env = () => ({ ...newUser(bus.env), AWS_VAULT_FILE_DIR: keysDir });
  const file = () => fileKeystore({ dir: keysDir, passphrase: () => PASSPHRASE });
  const secretService = () => secretServiceKeystore({ env: bus.env, collection: "migration" });
  const expected = Array.from({ length: KEYS }, (_, i) => [
    `profile-${i}`,
    encodeMasterCredentials(keyOf(i)),
  ]);

  /** Runs migrate and SIGKILLs it when its stderr has `lines` lines that start with `word`. */
  function killedAt(args: string[], word: string, lines: number): Promise<string> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [MAIN, "migrate", ...args], {
        env: { ...env(), AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "migration" },
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (stderr.split("\n").filter((line) => line.startsWith(word)).length >= lines) child.kill("SIGKILL");
      });
      child.on("close", () => resolve(stderr));
    });
  }

  /** Every key is readable, with its value, from at least one of the two backends. */
  async function everyKeyReadable() {
    const inFile = file();
    const inService = secretService();
    for (const [key, value] of expected) {
      const found = (await inFile.get(key!)) ?? (await inService.get(key!));
      expect(found, key).toBe(value);
    }
    inService.close();
  }

  it("keeps every key readable after each kill, and completes when run again", async () => {
    bus.createCollection("migration");
    const seed = file();
    for (const [key, value] of expected) await seed.set(key!, value!);
    const migrateEnv = { ...env(), AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "migration" };

    // file -> secret-service: killed while copying, then while removing the originals.
    const copying = await killedAt(
      ["--from", "file", "--to", "secret-service", "--delete-source"],
      "copied",
      3,
    );
    expect(copying).toContain("copied 'profile-0' to secret-service (read back intact)");
    await everyKeyReadable();
    const removing = await killedAt(
      ["--from", "file", "--to", "secret-service", "--delete-source"],
      "removed",
      2,
    );
    expect(removing).toContain("removed 'profile-0' from file");
    await everyKeyReadable();
    const done = await runBuiltAsync(
      ["migrate", "--from", "file", "--to", "secret-service", "--delete-source"],
      migrateEnv,
    );
    expect(done.code).toBe(0);
    // The killed run removed some originals already: this one finds and finishes the rest.
    const [, inSource, removed] = /^(\d+) keys in secret-service, (\d+) removed from file\n$/.exec(
      done.stdout,
    )!;
    expect(Number(removed)).toBe(Number(inSource));
    expect(Number(inSource)).toBeLessThanOrEqual(KEYS - 2);
    expect(await file().keys()).toEqual([]);
    const service = secretService();
    expect((await service.keys()).length).toBe(KEYS);
    service.close();

    // secret-service -> file, killed while removing; then completed.
    await killedAt(["--from", "secret-service", "--to", "file", "--delete-source"], "removed", 1);
    await everyKeyReadable();
    const back = await runBuiltAsync(
      ["migrate", "--from", "secret-service", "--to", "file", "--delete-source"],
      migrateEnv,
    );
    expect(back.code).toBe(0);
    for (const [key, value] of expected) expect(await file().get(key!)).toBe(value);
    const emptied = secretService();
    expect(await emptied.keys()).toEqual([]);
    emptied.close();
  });
});
