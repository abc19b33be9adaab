import { describe, expect, it } from "vitest";
import {
  decodeMasterCredentials,
  encodeMasterCredentials,
  isVaultError,
  type Keystore,
  type RotateInput,
  rotateStoredKey,
  VaultError,
} from "../../src/index.js";
import { type FakeIam, fakeClock, fakeIam, fakeSts, memoryKeystore } from "../../src/testing/index.js";

// rotate's order is its safety: a fault at any step leaves a working key stored, and the message says what
// IAM holds. Each test breaks one step with the fakes and reads the keystore and IAM afterwards.
const OLD = { accessKeyId: "AKIAOLD00000OLD1", secretAccessKey: "old-secret" };

function world(
  options: {
    iamFails?: (action: string, key?: string, signer?: string) => boolean;
    checkFails?: number;
  } = {},
) {
  const clock = fakeClock();
  let checks = 0;
  const sts = fakeSts({
    clock,
    fail: (call) =>
      call.action === "GetCallerIdentity" && ++checks <= (options.checkFails ?? 0)
        ? new VaultError(
            "STS_FAILED",
            "InvalidClientTokenId: The security token included in the request is invalid",
          )
        : undefined,
  });
  const iam = fakeIam({
    active: [OLD.accessKeyId],
    fail: (call) =>
      options.iamFails?.(call.action, call.accessKeyId, call.signedBy)
        ? new VaultError("IAM_FAILED", `profile 'jon': ${call.action} failed: AccessDenied`)
        : undefined,
  });
  const keystore = memoryKeystore({ jon: encodeMasterCredentials(OLD) });
  const lines: string[] = [];
  const input: RotateInput = {
    owner: "jon",
    signer: OLD,
    region: "us-east-1",
    report: (line) => lines.push(line),
  };
  const deps = {
    keystore: keystore as Keystore,
    sts,
    iam,
    clock,
    sleep: async (ms: number) => clock.advance(ms),
  };
  const stored = async () => decodeMasterCredentials((await keystore.get("jon"))!, "jon").accessKeyId;
  return { clock, sts, iam, keystore, lines, input, deps, stored };
}

async function failure(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVaultError(error)) throw new Error(`expected a VaultError, got ${String(error)}`);
  return error;
}

const activeKeys = (iam: FakeIam) => [...iam.active].sort();

