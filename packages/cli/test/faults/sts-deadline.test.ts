import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  assertBuilt,
  type Moto,
  type StsProxy,
  startMoto,
  startStsProxy,
  type VaultHome,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysDirSnapshot } from "./snapshot.js";

// An STS that accepts and never answers, or answers late, must not hang vault-cli (nor, through the profile's
// lock, every other vault-cli): each call has a deadline, its error names the profile, the call and the limit.
const CONFIG = "[profile jon]\nregion = us-east-1\n";
const JON = { accessKeyId: "AKIAJONDEADLINE00001", secretAccessKey: "jon-secret" };

let moto: Moto;
let silent: Server;
let slow: StsProxy;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto();
  silent = await listen(createServer(() => {})); // accepts, reads, never answers
  slow = await startStsProxy(moto.url, { delayMs: 1500 });
});
afterAll(async () => {
  silent?.closeAllConnections();
  silent?.close();
  await slow?.stop();
  await moto?.stop();
});

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function userAt(endpoint: string): Promise<VaultHome> {
  const user = vaultHome(endpoint, CONFIG);
  await user.storeKeys("jon", JON);
  return user;
}

describe("STS deadlines (VAULT_CLI_STS_TIMEOUT)", () => {
  it("a server that never answers: an error naming the profile, the call, the endpoint and the limit", async () => {
    const user = await userAt(urlOf(silent));
    const before = keysDirSnapshot(user.keysDir);
    const r = await user.vaultAsync(["export", "--format=json", "jon"], { VAULT_CLI_STS_TIMEOUT: "1s" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `vault-cli: error: export: profile 'jon': GetSessionToken failed: no answer from STS at ${urlOf(silent)} ` +
        "within 1s (VAULT_CLI_STS_TIMEOUT)\n",
    );
    expect(keysDirSnapshot(user.keysDir)).toEqual(before);
  });

  it("an attempt's own timeout (VAULT_CLI_STS_CONNECT_TIMEOUT × 4) is named too, and nothing else prints", async () => {
    const user = await userAt(urlOf(silent));
    const r = await user.vaultAsync(["export", "jon"], {
      VAULT_CLI_STS_CONNECT_TIMEOUT: "200ms",
      VAULT_CLI_STS_TIMEOUT: "20s",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `vault-cli: error: export: profile 'jon': GetSessionToken failed: no answer from STS at ${urlOf(silent)} ` +
        "within 800ms per attempt (VAULT_CLI_STS_CONNECT_TIMEOUT)\n",
    );
  });

  it("gives the profile's lock back: callers after it fail on their own deadline, not the lock's 120 s", async () => {
    const user = await userAt(urlOf(silent));
    const runs = await Promise.all(
      [0, 1, 2].map(() =>
        user.vaultAsync(["export", "--format=json", "jon"], { VAULT_CLI_STS_TIMEOUT: "1s" }),
      ),
    );
    for (const r of runs) expect(r.stderr).toContain("within 1s (VAULT_CLI_STS_TIMEOUT)");
  });

  it("a slow server: refused past the deadline, served within it", async () => {
    const user = await userAt(slow.url);
    const late = await user.vaultAsync(["export", "--format=json", "jon"], { VAULT_CLI_STS_TIMEOUT: "1s" });
    expect(late.stderr).toContain("no answer from STS");
    const inTime = await user.vaultAsync(["export", "--format=json", "jon"], {
      VAULT_CLI_STS_TIMEOUT: "10s",
    });
    expect(inTime.stderr).toBe("");
    expect(JSON.parse(inTime.stdout)).toMatchObject({ Version: 1 });
  });

  it("a bad VAULT_CLI_STS_TIMEOUT is an error naming the variable", async () => {
    const user = await userAt(urlOf(silent));
    const r = await user.vaultAsync(["export", "jon"], { VAULT_CLI_STS_TIMEOUT: "soon" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: export: VAULT_CLI_STS_TIMEOUT must be a duration such as 30s or 2m, from 100ms to 24h0m0s, not 'soon'\n",
    );
  });
});
