// The file backend with keys from an agent (the keyMaterial seam), and the agent's two ends over a real socket.

import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { isVaultError } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { agentKeyMaterial } from "../src/file/agent/agent-client.js";
import { serveAgent } from "../src/file/agent/agent-server.js";
import { agentSocketPath } from "../src/file/agent/agent-socket.js";
import { fileKeystore } from "../src/file/index.js";
import { deriveKeyMaterial, type FileKeyMaterial } from "../src/file/key-material.js";
import { unlockFileKeystore } from "../src/open-keystore.js";

const PASS = "correct horse";

/** A keys dir with two items written with the passphrase (two salts), and a counter of passphrase asks. */
async function seeded() {
  const dir = join(tempDir("agent-keys"), "keys");
  const plain = fileKeystore({ dir, passphrase: () => PASS });
  await plain.set("alice", "alice-data");
  await plain.set("bob", "bob-data");
  let asked = 0;
  const open = (material?: FileKeyMaterial, passphrase = PASS) =>
    fileKeystore({
      dir,
      passphrase: () => {
        asked++;
        return passphrase;
      },
      ...(material ? { keyMaterial: async () => material } : {}),
    });
  return { dir, open, asked: () => asked };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

describe("the file keystore with an agent's keys", () => {
  it("reads and writes without the passphrase; items with a salt it does not know ask for it once", async () => {
    const { dir, open, asked } = await seeded();
    const material = await deriveKeyMaterial(dir, Buffer.from(PASS), 8192);
    expect(material.keys).toHaveLength(3); // alice's salt, bob's, and the write salt
    const store = open(material);
    expect(await store.get("alice")).toBe("alice-data");
    await store.set("carol", "carol-data");
    expect(await store.get("carol")).toBe("carol-data");
    expect(asked()).toBe(0);
    // aws-vault (or a shell with AWS_VAULT_FILE_PASSPHRASE) writes an item meanwhile: its salt is new.
    await fileKeystore({ dir, passphrase: () => PASS }).set("dave", "dave-data");
    expect(await store.get("dave")).toBe("dave-data");
    expect(await store.get("dave")).toBe("dave-data");
    expect(asked()).toBe(1);
    // carol's item reads back with the passphrase alone, as aws-vault would read it.
    expect(await fileKeystore({ dir, passphrase: () => PASS }).get("carol")).toBe("carol-data");
  });

  it("an agent that cannot answer is no agent: the passphrase is asked", async () => {
    const { dir } = await seeded();
    let asked = 0;
    const store = fileKeystore({
      dir,
      passphrase: () => {
        asked++;
        return PASS;
      },
      keyMaterial: () => Promise.reject(new Error("socket gone")),
    });
    expect(await store.get("bob")).toBe("bob-data");
    expect(asked).toBe(1);
  });

  it("a damaged item read with the agent's key is reported as damaged", async () => {
    const { dir, open } = await seeded();
    const material = await deriveKeyMaterial(dir, Buffer.from(PASS), 8192);
    const path = join(dir, "alice");
    const parts = readFileSync(path, "utf8").split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    writeFileSync(path, parts.join("."));
    const error = await failure(open(material).get("alice"));
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "KEYSTORE_CORRUPT",
      `'${path}' is damaged: the passphrase fits but the content does not authenticate`,
    ]);
  });

  it("a wrong passphrase derives nothing (KEYSTORE_LOCKED); an empty directory gets a write key only", async () => {
    const { dir } = await seeded();
    const error = await failure(deriveKeyMaterial(dir, Buffer.from("wrong"), 8192));
    expect(isVaultError(error) && error.code).toBe("KEYSTORE_LOCKED");
    const empty = await deriveKeyMaterial(join(tempDir("agent-empty"), "keys"), Buffer.from("any"), 8192);
    expect(empty.keys).toEqual([empty.write]);
    expect(empty.write.p2c).toBe(8192);
  });

  it("unlockFileKeystore takes the passphrase from the env, then the command, never from an agent", async () => {
    const { dir } = await seeded();
    const env = { AWS_VAULT_BACKEND: "file", AWS_VAULT_FILE_DIR: dir, VAULT_CLI_FILE_ITERATIONS: "2000" };
    const fromEnv = await unlockFileKeystore({ env: { ...env, AWS_VAULT_FILE_PASSPHRASE: PASS } });
    expect(fromEnv.write.p2c).toBe(2000);
    const commands: string[] = [];
    const fromCommand = await unlockFileKeystore({
      env: { ...env, AWS_VAULT_FILE_PASSPHRASE_COMMAND: "print-it" },
      runProcess: async (command) => {
        commands.push(command);
        return `${PASS}\n`;
      },
    });
    expect(fromCommand.dir).toBe(dir);
    expect(commands).toEqual(["print-it"]);
    const other = await failure(unlockFileKeystore({ env: { ...env, AWS_VAULT_BACKEND: "pass" } }));
    expect(isVaultError(other) && other.code).toBe("USAGE");
  });
});

/** Agents a test started: stopped after it, whatever it asserted. */
const serving: { stop(): void; stopped: Promise<void> }[] = [];
afterEach(async () => {
  for (const agent of serving.splice(0)) {
    agent.stop();
    await agent.stopped;
  }
});

/** An agent serving `material` on a socket under a fresh XDG_RUNTIME_DIR. */
async function running(material: FileKeyMaterial, ttlMs = 60_000) {
  const runtime = tempDir("agent-run");
  const env = { XDG_RUNTIME_DIR: runtime };
  const socket = agentSocketPath(env)!;
  const agent = await serveAgent({ socket, material, ttlMs });
  serving.push(agent);
  return { env, socket, agent };
}

