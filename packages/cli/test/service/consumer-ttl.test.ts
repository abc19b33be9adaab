import {
  encodeSessionCredentials,
  formatSessionKey,
  SESSION_DESCRIPTION,
  sessionLabel,
} from "@vault-cli/core";
import { fromVault } from "@vault-cli/sdk-provider";
import { assertBuilt, type Moto, startMoto, type VaultHome, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The floor each consumer puts on cached credentials, proved through what users run: an item with 10
// minutes left is refused where botocore would re-run the process (15 minutes), and served where the
// consumer's own floor is lower (exec's AWS_MIN_TTL, 5 minutes by default; fromVault's refresh window).
const CONFIG = "[profile jon]\nregion = us-east-1\n";
const CACHED = {
  accessKeyId: "ASIACACHEDTENMINUTES",
  secretAccessKey: "cached-secret",
  sessionToken: "cached-token",
};

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

/** A user holding jon's keys and a GetSessionToken item of jon that has 10 minutes left. */
async function userWithTenMinutesLeft(): Promise<VaultHome> {
  const user = vaultHome(moto.url, CONFIG);
  await user.storeKeys("jon", { accessKeyId: "AKIAJONTTL000000TEST", secretAccessKey: "jon-secret" });
  const expiration = new Date(Date.now() + 10 * 60_000);
  const key = formatSessionKey({ type: "sts.GetSessionToken", profile: "jon", expiration });
  await user.keystore().set(key, encodeSessionCredentials({ ...CACHED, expiration }), {
    label: sessionLabel("jon", expiration),
    description: SESSION_DESCRIPTION,
  });
  return user;
}

const gstCalls = () => moto.count("GetSessionToken");

describe("each consumer's floor on a cached item with 10 minutes left", () => {
  it("export --format=json refuses it: a new session from STS, never the 10-minute one", async () => {
    const user = await userWithTenMinutesLeft();
    const before = await gstCalls();
    const r = user.vault(["export", "--format=json", "jon"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).AccessKeyId).not.toBe(CACHED.accessKeyId);
    expect(await gstCalls()).toBe(before + 1);
  });

  it("exec --json refuses it the same way (the same credential_process document)", async () => {
    const user = await userWithTenMinutesLeft();
    const before = await gstCalls();
    const r = user.vault(["exec", "--json", "jon"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).AccessKeyId).not.toBe(CACHED.accessKeyId);
    expect(await gstCalls()).toBe(before + 1);
  });

  it("a plain exec serves it (AWS_MIN_TTL 5m), and refuses it when AWS_MIN_TTL asks for more", async () => {
    const user = await userWithTenMinutesLeft();
    const before = await gstCalls();
    const served = user.vault(["exec", "jon", "--", "sh", "-c", 'printf %s "$AWS_ACCESS_KEY_ID"']);
    expect(served.stderr).toBe("");
    expect(served.stdout).toBe(CACHED.accessKeyId);
    expect(user.vault(["export", "jon"]).stdout).toContain(`AWS_ACCESS_KEY_ID=${CACHED.accessKeyId}\n`);
    expect(await gstCalls()).toBe(before);
    const strict = user.vault(["exec", "jon", "--", "sh", "-c", 'printf %s "$AWS_ACCESS_KEY_ID"'], {
      AWS_MIN_TTL: "11m",
    });
    expect(strict.stdout).not.toBe(CACHED.accessKeyId);
    expect(await gstCalls()).toBe(before + 1);
  });

  it("fromVault serves it (its refresh window is 5 minutes), and refuses it with a wider window", async () => {
    const user = await userWithTenMinutesLeft();
    const before = await gstCalls();
    const env = { ...user.env, AWS_REGION: "us-east-1" };
    expect((await fromVault("jon", { env })()).accessKeyId).toBe(CACHED.accessKeyId);
    expect(await gstCalls()).toBe(before);
    const wide = await fromVault("jon", { env, refreshWindowSeconds: 11 * 60 })();
    expect(wide.accessKeyId).not.toBe(CACHED.accessKeyId);
    expect(await gstCalls()).toBe(before + 1);
  });
});
