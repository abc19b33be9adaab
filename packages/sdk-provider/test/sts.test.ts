import { isVaultError } from "@vault-cli/core";
import { type Moto, startMoto } from "@vault-cli/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lazySts } from "../src/index.js";

const MASTER = { accessKeyId: "AKIAMASTERKEY0000001", secretAccessKey: "master-secret" };
const ROLE_ARN = "arn:aws:iam::123456789012:role/Deploy";
const MFA = { serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "123456" };
let moto: Moto;

beforeAll(async () => {
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

const target = () => ({ profile: "dev", region: "eu-west-1", endpointUrl: moto.url });

describe("lazySts against moto", () => {
  it("GetSessionToken without MFA signs with the given key and returns dated credentials", async () => {
    const creds = await lazySts({ env: {} }).getSessionToken({
      ...target(),
      credentials: MASTER,
      durationSeconds: 900,
    });
    expect(creds.sessionToken).toBeTruthy();
    expect(creds.expiration).toBeInstanceOf(Date);
    const [call] = await moto.calls();
    expect(call).toMatchObject({ action: "GetSessionToken", accessKeyId: MASTER.accessKeyId });
    expect(call?.params).toMatchObject({ DurationSeconds: "900" });
    expect(call?.params.SerialNumber).toBeUndefined();
  });

  it("GetSessionToken with MFA sends the serial and code", async () => {
    await lazySts({ env: {} }).getSessionToken({
      ...target(),
      credentials: MASTER,
      durationSeconds: 3600,
      mfa: MFA,
    });
    const [call] = await moto.calls();
    expect(call?.params).toMatchObject({ SerialNumber: MFA.serialNumber, TokenCode: "123456" });
  });

  it("AssumeRole sends external id, session name, MFA, tags, transitive tags and source identity", async () => {
    const session = { accessKeyId: "ASIASESSION000000001", secretAccessKey: "s", sessionToken: "tok" };
    const creds = await lazySts({ env: {} }).assumeRole({
      ...target(),
      credentials: session,
      roleArn: ROLE_ARN,
      roleSessionName: "alice-session",
      durationSeconds: 1800,
      externalId: "ext-1",
      mfa: MFA,
      tags: { team: "blue", env: "dev" },
      transitiveTagKeys: ["team"],
      sourceIdentity: "alice",
    });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    const [call] = await moto.calls();
    expect(call).toMatchObject({
      action: "AssumeRole",
      accessKeyId: session.accessKeyId,
      sessionToken: "tok",
    });
    expect(call?.params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: "alice-session",
      DurationSeconds: "1800",
      ExternalId: "ext-1",
      SerialNumber: MFA.serialNumber,
      TokenCode: "123456",
      "Tags.member.1.Key": "team",
      "Tags.member.1.Value": "blue",
      "Tags.member.2.Key": "env",
      "TransitiveTagKeys.member.1": "team",
      SourceIdentity: "alice",
    });
  });

  it("AssumeRoleWithWebIdentity is sent unsigned", async () => {
    const creds = await lazySts({ env: {} }).assumeRoleWithWebIdentity({
      ...target(),
      roleArn: ROLE_ARN,
      roleSessionName: "web",
      durationSeconds: 900,
      webIdentityToken: "header.payload.signature",
    });
    expect(creds.sessionToken).toBeTruthy();
    const [call] = await moto.calls();
    expect(call).toMatchObject({ action: "AssumeRoleWithWebIdentity", accessKeyId: undefined });
    expect(call?.params.WebIdentityToken).toBe("header.payload.signature");
  });

  it("AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL, which wins over the profile's endpoint_url", async () => {
    const closed = "http://127.0.0.1:9";
    const input = { profile: "dev", region: "eu-west-1", credentials: MASTER, durationSeconds: 900 };
    const env1 = { AWS_ENDPOINT_URL_STS: moto.url, AWS_ENDPOINT_URL: closed };
    await lazySts({ env: env1 }).getSessionToken({ ...input, endpointUrl: closed });
    await lazySts({ env: { AWS_ENDPOINT_URL: moto.url } }).getSessionToken({ ...input, endpointUrl: closed });
    await lazySts({ env: {} }).getSessionToken({ ...input, endpointUrl: moto.url });
    expect(await moto.count("GetSessionToken")).toBe(3);
  });

  it("an unreachable endpoint is STS_FAILED naming profile, call and endpoint", async () => {
    const sts = lazySts({ env: {} });
    const error = await sts
      .assumeRole({
        ...target(),
        endpointUrl: "http://127.0.0.1:9",
        credentials: MASTER,
        roleArn: ROLE_ARN,
        roleSessionName: "s",
        durationSeconds: 900,
      })
      .catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("STS_FAILED");
    expect((error as Error).message).toBe(
      `profile 'dev': AssumeRole ${ROLE_ARN} failed: cannot reach STS at http://127.0.0.1:9 (ECONNREFUSED)`,
    );
  });

  it("a ValidationError from STS names the call and AWS's message", async () => {
    const error = await lazySts({ env: {} })
      .assumeRole({
        ...target(),
        credentials: MASTER,
        roleArn: ROLE_ARN,
        roleSessionName: "x".repeat(65),
        durationSeconds: 900,
      })
      .catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("STS_FAILED");
    expect((error as Error).message).toMatch(
      /^profile 'dev': AssumeRole arn:aws:iam::123456789012:role\/Deploy failed: ValidationError: /,
    );
  });
});
