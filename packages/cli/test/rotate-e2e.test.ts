import { spawnSync } from "node:child_process";
import { decodeMasterCredentials, encodeMasterCredentials, VaultError } from "@vault-cli/core";
import { fakeClock, fakeIam, fakeSts, memoryKeystore } from "@vault-cli/core/testing";
import { assertBuilt, type Moto, type MotoUser, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { runCli } from "./support/test-io.js";

// rotate against moto's IAM in auth mode: after the set-up, every call must be signed by a key moto issued,
// so a deleted key is refused from then on.
let moto: Moto;
let alice: MotoUser;
let deployArn: string;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ auth: 4, record: true });
  alice = await moto.createUser("alice");
  deployArn = await moto.createRole("Deploy", alice.arn);
});
afterAll(() => moto?.stop());

/** The AWS CLI's answer to get-caller-identity signed by `keys` (no vault-cli involved). */
function callerWith(keys: { accessKeyId: string; secretAccessKey: string }, env: Record<string, string>) {
  return spawnSync("aws", ["sts", "get-caller-identity", "--output", "json"], {
    encoding: "utf8",
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
    },
  });
}

describe("vault-cli rotate against moto IAM (auth mode)", () => {
  it("the old key stops working, the new key is stored and works, and the chain's sessions are gone", async () => {
    const user = vaultHome(
      moto.url,
      `[profile alice]\nregion = us-east-1\n\n[profile deploy]\nsource_profile = alice\nrole_arn = ${deployArn}\nregion = us-east-1\n`,
    );
    await user.storeKeys("alice", alice);
    expect((await user.vaultAsync(["export", "--no-session", "--format=json", "deploy"])).code).toBe(0);
    expect((await user.vaultAsync(["list", "--sessions"])).stdout).toContain("sts.AssumeRole");
    const first = callerWith(alice, user.env);
    expect(first.status, first.stderr).toBe(0);
    const before = (await moto.calls()).length;

    const r = await user.vaultAsync(["rotate", "deploy"]);
    expect(r.stdout).toBe("");
    expect(r.code, r.stderr).toBe(0);
    const stored = decodeMasterCredentials((await user.keystore().get("alice"))!, "alice");
    expect(stored.accessKeyId).not.toBe(alice.accessKeyId);
    const last4 = (key: string) => `****${key.slice(-4)}`;
    expect(r.stderr).toBe(
      [
        "Rotating the key stored for 'alice', signing with the key itself",
        "Creating a new access key",
        `Created new access key ${last4(stored.accessKeyId)}`,
        `The new key ${last4(stored.accessKeyId)} works`,
        "Stored the new key for 'alice'",
        `Deleting old access key ${last4(alice.accessKeyId)}`,
        `Deleted old access key ${last4(alice.accessKeyId)}`,
        "Deleted 1 sessions",
        "Finished rotating the access key of 'alice'",
        "",
      ].join("\n"),
    );
    const calls = (await moto.calls()).slice(before);
    expect(calls.map((call) => [call.action, call.accessKeyId === alice.accessKeyId])).toEqual([
      ["CreateAccessKey", true],
      ["GetCallerIdentity", false],
      ["DeleteAccessKey", true],
    ]);
    expect(calls[2]?.params.AccessKeyId).toBe(alice.accessKeyId);

    const old = callerWith(alice, user.env);
    expect(old.status).not.toBe(0);
    expect(old.stderr).toMatch(/InvalidClientTokenId/);
    expect(JSON.parse(callerWith(stored, user.env).stdout).Arn).toBe(alice.arn);
    expect((await user.vaultAsync(["list", "--sessions"])).stdout).toBe("");
    const again = await user.vaultAsync(["export", "--no-session", "--format=json", "deploy"]);
    expect(again.code, again.stderr).toBe(0);
  });
});

describe("vault-cli rotate (in-process, fakes)", () => {
  const CONFIG = "[profile jon]\nregion = us-east-1\nmfa_serial = arn:aws:iam::111111111111:mfa/jon\n";
  const OLD = { accessKeyId: "AKIAJONOLD00OLD1", secretAccessKey: "old-secret" };

  it("signs every IAM call with one MFA session: one code asked, one GetSessionToken", async () => {
    const clock = fakeClock();
    const sts = fakeSts({ clock });
    const iam = fakeIam({ active: [OLD.accessKeyId] });
    const keystore = memoryKeystore({ jon: encodeMasterCredentials(OLD) });
    const terminal = scriptedPrompt(["123456"]);
    const r = await runCli(["rotate", "jon"], {
      config: CONFIG,
      clock,
      sts,
      iam,
      openKeystore: async () => keystore,
      prompt: terminal.prompt,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(terminal.asked).toHaveLength(1);
    expect(sts.calls.map((call) => call.action)).toEqual(["GetSessionToken", "GetCallerIdentity"]);
    expect(iam.calls.map((call) => call.signedBy)).toEqual(["ASIAFAKE0001", "ASIAFAKE0001"]);
    expect(r.stderr.split("\n")[0]).toBe(
      "Rotating the key stored for 'jon', signing with a new session made with MFA",
    );
  });

  it("a failed step: exit 1, the message says what IAM holds, and the old key is still stored", async () => {
    const clock = fakeClock();
    const iam = fakeIam({
      active: [OLD.accessKeyId],
      fail: (call) =>
        call.action === "CreateAccessKey"
          ? new VaultError("IAM_FAILED", "profile 'jon': CreateAccessKey failed: LimitExceeded")
          : undefined,
    });
    const keystore = memoryKeystore({ jon: encodeMasterCredentials(OLD) });
    const r = await runCli(["rotate", "--no-session", "jon"], {
      config: CONFIG,
      clock,
      sts: fakeSts({ clock }),
      iam,
      openKeystore: async () => keystore,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "vault-cli: error: rotate: rotating the key of 'jon': IAM did not create a new key: profile 'jon': " +
        "CreateAccessKey failed: LimitExceeded. Nothing changed: ****OLD1 is still stored and active.",
    );
    expect(decodeMasterCredentials((await keystore.get("jon"))!, "jon")).toEqual(OLD);
  });

  it("refuses a profile whose credentials do not come from stored keys", async () => {
    const r = await runCli(["rotate", "sso"], {
      config:
        "[profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = r\n",
      openKeystore: async () => memoryKeystore(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "profile 'sso' gets its credentials from SsoRoleCredentials, not stored long-term keys",
    );
  });
});
