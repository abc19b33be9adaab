import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { decodeMasterCredentials, encodeMasterCredentials, VaultError } from "@vault-cli/core";
import { fakeClock, fakeIam, fakeSts, memoryKeystore } from "@vault-cli/core/testing";
import {
  assertBuilt,
  createPassStore,
  type Moto,
  type MotoUser,
  startMoto,
  tempDir,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { runCli } from "./support/test-io.js";

// rotate against moto's IAM in auth mode: after the set-up, every call must be signed by a key moto issued,
// so a deleted key is refused from then on.
let moto: Moto;
let alice: MotoUser;
let deployArn: string;
/** Users of the fault tests, one each, made while moto still takes unsigned set-up calls (3 per user). */
const FAULT_USERS = ["faultcreateaccesskey", "faultgetcalleridentity", "faultdeleteaccesskey", "faultstore"];
const faultUsers = new Map<string, MotoUser>();
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ auth: 4 + 3 * FAULT_USERS.length, record: true });
  alice = await moto.createUser("alice");
  deployArn = await moto.createRole("Deploy", alice.arn);
  for (const name of FAULT_USERS) faultUsers.set(name, await moto.createUser(name));
});
afterAll(() => moto?.stop());

/** The AWS CLI's answer to get-caller-identity signed by `keys` (no vault-cli involved). */
function callerWith(keys: { accessKeyId: string; secretAccessKey: string }, env: Record<string, string>) {
  return spawnSync("aws", ["sts", "get-caller-identity", "--output", "json"], {
    encoding: "utf8",
    env: { ...env, ...awsEnv(keys) },
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

/**
 * moto behind a loopback proxy that refuses one action (AccessDenied) and passes every other request on as it
 * came, Host header included, so moto's signature check still holds.
 */
async function refusing(action: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const target = new URL(moto.url);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (new URLSearchParams(body.toString("utf8")).get("Action") === action) {
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>refused by the test</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      );
      return;
    }
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh moto user stored under its own name (each fault test gets its own, with one active key). */
async function freshUser(name: string, env: Record<string, string> = {}) {
  const keys = faultUsers.get(name)!;
  const user = vaultHome(moto.url, `[profile ${name}]\nregion = us-east-1\n`, {
    env: { VAULT_CLI_ROTATE_WAIT: "3s", ...env },
  });
  await user.storeKeys(name, keys);
  const keyCount = () => {
    const listed = spawnSync("aws", ["iam", "list-access-keys", "--output", "json"], {
      encoding: "utf8",
      env: { ...user.env, ...awsEnv(keys) },
    });
    return (JSON.parse(listed.stdout) as { AccessKeyMetadata: unknown[] }).AccessKeyMetadata.length;
  };
  return { keys, user, keyCount };
}

/** The AWS CLI straight to moto (never through a test's proxy: spawnSync would block the proxy it waits on). */
const awsEnv = (keys: { accessKeyId: string; secretAccessKey: string }) => ({
  AWS_ENDPOINT_URL: moto.url,
  AWS_ACCESS_KEY_ID: keys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
  AWS_DEFAULT_REGION: "us-east-1",
});

describe("vault-cli rotate with a fault at each step (moto auth mode)", () => {
  it.each([
    [
      "CreateAccessKey",
      "create",
      /IAM did not create a new key: .*AccessDenied.*Nothing changed: \*\*\*\*\w{4} is still stored and active\.$/,
      1,
    ],
    [
      "GetCallerIdentity",
      "check",
      /did not work within 3s \(VAULT_CLI_ROTATE_WAIT\): .*The new key \*\*\*\*\w{4} was deleted again; \*\*\*\*\w{4} is still stored and active\.$/,
      1,
    ],
    [
      "DeleteAccessKey",
      "delete",
      /could not be deleted: .*The new key \*\*\*\*\w{4} is stored and works; \*\*\*\*\w{4} is still active: delete it in IAM/,
      2,
    ],
  ] as const)(
    "%s refused: a working key stays stored (step %s)",
    async (action, _step, message, keysAfter) => {
      const proxy = await refusing(action);
      try {
        const { keys, user, keyCount } = await freshUser(`fault${action.toLowerCase()}`, {
          AWS_ENDPOINT_URL: proxy.url,
        });
        const r = await user.vaultAsync(["rotate", `fault${action.toLowerCase()}`]);
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split("\n").at(-1)).toMatch(message);
        expect(keyCount()).toBe(keysAfter);
        // The stored key works, whichever it is.
        const stored = decodeMasterCredentials(
          (await user.keystore().get(`fault${action.toLowerCase()}`))!,
          "stored",
        );
        expect(callerWith(stored, user.env).status).toBe(0);
        expect(stored.accessKeyId === keys.accessKeyId).toBe(action !== "DeleteAccessKey");
      } finally {
        await proxy.stop();
      }
    },
  );

  it("the keystore refuses the new key (pass insert fails): the new key is deleted again, the old one still works", async () => {
    const store = await createPassStore();
    const dir = tempDir("pass-wrapper");
    const wrapper = join(dir, "pass");
    // pass itself, except that storing fails, as on a full disk.
    writeFileSync(
      wrapper,
      '#!/bin/sh\nif [ "$1" = insert ]; then echo "disk full" >&2; exit 1; fi\nexec pass "$@"\n',
    );
    chmodSync(wrapper, 0o755);
    const keys = faultUsers.get("faultstore")!;
    const user = vaultHome(moto.url, "[profile faultstore]\nregion = us-east-1\n", {
      env: {
        GNUPGHOME: store.env.GNUPGHOME!,
        AWS_VAULT_PASS_PASSWORD_STORE_DIR: store.dir,
        AWS_VAULT_BACKEND: "pass",
        VAULT_CLI_ROTATE_WAIT: "3s",
      },
    });
    const add = await user.vaultAsync(["add", "--env", "faultstore"], awsEnv(keys));
    expect(add.code, add.stderr).toBe(0);
    const r = await user.vaultAsync(["rotate", "faultstore"], { AWS_VAULT_PASS_CMD: wrapper });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(
      /the new key \*\*\*\*\w{4} could not be stored: .*The new key \*\*\*\*\w{4} was deleted again; \*\*\*\*\w{4} is still stored and active\.$/,
    );
    const listed = spawnSync("aws", ["iam", "list-access-keys", "--output", "json"], {
      encoding: "utf8",
      env: { ...user.env, ...awsEnv(keys) },
    });
    expect(
      JSON.parse(listed.stdout).AccessKeyMetadata.map((k: { AccessKeyId: string }) => k.AccessKeyId),
    ).toEqual([keys.accessKeyId]);
    const exported = await user.vaultAsync(["export", "--no-session", "faultstore"]);
    expect(exported.stdout).toContain(`AWS_ACCESS_KEY_ID=${keys.accessKeyId}\n`);
    await store.remove();
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
