import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/get-credentials.js";
import { harness } from "./engine-harness.js";

const ROLE = "arn:aws:iam::111111111111:role/R";
// The harness clock starts at 2026-01-01T00:00:00Z.
const processSpec = { "profile P": { credential_process: "get-creds" } };
const processPrinting = (expiration: string) =>
  harness(processSpec, {
    stored: [],
    processes: {
      "get-creds": JSON.stringify({
        Version: 1,
        AccessKeyId: "A",
        SecretAccessKey: "s",
        Expiration: expiration,
      }),
    },
  });

describe("getCredentials: fresh credentials must outlive the consumer's floor", () => {
  it("refuses credentials that expired before they were handed out, naming when", async () => {
    const h = processPrinting("2025-12-31T23:59:00Z");
    await expect(h.get("P")).rejects.toMatchObject({
      code: "CREDENTIALS_TOO_SHORT",
      profile: "P",
      data: { reason: "expired" },
      message:
        "credential_process of profile 'P' returned credentials that expired 1m0s ago (at 2025-12-31T23:59:00.000Z)",
    });
  });

  it("counts credentials expiring this very second as expired, even with no floor", async () => {
    const h = processPrinting("2026-01-01T00:00:00Z");
    await expect(h.get("P", { minTtlSeconds: 0 })).rejects.toMatchObject({
      code: "CREDENTIALS_TOO_SHORT",
      data: { reason: "expired" },
      message: expect.stringContaining("expired 0s ago"),
    });
  });

  it("refuses credentials with less life left than the floor, naming both", async () => {
    const h = processPrinting("2026-01-01T00:01:40Z");
    await expect(h.get("P", { minTtlSeconds: 300 })).rejects.toMatchObject({
      code: "CREDENTIALS_TOO_SHORT",
      profile: "P",
      data: { reason: "floor" },
      message:
        "credential_process of profile 'P' returned credentials that expire in 1m40s, less than the 5m0s they must have left",
    });
  });

  it("accepts credentials with exactly the floor left", async () => {
    const h = processPrinting("2026-01-01T00:05:00Z");
    expect(await h.get("P", { minTtlSeconds: 300 })).toMatchObject({ accessKeyId: "A" });
  });

  it("holds only the last hop to the floor: a short-lived source may still sign the role call", async () => {
    const h = harness(
      {
        "profile P": { credential_process: "get-creds" },
        "profile R": { role_arn: ROLE, source_profile: "P" },
      },
      {
        stored: [],
        processes: {
          "get-creds": JSON.stringify({
            Version: 1,
            AccessKeyId: "A",
            SecretAccessKey: "s",
            Expiration: "2026-01-01T00:01:40Z",
          }),
        },
      },
    );
    expect(await h.get("R", { minTtlSeconds: 300 })).toMatchObject({ accessKeyId: "ASIAFAKE0001" });
    expect(h.calls()).toEqual(["AssumeRole R R 3600s <- A"]);
  });
});

describe("getCredentials: a request that cannot meet the floor is refused before any call", () => {
  it("refuses a GetSessionToken that would last no longer than the floor", async () => {
    const h = harness({ "profile U": {} });
    await expect(h.get("U", { minTtlSeconds: 3600 })).rejects.toMatchObject({
      code: "CREDENTIALS_TOO_SHORT",
      profile: "U",
      data: { reason: "duration" },
      message:
        "GetSessionToken of profile 'U' would last 1h0m0s, but these credentials must have more than 1h0m0s left when handed out",
    });
    expect(h.calls()).toEqual([]);
  });

  it("makes the call when the duration exceeds the floor by a second", async () => {
    const h = harness({ "profile U": {} });
    await h.get("U", { minTtlSeconds: 3599 });
    expect(h.calls()).toEqual(["GetSessionToken U 3600s <- AKIAU"]);
  });

  it("serves a cached last hop that still meets the floor, though a new request could not", async () => {
    const h = harness({ "profile U": {} });
    const first = await h.get("U");
    const again = await h.get("U", { minTtlSeconds: 1000, resolve: { durationSeconds: 900 } });
    expect(again).toEqual(first);
    expect(h.calls()).toHaveLength(1);
  });

  it("serves a cached web identity source (hops[0]) that still meets the floor", async () => {
    const h = harness(
      { "profile W": { role_arn: ROLE, web_identity_token_file: "/token" } },
      { stored: [], files: { "/token": "jwt" } },
    );
    const first = await h.get("W");
    const again = await h.get("W", { minTtlSeconds: 1000, resolve: { durationSeconds: 900 } });
    expect(again).toEqual(first);
    expect(h.calls()).toEqual(["AssumeRoleWithWebIdentity W R 3600s"]);
  });

  it("hands out long-term keys without listing the session cache", async () => {
    const h = harness({ "profile U": {} });
    const unlisted = { ...h.deps.keystore, keys: () => Promise.reject(new Error("listing refused")) };
    const engine = createEngine({ ...h.deps, keystore: unlisted });
    const plan = h.plan("U", { noSession: true });
    expect(await engine.getCredentials(plan, { minTtlSeconds: 300 })).toEqual({
      accessKeyId: "AKIAU",
      secretAccessKey: "secret-U",
    });
  });
});