/** What the agent answers to `bytes` sent raw (undefined when it closes without a line). */
function rawAsk(socket: string, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    let text = "";
    connection.on("connect", () => connection.write(bytes));
    connection.on("data", (chunk) => {
      text += chunk;
    });
    connection.on("error", () => undefined);
    connection.on("close", () => resolve(text));
  });
}

describe("the agent's socket", () => {
  it("answers keys for its directory only, then stop makes it wipe them and remove its socket", async () => {
    const { dir } = await seeded();
    const material = await deriveKeyMaterial(dir, Buffer.from(PASS), 8192);
    const kek = material.write.kek;
    const { env, socket, agent } = await running(material);
    const got = await agentKeyMaterial(env, dir);
    expect(got?.keys.map((k) => Buffer.from(k.kek).toString("hex"))).toEqual(
      material.keys.map((k) => Buffer.from(k.kek).toString("hex")),
    );
    expect(await agentKeyMaterial(env, join(dir, "other"))).toBeUndefined();
    expect(JSON.parse(await rawAsk(socket, '{"op":"stop"}\n'))).toEqual({ ok: true });
    await agent.stopped;
    expect(existsSync(socket)).toBe(false);
    expect(kek.every((byte) => byte === 0)).toBe(true);
    expect(await agentKeyMaterial(env, dir)).toBeUndefined();
  });

  it("refuses a request past 4 KiB and anything that is not a request, and keeps serving", async () => {
    const { dir } = await seeded();
    const { env, socket, agent } = await running(await deriveKeyMaterial(dir, Buffer.from(PASS), 8192));
    expect(await rawAsk(socket, Buffer.alloc(5000, "a"))).toBe("");
    expect(JSON.parse(await rawAsk(socket, "hello\n"))).toEqual({ ok: false, error: "not a request" });
    expect(await agentKeyMaterial(env, dir)).toBeDefined();
    agent.stop();
    await agent.stopped;
  });

  it("a wall clock past its end (a machine that slept through the TTL) ends it at the next request", async () => {
    const { dir } = await seeded();
    const material = await deriveKeyMaterial(dir, Buffer.from(PASS), 8192);
    const runtime = tempDir("agent-run");
    const env = { XDG_RUNTIME_DIR: runtime };
    const socket = agentSocketPath(env)!;
    let now = new Date("2026-11-30T12:00:00Z");
    const agent = await serveAgent({ socket, material, ttlMs: 3_600_000, clock: () => now });
    serving.push(agent);
    expect(await agentKeyMaterial(env, dir)).toBeDefined();
    now = new Date("2026-11-30T13:00:00Z"); // the monotonic timer has not fired: it did not run during sleep
    expect(await agentKeyMaterial(env, dir)).toBeUndefined();
    await agent.stopped;
    expect(existsSync(socket)).toBe(false);
    expect(material.write.kek.every((byte) => byte === 0)).toBe(true);
  });

  it("its TTL ends it", async () => {
    const { dir } = await seeded();
    const { env, socket, agent } = await running(await deriveKeyMaterial(dir, Buffer.from(PASS), 8192), 200);
    await agent.stopped;
    expect(existsSync(socket)).toBe(false);
    expect(await agentKeyMaterial(env, dir)).toBeUndefined();
  });

  it("a stale socket is no agent; a directory open to others is neither asked nor used", async () => {
    const runtime = tempDir("agent-stale");
    const env = { XDG_RUNTIME_DIR: runtime };
    const socket = agentSocketPath(env)!;
    mkdirSync(join(runtime, "vault-cli"), { mode: 0o700 });
    // A socket nobody listens on any more: its listener was killed before it could remove it.
    const listener = spawn(process.execPath, [
      "-e",
      `require("node:net").createServer().listen(${JSON.stringify(socket)}, () => console.log("ready"))`,
    ]);
    await new Promise((resolve) => listener.stdout.once("data", resolve));
    listener.kill("SIGKILL");
    await new Promise((resolve) => listener.once("exit", resolve));
    expect(existsSync(socket)).toBe(true);
    expect(await agentKeyMaterial(env, "/any")).toBeUndefined();

    const { dir } = await seeded();
    const material = await deriveKeyMaterial(dir, Buffer.from(PASS), 8192);
    const agent = await serveAgent({ socket, material, ttlMs: 60_000 }); // replaces the stale file
    serving.push(agent);
    expect(await agentKeyMaterial(env, dir)).toBeDefined();
    chmodSync(join(runtime, "vault-cli"), 0o755);
    expect(await agentKeyMaterial(env, dir)).toBeUndefined();
    agent.stop();
    await agent.stopped;
    const error = await failure(serveAgent({ socket, material, ttlMs: 1000 }));
    expect(isVaultError(error) && error.code).toBe("AGENT_FAILED");
  });

  it("without XDG_RUNTIME_DIR the socket is in a directory of the user's under TMPDIR", () => {
    expect(agentSocketPath({ TMPDIR: "/var/tmp" })).toBe(
      `/var/tmp/vault-cli-agent-${process.getuid!()}/agent.sock`,
    );
    expect(agentSocketPath({ XDG_RUNTIME_DIR: "relative" })).toBe(
      `/tmp/vault-cli-agent-${process.getuid!()}/agent.sock`,
    );
  });
});
