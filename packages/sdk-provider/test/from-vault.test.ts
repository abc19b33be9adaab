import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CredentialsProviderError } from "@smithy/property-provider";
import { encodeMasterCredentials, isVaultError } from "@vault-cli/core";
import { fakeClock } from "@vault-cli/core/testing";
import { passKeystore } from "@vault-cli/keystores/pass";
import { createPassStore, type Moto, startMoto, startStsProxy, tempDir } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FromVaultOptions, fromVault } from "../src/index.js";
import { JON_KEYS, roleConfig, roleUser } from "./support/role-user.js";

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto({ record: true });
});
afterAll(async () => {
  await moto?.stop();
});

async function setup(config = roleConfig({ mfaProcess: false })) {
  await moto.reset();
  const user = await roleUser(moto.url, config);
  const codes: string[] = [];
  const options: FromVaultOptions = {
    env: user.env,
    mfaCodeProvider: async (serial) => {
      codes.push(serial);
      return "123456";
    },
  };
  return { user, codes, options };
}

const clientConfig = (credentials: ReturnType<typeof fromVault>) => ({
  region: "us-east-1",
  endpoint: moto.url,
  credentials,
});
const stsCalls = async () => ({
  gst: await moto.count("GetSessionToken"),
  ar: await moto.count("AssumeRole"),
});

