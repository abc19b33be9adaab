import { describe, expect, it } from "vitest";
import { userAndRole } from "../chain/decision-table-rows.js";
import { M, M2, R_ARN, R1_ARN, R2_ARN } from "../chain/hop-shape.js";
import { HOUR_MS, harness } from "./engine-harness.js";

describe("getCredentials: session cache", () => {
  it("a second call within the TTL makes no STS call and reads no master keys", async () => {
    const h = harness(
      {
        "profile U": { mfa_serial: M },
        "profile R1": { role_arn: R1_ARN, source_profile: "U", mfa_serial: M },
        "profile R2": { role_arn: R2_ARN, source_profile: "R1", mfa_serial: M },
      },
      { codes: ["1"] },
    );
    const first = await h.get("R2");
    await h.keystore.remove("U"); // any read of the master keys would now fail
    h.clock.advance(HOUR_MS / 2);
    expect(await h.get("R2")).toEqual(first);
    expect(h.sts.calls).toHaveLength(3);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
  });

  it("an item with less than minTtlSeconds left is refreshed and replaces the old key", async () => {
    const h = harness({ "profile U": {} });
    await h.get("U");
    h.clock.advance(HOUR_MS - 6 * 60_000); // 6 minutes left: still served with the 5-minute default
    await h.get("U");
    expect(h.sts.calls).toHaveLength(1);
    await h.get("U", { minTtlSeconds: 900 }); // credential_process asks for 15 minutes
    expect(h.sts.calls).toHaveLength(2);
    expect(await h.sessionKeys()).toEqual(["sts.GetSessionToken,VQ,,1767232440"]);
  });

  it("noCache (rotate) neither reads nor writes the cache", async () => {
    const h = harness({ "profile U": {} });
    await h.get("U");
    await h.get("U", { noCache: true });
    expect(h.sts.calls).toHaveLength(2);
    expect(await h.sessionKeys()).toEqual(["sts.GetSessionToken,VQ,,1767229200"]);
  });

  it("a config edit to the role ARN or external id is not served the stale role item", async () => {
    const h = harness(userAndRole());
    await h.get("R");
    h.edit({ "profile U": {}, "profile R": { role_arn: R2_ARN, source_profile: "U" } });
    await h.get("R");
    h.edit({ "profile U": {}, "profile R": { role_arn: R2_ARN, source_profile: "U", external_id: "x" } });
    await h.get("R");
    await h.get("R");
    expect(h.calls()).toEqual([
      "AssumeRole R R 3600s <- AKIAU",
      "AssumeRole R R2 3600s <- AKIAU",
      "AssumeRole R R2 3600s <- AKIAU",
    ]);
    expect(h.sts.calls[2]).toMatchObject({ externalId: "x" });
  });

  it("a role item made from another source (the user lost its MFA serial) is not served", async () => {
    const h = harness(userAndRole(M, M), { codes: ["1", "2"] });
    await h.get("R"); // row 5: sts.AssumeRole(R, M), chained from GetSessionToken(U, M)
    h.edit(userAndRole(undefined, M)); // row 6: same slot sts.AssumeRole(R, M), now from the keys
    await h.get("R");
    expect(h.calls().at(-1)).toBe(`AssumeRole R R 3600s [${M}:2] <- AKIAU`);
  });

  it("a changed MFA serial uses another slot, so the old session is not served", async () => {
    const h = harness({ "profile U": { mfa_serial: M } }, { codes: ["1", "2"] });
    await h.get("U");
    h.edit({ "profile U": { mfa_serial: M2 } });
    await h.get("U");
    expect(h.calls()).toEqual([
      `GetSessionToken U 3600s [${M}:1] <- AKIAU`,
      `GetSessionToken U 3600s [${M2}:2] <- AKIAU`,
    ]);
  });

  it("row 5: the cached GetSessionToken of U serves another role with the same source and serial", async () => {
    const spec = {
      ...userAndRole(M, M),
      "profile R2": { role_arn: R2_ARN, source_profile: "U", mfa_serial: M },
    };
    const h = harness(spec, { codes: ["1"] });
    await h.get("R");
    await h.get("R2");
    expect(h.calls()).toEqual([
      `GetSessionToken U 28800s [${M}:1] <- AKIAU`,
      "AssumeRole R R 3600s <- ASIAFAKE0001",
      "AssumeRole R2 R2 3600s <- ASIAFAKE0001",
    ]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
  });

  it("serves a role item stored with metadata that names the role", async () => {
    const h = harness({ "profile U": {}, "profile R": { role_arn: R_ARN, source_profile: "U" } });
    await h.get("R");
    await h.get("R");
    expect(h.sts.calls).toHaveLength(1);
  });
});

describe("settings beyond the role ARN also invalidate a cached item", () => {
  it("new session tags or source identity make a new AssumeRole", async () => {
    const h = harness(userAndRole());
    await h.get("R");
    h.edit({
      "profile U": {},
      "profile R": { role_arn: R_ARN, source_profile: "U", session_tags: "team=a" },
    });
    await h.get("R");
    h.edit({
      "profile U": {},
      "profile R": { role_arn: R_ARN, source_profile: "U", session_tags: "team=a", source_identity: "me" },
    });
    await h.get("R");
    await h.get("R");
    expect(h.sts.calls.filter((c) => c.action === "AssumeRole")).toHaveLength(3);
  });

  it("an edited credential_process command runs the new command instead of serving the old item", async () => {
    const creds = (key: string) =>
      JSON.stringify({
        Version: 1,
        AccessKeyId: key,
        SecretAccessKey: "s",
        SessionToken: "t",
        Expiration: "2026-01-01T05:00:00Z",
      });
    const h = harness(
      { "profile P": { credential_process: "old-tool" } },
      {
        stored: [],
        processes: { "old-tool": creds("AKIAOLD"), "new-tool": creds("AKIANEW") },
      },
    );
    expect((await h.get("P")).accessKeyId).toBe("AKIAOLD");
    expect((await h.get("P")).accessKeyId).toBe("AKIAOLD");
    h.edit({ "profile P": { credential_process: "new-tool" } });
    expect((await h.get("P")).accessKeyId).toBe("AKIANEW");
    expect(h.runProcess.runs.map((r) => r.command)).toEqual(["old-tool", "new-tool"]);
  });
});
