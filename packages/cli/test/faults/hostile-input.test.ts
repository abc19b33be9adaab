import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sessionKeyPrefix } from "@vault-cli/core";
import { lockFilePath } from "@vault-cli/sdk-provider";
import { assertBuilt, type Moto, startMoto, startStsProxy, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysDirSnapshot } from "./snapshot.js";

// Locks, keystore items and error text that someone else wrote, and names nobody should type: each gets a
// bounded, clear answer through the built CLI.
const CONFIG = "[profile jon]\nregion = us-east-1\n";
const JON = { accessKeyId: "AKIAJONHOSTILE000001", secretAccessKey: "jon-secret" };

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto();
});
afterAll(() => moto?.stop());

async function user(endpoint = moto.url) {
  const u = vaultHome(endpoint, CONFIG);
  await u.storeKeys("jon", JON);
  return u;
}

/** The lock file a GetSessionToken of jon takes, in the user's shared lock directory. */
function jonLock(tmp: string): string {
  const dir = join(tmp, `vault-cli-${process.getuid?.()}`, "locks");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return lockFilePath(dir, sessionKeyPrefix("sts.GetSessionToken", "jon", ""));
}

describe("hostile input through the CLI", () => {
  it("a lock file with no holder, left long ago, is taken over: it does not block every call", async () => {
    const u = await user();
    const lock = jonLock(u.env.TMPDIR!);
    writeFileSync(lock, "garbage");
    utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const r = await u.vaultAsync(["export", "--format=json", "jon"], { VAULT_CLI_LOCK_TIMEOUT: "5s" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a live holder that never lets go: LOCK_TIMEOUT at VAULT_CLI_LOCK_TIMEOUT, naming the file and the pid", async () => {
    const u = await user();
    const lock = jonLock(u.env.TMPDIR!);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, nonce: "held" }));
    const before = keysDirSnapshot(u.keysDir);
    const r = await u.vaultAsync(["export", "jon"], { VAULT_CLI_LOCK_TIMEOUT: "1s" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: export: timed out after 1s (VAULT_CLI_LOCK_TIMEOUT) waiting for another vault-cli to finish " +
        `credentials for profile 'jon' (sts.GetSessionToken) (lock file ${lock}, held by pid ${process.pid})\n`,
    );
    expect(keysDirSnapshot(u.keysDir)).toEqual(before);
  });

  it("a link to a FIFO where jon's keys should be: refused at once, not waited on", async () => {
    const u = await user();
    const path = join(u.keysDir, "jon");
    rmSync(path);
    execFileSync("mkfifo", [`${path}.fifo`]);
    symlinkSync(`${path}.fifo`, path);
    const r = await u.vaultAsync(["export", "jon"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vault-cli: error: export: '${path}' is not a file\n`);
  });

  it("an STS error carrying a token and a code: shown redacted and bounded", async () => {
    const token = `IQoJb3JpZ2luX2VjE${"c2VjcmV0".repeat(400)}`;
    const body =
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token ` +
      `${token} sent with TokenCode=654321 by ASIAHOSTILE000000XYZ is invalid ${"x ".repeat(800)}</Message></Error></ErrorResponse>`;
    const sts = await startStsProxy(moto.url, { answer: { status: 403, body } });
    try {
      const r = await (await user(sts.url)).vaultAsync(["export", "jon"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^vault-cli: error: export: profile 'jon': GetSessionToken failed: InvalidClientTokenId: /,
      );
      for (const hidden of [token.slice(0, 40), "654321", "ASIAHOSTILE000000XYZ"])
        expect(r.stderr).not.toContain(hidden);
      expect(r.stderr).toContain("TokenCode=******");
      expect(r.stderr).toContain("****0XYZ");
      expect(r.stderr).toMatch(/… \(\d+ more characters\)\n$/);
      expect(r.stderr.length).toBeLessThan(900);
    } finally {
      await sts.stop();
    }
  });

  it("a 30,000-character profile name: not found, at once, with no suggestion", async () => {
    const long = "p".repeat(30_000);
    const u = vaultHome(moto.url, `[profile ${long}x]\nregion = us-east-1\n`);
    const r = await u.vaultAsync(["explain", long]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vault-cli: error: explain: profile 'p+' not found in \S+config\n$/);
  });
});
