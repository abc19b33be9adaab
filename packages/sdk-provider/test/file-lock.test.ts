import { execFile, spawn, spawnSync } from "node:child_process";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { isVaultError } from "@vault-cli/core";
import { bundleForNode, errorOf, tempDir } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { fileLock, lockFilePath } from "../src/index.js";

const INDEX = new URL("../src/index.ts", import.meta.url).pathname;

const run = promisify(execFile);
let bundle: Awaited<ReturnType<typeof bundleForNode>>;
let dir: string;

const CHILD = `import { appendFileSync } from "node:fs";
const { fileLock } = await import("./index.mjs");
const [dir, marks] = process.argv.slice(2);
const lock = fileLock({ dir, timeoutMs: 60000 });
for (let i = 0; i < 3; i++) {
  await lock({ name: "shared", label: "the shared item" }, async () => {
    appendFileSync(marks, "start " + process.pid + "\\n");
    await new Promise((resolve) => setTimeout(resolve, 15));
    appendFileSync(marks, "end " + process.pid + "\\n");
  });
}
`;

beforeAll(async () => {
  bundle = await bundleForNode(INDEX, { external: [/^@aws-sdk\//], under: "packages/sdk-provider" });
  writeFileSync(join(bundle.dir, "lock-child.mjs"), CHILD);
  dir = tempDir("lock-test");
}, 120_000);

/** Resolves once the kernel shows `pid` stopped (state T in /proc/<pid>/stat): no fixed sleep. */
async function stopped(pid: number): Promise<void> {
  while (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "T") {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid;

describe("fileLock", () => {
  it("8 processes contending for one lock never overlap", async () => {
    const marks = join(dir, "marks.txt");
    writeFileSync(marks, "");
    const script = join(bundle.dir, "lock-child.mjs");
    await Promise.all(
      Array.from({ length: 8 }, () => run(process.execPath, [script, join(dir, "contend"), marks])),
    );
    const lines = readFileSync(marks, "utf8").trim().split("\n");
    expect(lines).toHaveLength(8 * 3 * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(" ")[1];
      expect([lines[i], lines[i + 1]]).toEqual([`start ${pid}`, `end ${pid}`]);
    }
  }, 60_000);

  it("takes over a lock whose holder process is dead", async () => {
    const lockDir = join(dir, "dead");
    const lock = fileLock({ dir: lockDir, timeoutMs: 5_000 });
    await lock({ name: "warm-up", label: "the warm-up item" }, async () => {}); // creates the directory
    writeFileSync(lockFilePath(lockDir, "k"), JSON.stringify({ pid: deadPid(), nonce: "gone" }));
    expect(await lock({ name: "k", label: "the k item" }, async () => "ran")).toBe("ran");
  });

  it("takes over a lock file that records no holder (empty, or garbage) once it is staleMs old", async () => {
    const lockDir = join(dir, "garbage");
    const lock = fileLock({ dir: lockDir, timeoutMs: 3_000, staleMs: 1_000 });
    await lock({ name: "warm-up", label: "the warm-up item" }, async () => {});
    for (const content of ["", "not json"]) {
      const path = lockFilePath(lockDir, "k");
      writeFileSync(path, content);
      utimesSync(path, new Date(Date.now() - 5_000), new Date(Date.now() - 5_000));
      expect(await lock({ name: "k", label: "the k item" }, async () => "ran")).toBe("ran");
    }
  });

  it("takes over a lock of a live process that was not refreshed for staleMs", async () => {
    const lockDir = join(dir, "stale");
    const lock = fileLock({ dir: lockDir, timeoutMs: 5_000, staleMs: 1_000 });
    await lock({ name: "warm-up", label: "the warm-up item" }, async () => {});
    const path = lockFilePath(lockDir, "k");
    writeFileSync(path, JSON.stringify({ pid: process.ppid, nonce: "hung" }));
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(await lock({ name: "k", label: "the k item" }, async () => "ran")).toBe("ran");
  });

  it("keeps a live holder whose refresh was merely late (a suspended laptop), and times out instead", async () => {
    const lockDir = join(dir, "late");
    const lock = fileLock({ dir: lockDir, timeoutMs: 400, staleMs: 1_000 });
    await lock({ name: "warm-up", label: "the warm-up item" }, async () => {});
    const path = lockFilePath(lockDir, "k");
    writeFileSync(path, JSON.stringify({ pid: process.ppid, nonce: "late" }));
    utimesSync(path, new Date(Date.now() - 5_000), new Date(Date.now() - 5_000));
    const error = await errorOf(lock({ name: "k", label: "the k item" }, async () => "ran"));
    expect(isVaultError(error) && error.code).toBe("LOCK_TIMEOUT");
  });

  it("takes over a stopped holder (SIGSTOP) once its lock is staleMs old: a live one would keep it 10 times longer", async () => {
    const lockDir = join(dir, "stopped");
    const lock = fileLock({ dir: lockDir, timeoutMs: 3_000, staleMs: 1_000 });
    await lock({ name: "warm-up", label: "the warm-up item" }, async () => {});
    const holder = spawn("sleep", ["30"]);
    try {
      const path = lockFilePath(lockDir, "k");
      writeFileSync(path, JSON.stringify({ pid: holder.pid, nonce: "stopped" }));
      utimesSync(path, new Date(Date.now() - 5_000), new Date(Date.now() - 5_000));
      const running = await errorOf(lock({ name: "k", label: "the k item" }, async () => "ran"));
      expect(isVaultError(running) && running.code).toBe("LOCK_TIMEOUT");
      holder.kill("SIGSTOP");
      await stopped(holder.pid!);
      expect(await lock({ name: "k", label: "the k item" }, async () => "ran")).toBe("ran");
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("a waiter whose afterWait finds what the holder made returns it without taking the lock", async () => {
    const lock = fileLock({ dir: join(dir, "after-wait"), timeoutMs: 60_000 });
    const name = { name: "sts.AssumeRole,cm9sZQ,,", label: "credentials for profile 'role'" };
    let made: string | undefined;
    let release!: () => void;
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const held = lock(name, () => {
      entered();
      return new Promise<void>((resolve) => (release = resolve)).then(() => {
        made = "the holder's credentials";
      });
    });
    await holding;
    const asked: (string | undefined)[] = [];
    const ran: string[] = [];
    const afterWait = async () => {
      asked.push(made);
      return made;
    };
    const waiters = [1, 2, 3].map((i) =>
      lock({ ...name, afterWait }, async () => {
        ran.push(`waiter ${i}`);
        return "made again";
      }),
    );
    // While the holder works, the waiters do not read the cache: the lock file is still there.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(asked).toEqual([]);
    release();
    await held;
    expect(await Promise.all(waiters)).toEqual(Array(3).fill("the holder's credentials"));
    expect(ran).toEqual([]);
    // Nothing was left behind, and an afterWait that finds nothing takes the lock as before.
    expect(await lock({ ...name, afterWait: async () => undefined }, async () => "taken")).toBe("taken");
  });

  it("times out with LOCK_TIMEOUT naming what it waited for", async () => {
    const lock = fileLock({ dir: join(dir, "timeout"), timeoutMs: 300 });
    const name = { name: "sts.GetSessionToken,ZGV2,,", label: "credentials for profile 'dev'" };
    let release!: () => void;
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const held = lock(name, () => {
      entered();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    const error = await errorOf(lock(name, async () => {}));
    expect(isVaultError(error) && error.code).toBe("LOCK_TIMEOUT");
    const path = lockFilePath(join(dir, "timeout"), name.name);
    expect((error as Error).message).toBe(
      "timed out after 0.3s (VAULT_CLI_LOCK_TIMEOUT) waiting for another vault-cli to finish credentials for " +
        `profile 'dev' (lock file ${path}, held by pid ${process.pid})`,
    );
    release();
    await held;
    expect(await lock(name, async () => "free again")).toBe("free again");
  });
});
