import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { type AwsCredentials, isVaultError } from "@vault-cli/core";
import { errorOf, type Moto, type MotoUser, startMoto } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lazySts } from "../src/index.js";

let moto: Moto;
let alice: MotoUser;
let deployArn: string;
let lockedArn: string;

beforeAll(async () => {
  moto = await startMoto({ auth: 5, record: true });
  alice = await moto.createUser("alice"); // 3 calls
  deployArn = await moto.createRole("Deploy", alice.arn); // 1
  lockedArn = await moto.createRole("Locked", "arn:aws:iam::123456789012:user/bob"); // 1
});
afterAll(() => moto?.stop());

const base = () => ({ profile: "dev", region: "us-east-1", endpointUrl: moto.url, durationSeconds: 900 });

async function callerArn(credentials: AwsCredentials): Promise<string | undefined> {
  const client = new STSClient({ region: "us-east-1", endpoint: moto.url, credentials });
  try {
    return (await client.send(new GetCallerIdentityCommand({}))).Arn;
  } finally {
    client.destroy();
  }
}

describe("lazySts against moto in auth mode", () => {
  it("AssumeRole returns credentials whose caller identity is the role", async () => {
    const sts = lazySts({ env: {} });
    const creds = await sts.assumeRole({
      ...base(),
      credentials: alice,
      roleArn: deployArn,
      roleSessionName: "s1",
    });
    expect(await callerArn(creds)).toBe("arn:aws:sts::123456789012:assumed-role/Deploy/s1");
  });

  it("a trust policy that excludes the caller is STS_FAILED AccessDenied naming profile and role", async () => {
    const error = await errorOf(
      lazySts({ env: {} }).assumeRole({
        ...base(),
        credentials: alice,
        roleArn: lockedArn,
        roleSessionName: "s2",
      }),
    );
    expect(isVaultError(error) && error.code).toBe("STS_FAILED");
    expect((error as Error).message).toMatch(`profile 'dev': AssumeRole ${lockedArn} failed: AccessDenied: `);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("an unknown access key is InvalidClientTokenId, with no key material in the message", async () => {
    const unknown = { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "not-a-real-secret" };
    const error = await errorOf(lazySts({ env: {} }).getSessionToken({ ...base(), credentials: unknown }));
    expect(isVaultError(error) && error.code).toBe("STS_FAILED");
    expect((error as Error).message).toMatch(
      /^profile 'dev': GetSessionToken failed: InvalidClientTokenId: /,
    );
    expect((error as Error).message).not.toContain("AKIAUNKNOWN000000000");
    expect((error as Error).message).not.toContain("not-a-real-secret");
  });

  it("a wrong secret is SignatureDoesNotMatch", async () => {
    const wrong = { accessKeyId: alice.accessKeyId, secretAccessKey: "wrong" };
    const error = await errorOf(
      lazySts({ env: {} }).assumeRole({
        ...base(),
        credentials: wrong,
        roleArn: deployArn,
        roleSessionName: "s3",
      }),
    );
    expect((error as Error).message).toContain("failed: SignatureDoesNotMatch: ");
  });
});
