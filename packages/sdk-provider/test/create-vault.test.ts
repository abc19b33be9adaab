import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  encodeMasterCredentials,
  encodeSessionCredentials,
  formatSessionKey,
  type Keystore,
  VaultError,
} from "@vault-cli/core";
import { fakeClock, fakeSts, memoryKeystore, memoryLock } from "@vault-cli/core/testing";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { type Consumer, createVault } from "../src/index.js";

// The service on fakes: what it keeps between calls, and the floor it puts on cached items per consumer.
const NOW = "2026-06-01T12:00:00Z";

function setup(keystore: Keystore, openKeystore?: () => Promise<Keystore>) {
  const configFile = join(tempDir("vault"), "config");
  writeFileSync(configFile, "[profile jon]\nregion = eu-west-1\n");
  const clock = fakeClock(NOW);
  const sts = fakeSts({ clock });
  const vault = createVault({
    env: { AWS_CONFIG_FILE: configFile },
    clock,
    sts,
    lock: memoryLock(),
    ...(openKeystore ? { openKeystore } : { keystore }),
  });
  return { vault, sts };
}

const jonKeys = () =>
  memoryKeystore({ jon: encodeMasterCredentials({ accessKeyId: "AKIAJON", secretAccessKey: "s" }) });

describe("createVault", () => {
  it("opens the keystore once, and again on the next call after an open failed", async () => {
    const keystore = jonKeys();
    let opens = 0;
    const { vault } = setup(keystore, async () => {
      opens++;
      if (opens === 1) throw new VaultError("KEYSTORE_UNAVAILABLE", "the backend went away");
      return keystore;
    });
    await expect(vault.listKeys()).rejects.toMatchObject({ code: "KEYSTORE_UNAVAILABLE" });
    expect((await vault.listKeys()).credentials).toEqual(["jon"]);
    await vault.credentials({ profile: "jon", consumer: "exec" });
    expect(opens).toBe(2);
  });

  it("serves an item with 10 minutes left to exec, server and sdk, and refreshes it for credential_process", async () => {
    const served = (consumer: Consumer) => async () => {
      const keystore = jonKeys();
      const expiration = new Date(Date.parse(NOW) + 10 * 60_000);
      const item = { accessKeyId: "ASIACACHED", secretAccessKey: "c", sessionToken: "t", expiration };
      await keystore.set(
        formatSessionKey({ type: "sts.GetSessionToken", profile: "jon", expiration }),
        encodeSessionCredentials(item),
      );
      const { vault, sts } = setup(keystore);
      const { credentials } = await vault.credentials({ profile: "jon", consumer });
      return [credentials.accessKeyId === "ASIACACHED", sts.calls.length] as const;
    };
    expect(await served("exec")()).toEqual([true, 0]);
    expect(await served("sdk")()).toEqual([true, 0]);
    expect(await served("credential_process")()).toEqual([false, 1]);
    expect(await served("server")()).toEqual([true, 0]);
  });
});