describe("rotateStoredKey", () => {
  it("creates, proves, stores, then deletes the old key, all signed by the signer, and says each step", async () => {
    const { deps, input, iam, sts, lines, stored } = world();
    expect(await rotateStoredKey(deps, input)).toEqual({
      oldKeyId: OLD.accessKeyId,
      newKeyId: "AKIANEW0001",
    });
    expect(await stored()).toBe("AKIANEW0001");
    expect(activeKeys(iam)).toEqual(["AKIANEW0001"]);
    expect(iam.calls).toEqual([
      { action: "CreateAccessKey", profile: "jon", signedBy: OLD.accessKeyId },
      { action: "DeleteAccessKey", profile: "jon", signedBy: OLD.accessKeyId, accessKeyId: OLD.accessKeyId },
    ]);
    expect(sts.calls.map((call) => [call.action, call.credentialsUsed])).toEqual([
      ["GetCallerIdentity", "AKIANEW0001"],
    ]);
    expect(lines).toEqual([
      "Creating a new access key",
      "Created new access key ****0001",
      "The new key ****0001 works",
      "Stored the new key for 'jon'",
      "Deleting old access key ****OLD1",
      "Deleted old access key ****OLD1",
    ]);
  });

  it("waits for IAM to let the new key work, trying every 2 seconds", async () => {
    const { deps, input, sts, clock, stored } = world({ checkFails: 3 });
    const started = clock().getTime();
    await rotateStoredKey(deps, input);
    expect(sts.calls.filter((call) => call.action === "GetCallerIdentity")).toHaveLength(4);
    expect(clock().getTime() - started).toBe(6000);
    expect(await stored()).toBe("AKIANEW0001");
  });

  it("create fails: nothing changes", async () => {
    const { deps, input, iam, stored } = world({ iamFails: (action) => action === "CreateAccessKey" });
    const error = await failure(rotateStoredKey(deps, input));
    expect([error.code, error.data.step]).toEqual(["ROTATE_FAILED", "create"]);
    expect(error.message).toBe(
      "rotating the key of 'jon': IAM did not create a new key: profile 'jon': CreateAccessKey failed: AccessDenied. " +
        "Nothing changed: ****OLD1 is still stored and active.",
    );
    expect(await stored()).toBe(OLD.accessKeyId);
    expect(activeKeys(iam)).toEqual([OLD.accessKeyId]);
  });

  it("the new key never works: it is deleted again and the old one stays stored and active", async () => {
    const { deps, input, iam, stored } = world({ checkFails: 1000 });
    const error = await failure(rotateStoredKey({ ...deps }, { ...input, waitMs: 10_000 }));
    expect(error.data.step).toBe("check");
    expect(error.message).toMatch(
      /^rotating the key of 'jon': the new key \*\*\*\*0001 did not work within 10s \(VAULT_CLI_ROTATE_WAIT\): /,
    );
    expect(error.message).toMatch(
      /The new key \*\*\*\*0001 was deleted again; \*\*\*\*OLD1 is still stored and active\.$/,
    );
    expect(await stored()).toBe(OLD.accessKeyId);
    expect(activeKeys(iam)).toEqual([OLD.accessKeyId]);
  });

  it("the new key never works and cannot be deleted either: the message says to delete it in IAM", async () => {
    const { deps, input, iam, stored } = world({
      checkFails: 1000,
      iamFails: (action, key) => action === "DeleteAccessKey" && key === "AKIANEW0001",
    });
    const error = await failure(rotateStoredKey(deps, { ...input, waitMs: 4000 }));
    expect(error.message).toMatch(
      /Deleting the new key \*\*\*\*0001 failed too \(.*AccessDenied\): delete it in IAM \(the user's security credentials\); \*\*\*\*OLD1 is still stored and active\.$/,
    );
    expect(await stored()).toBe(OLD.accessKeyId);
    expect(activeKeys(iam)).toEqual(["AKIANEW0001", OLD.accessKeyId].sort());
  });

  it("the keystore write fails: the new key is deleted again and the old one still works", async () => {
    const { deps, input, iam, keystore } = world();
    const broken: Keystore = {
      ...keystore,
      set: async () => {
        throw new VaultError("KEYSTORE_WRITE", "disk full");
      },
    };
    const error = await failure(rotateStoredKey({ ...deps, keystore: broken }, input));
    expect(error.data.step).toBe("store");
    expect(error.message).toBe(
      "rotating the key of 'jon': the new key ****0001 could not be stored: disk full. " +
        "The new key ****0001 was deleted again; ****OLD1 is still stored and active.",
    );
    expect(decodeMasterCredentials((await keystore.get("jon"))!, "jon").accessKeyId).toBe(OLD.accessKeyId);
    expect(activeKeys(iam)).toEqual([OLD.accessKeyId]);
  });

  it("the old key cannot be deleted: the new key is stored and works, and the message says the old is active", async () => {
    const { deps, input, iam, stored } = world({
      iamFails: (action, key) => action === "DeleteAccessKey" && key === OLD.accessKeyId,
    });
    const error = await failure(rotateStoredKey(deps, { ...input, waitMs: 4000 }));
    expect(error.data.step).toBe("delete");
    expect(error.message).toMatch(
      /^rotating the key of 'jon': the old key \*\*\*\*OLD1 could not be deleted: /,
    );
    expect(error.message).toMatch(
      /The new key \*\*\*\*0001 is stored and works; \*\*\*\*OLD1 is still active: delete it in IAM \(the user's security credentials\)\.$/,
    );
    expect(await stored()).toBe("AKIANEW0001");
    expect(activeKeys(iam)).toEqual(["AKIANEW0001", OLD.accessKeyId].sort());
  });

  it("a signer refused for the delete: the new key deletes the old one", async () => {
    const { deps, input, iam, stored } = world({
      iamFails: (action, _key, signer) => action === "DeleteAccessKey" && signer === "ASIASESSION",
    });
    const session = { accessKeyId: "ASIASESSION", secretAccessKey: "s", sessionToken: "t" };
    await rotateStoredKey(deps, { ...input, signer: session, waitMs: 2000 });
    expect(await stored()).toBe("AKIANEW0001");
    expect(activeKeys(iam)).toEqual(["AKIANEW0001"]);
    expect(iam.calls.at(-1)).toEqual({
      action: "DeleteAccessKey",
      profile: "jon",
      signedBy: "AKIANEW0001",
      accessKeyId: OLD.accessKeyId,
    });
  });

  it("a profile with no stored key has nothing to rotate; a damaged item is named", async () => {
    const { deps, input, keystore } = world();
    const error = await failure(rotateStoredKey(deps, { ...input, owner: "nobody" }));
    expect([error.code, error.message, error.profile]).toEqual([
      "CREDENTIALS_MISSING",
      "profile 'nobody' has no stored credentials to rotate",
      "nobody",
    ]);
    await keystore.set("jon", "{not json");
    expect((await failure(rotateStoredKey(deps, input))).message).toContain("credentials of 'jon'");
  });

  it("tries while the wait lasts and no longer: 3 checks in 4 seconds", async () => {
    const { deps, input, sts } = world({ checkFails: 1000 });
    await failure(rotateStoredKey(deps, { ...input, waitMs: 4000 }));
    expect(sts.calls.filter((call) => call.action === "GetCallerIdentity")).toHaveLength(3);
  });

  it("names a failure that is not an Error as it is", async () => {
    const { deps, input } = world();
    const iam = { ...deps.iam, createAccessKey: () => Promise.reject("throttled") };
    const error = await failure(rotateStoredKey({ ...deps, iam }, input));
    expect(error.message).toBe(
      "rotating the key of 'jon': IAM did not create a new key: throttled. Nothing changed: ****OLD1 is still stored and active.",
    );
  });
});