describe("fromVault with real SDK clients against moto", () => {
  it("STSClient and IAMClient act as the assumed role, after one MFA code", async () => {
    const { codes, options } = await setup();
    const sts = new STSClient(clientConfig(fromVault("admin", options)));
    const who = await sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/admin\//);
    const iam = new IAMClient(clientConfig(fromVault("admin", options)));
    await iam.send(new ListUsersCommand({}));
    const credentials = await fromVault("admin", options)();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.expiration).toBeInstanceOf(Date);
    const listUsers = (await moto.calls()).find((call) => call.action === "ListUsers");
    expect(listUsers?.accessKeyId).toBe(credentials.accessKeyId);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(codes).toEqual(["arn:aws:iam::123456789012:mfa/jon"]);
  });

  it("10 clients created at once make one GetSessionToken, one AssumeRole and ask once", async () => {
    const { codes, options } = await setup();
    const clients = Array.from(
      { length: 10 },
      () => new STSClient(clientConfig(fromVault("admin", options))),
    );
    const arns = await Promise.all(
      clients.map(async (client) => (await client.send(new GetCallerIdentityCommand({}))).Arn),
    );
    expect(new Set(arns).size).toBe(1);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
    expect(codes).toHaveLength(1);
  });

  it("shares no memo across passphrases: a wrong one fails, however warm the right one's memo is", async () => {
    const { options } = await setup();
    const first = await fromVault("admin", options)();
    const wrong = fromVault("admin", {
      ...options,
      env: { ...options.env, AWS_VAULT_FILE_PASSPHRASE: "wrong" },
    });
    const error = await wrong().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(((error as Error).cause as { code?: string }).code).toBe("KEYSTORE_LOCKED");
    expect((await fromVault("admin", options)()).accessKeyId).toBe(first.accessKeyId);
  });

  it("shares no memo across GNUPGHOME or PASSWORD_STORE_DIR: another key or store is asked itself", async () => {
    const store = await createPassStore();
    try {
      const { options } = await setup();
      await passKeystore({ dir: store.dir, env: store.env }).set("jon", encodeMasterCredentials(JON_KEYS));
      const env = { ...options.env, ...store.env, AWS_VAULT_BACKEND: "pass", PASSWORD_STORE_DIR: store.dir };
      expect((await fromVault("admin", { ...options, env })()).accessKeyId).toMatch(/^ASIA/);
      for (const [name, value] of [
        ["GNUPGHOME", tempDir("gnupg-without-keys")],
        ["PASSWORD_STORE_DIR", tempDir("another-store")],
      ] as const) {
        const other = fromVault("admin", { ...options, env: { ...env, [name]: value } });
        expect(await other().catch((e: unknown) => e), name).toBeInstanceOf(CredentialsProviderError);
      }
    } finally {
      await store.remove();
    }
  });

  it("a provider made later reads the keystore cache, not STS", async () => {
    const { options } = await setup();
    const first = await fromVault("admin", options)();
    // Another env spelling of the same user: a new memo, so only the keystore cache can serve it.
    const second = await fromVault("admin", { ...options, env: { ...options.env, AWS_VAULT_X: "1" } })();
    expect(second.accessKeyId).toBe(first.accessKeyId);
    expect(await stsCalls()).toEqual({ gst: 1, ar: 1 });
  });

  it("keeps working past the role's lifetime: the role is assumed again from the one MFA session", async () => {
    const { codes, options } = await setup();
    const clock = fakeClock(new Date());
    // moto dates credentials by the wall clock: this STS of the test's own dates them by the test's clock.
    const sts = await startStsProxy(moto.url, {
      expiration: (seconds) => new Date(clock().getTime() + seconds * 1000),
    });
    try {
      const env = { ...options.env, AWS_ENDPOINT_URL: sts.url };
      const provider = fromVault("admin", {
        ...options,
        env,
        durationSeconds: 900,
        refreshWindowSeconds: 300,
        clock,
      });
      const client = new STSClient(clientConfig(provider));
      const first = (await provider()).accessKeyId;
      expect((await client.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/assumed-role\/admin\//);
      for (const _ of [1, 2, 3]) clock.advance(700_000); // the role's 15 minutes are long over; the MFA session's 8 h are not
      const second = (await provider()).accessKeyId;
      expect((await client.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/assumed-role\/admin\//);
      expect(second).not.toBe(first);
      expect((await provider()).accessKeyId).toBe(second); // the new role's credentials, from the memo
      const { gst, ar } = await stsCalls();
      expect([gst, ar, codes.length]).toEqual([1, 2, 1]);
      const roleDuration = (await moto.calls()).find((call) => call.action === "AssumeRole")?.params;
      expect(roleDuration).toMatchObject({ DurationSeconds: "900" });
    } finally {
      await sts.stop();
    }
  });
});

describe("fromVault errors", () => {
  it("are CredentialsProviderErrors that stop the chain, with the VaultError as cause", async () => {
    const { options } = await setup();
    const error = await fromVault("nobody", options)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toMatchObject({ name: "CredentialsProviderError", tryNextLink: false });
    const cause = (error as Error).cause;
    expect(isVaultError(cause) && cause.code).toBe("PROFILE_NOT_FOUND");
    expect((error as Error).message).toMatch(/^fromVault\('nobody'\): .*nobody/);
  });

  it("an MFA profile without mfaCodeProvider or mfa_process names the device and the fix", async () => {
    const { options } = await setup();
    const client = new STSClient(clientConfig(fromVault("admin", { env: options.env })));
    const error = await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect((error as Error).message).toContain("arn:aws:iam::123456789012:mfa/jon");
    expect((error as Error).message).toContain("mfaCodeProvider");
    expect(isVaultError((error as Error).cause)).toBe(true);
    expect(await stsCalls()).toEqual({ gst: 0, ar: 0 });
  });

  it("mfa_process in the config works without an mfaCodeProvider", async () => {
    const { user } = await setup(roleConfig({ mfaProcess: true }));
    const who = await new STSClient(clientConfig(fromVault("admin", { env: user.env }))).send(
      new GetCallerIdentityCommand({}),
    );
    expect(who.Arn).toMatch(/assumed-role\/admin\//);
    expect(user.mfaRuns()).toBe(1);
  });

  it("an STS failure names the profile and the call, never the secret", async () => {
    const { options } = await setup();
    const env = { ...options.env, AWS_ENDPOINT_URL: "http://127.0.0.1:9" };
    const error = await fromVault("admin", { ...options, env })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect((error as Error).message).toMatch(/jon.*GetSessionToken/);
    expect((error as Error).message).not.toContain(JON_KEYS.secretAccessKey);
  });
});
