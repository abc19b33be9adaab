import { describe, expect, it } from "vitest";
import { twoRoles, userAndRole } from "../chain/decision-table-rows.js";
import { M, M2 } from "../chain/hop-shape.js";
import { harness } from "./engine-harness.js";

// aws-vault.md §4.4 rows 1-12 end to end (planCredentials + getCredentials), ByteNess v7.13.5 column.
describe("getCredentials: decision table rows 1-12", () => {
  it("row 1: exec U without mfa: GetSessionToken 1h from the keys, cached (U, '')", async () => {
    const h = harness({ "profile U": {} });
    const credentials = await h.get("U");
    expect(h.calls()).toEqual(["GetSessionToken U 3600s <- AKIAU"]);
    expect(credentials).toEqual({
      accessKeyId: "ASIAFAKE0001",
      secretAccessKey: "secret-0001",
      sessionToken: "token-0001",
      expiration: new Date("2026-01-01T01:00:00Z"),
    });
    expect(await h.sessionKeys()).toEqual(["sts.GetSessionToken,VQ,,1767229200"]);
  });

  it("row 2: exec U with mfa: GetSessionToken with the code, one prompt", async () => {
    const h = harness({ "profile U": { mfa_serial: M } }, { codes: ["123456"] });
    await h.get("U");
    expect(h.calls()).toEqual([`GetSessionToken U 3600s [${M}:123456] <- AKIAU`]);
    expect(h.mfaPrompt.prompts).toEqual([{ profile: "U", mfaSerial: M }]);
  });

  it("row 3: exec U --no-session: the long-term keys, no STS call, nothing cached", async () => {
    const h = harness({ "profile U": { mfa_serial: M } });
    const credentials = await h.get("U", { resolve: { noSession: true } });
    expect(credentials).toEqual({ accessKeyId: "AKIAU", secretAccessKey: "secret-U" });
    expect(h.calls()).toEqual([]);
    expect(await h.sessionKeys()).toEqual([]);
  });

  it("row 4: exec R, no mfa: AssumeRole from the keys without MFA", async () => {
    const h = harness(userAndRole());
    const credentials = await h.get("R");
    expect(h.calls()).toEqual(["AssumeRole R R 3600s <- AKIAU"]);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0001");
  });

  it("row 5: exec R, both M: GetSessionToken(U) 8h with MFA, AssumeRole chained from the session", async () => {
    const h = harness(userAndRole(M, M), { codes: ["111111"] });
    const credentials = await h.get("R");
    expect(h.calls()).toEqual([
      `GetSessionToken U 28800s [${M}:111111] <- AKIAU`,
      "AssumeRole R R 3600s <- ASIAFAKE0001",
    ]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0002");
  });

  it("row 6: R has M, U none: AssumeRole with MFA from the keys", async () => {
    const h = harness(userAndRole(undefined, M), { codes: ["222222"] });
    await h.get("R");
    expect(h.calls()).toEqual([`AssumeRole R R 3600s [${M}:222222] <- AKIAU`]);
  });

  it("row 7: R has M, U has M2: no GetSessionToken; AssumeRole with MFA M", async () => {
    const h = harness(userAndRole(M2, M), { codes: ["333333"] });
    await h.get("R");
    expect(h.calls()).toEqual([`AssumeRole R R 3600s [${M}:333333] <- AKIAU`]);
    expect(h.mfaPrompt.prompts).toEqual([{ profile: "R", mfaSerial: M }]);
  });

  it("row 8: exec R for 2h: AssumeRole 2h with MFA from the keys (flag or duration_seconds)", async () => {
    const byFlag = harness(userAndRole(M, M), { codes: ["1"] });
    await byFlag.get("R", { resolve: { durationSeconds: 7200 } });
    expect(byFlag.calls()).toEqual([`AssumeRole R R 7200s [${M}:1] <- AKIAU`]);
    const spec = userAndRole(M, M);
    const byConfig = harness(
      { ...spec, "profile R": { ...spec["profile R"], duration_seconds: "7200" } },
      {
        codes: ["2"],
      },
    );
    await byConfig.get("R");
    expect(byConfig.calls()).toEqual([`AssumeRole R R 7200s [${M}:2] <- AKIAU`]);
  });

  it("row 9: exec R --no-session with M: AssumeRole with MFA from the keys", async () => {
    const h = harness(userAndRole(M, M), { codes: ["444444"] });
    await h.get("R", { resolve: { noSession: true } });
    expect(h.calls()).toEqual([`AssumeRole R R 3600s [${M}:444444] <- AKIAU`]);
  });

  it("row 10: R2 <- R1 <- U, all M: one GetSessionToken with MFA, two chained AssumeRoles", async () => {
    const h = harness(twoRoles, { codes: ["555555"] });
    const credentials = await h.get("R2");
    expect(h.calls()).toEqual([
      `GetSessionToken U 28800s [${M}:555555] <- AKIAU`,
      "AssumeRole R1 R1 3600s <- ASIAFAKE0001",
      "AssumeRole R2 R2 3600s <- ASIAFAKE0002",
    ]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
    expect(credentials.accessKeyId).toBe("ASIAFAKE0003");
  });

  it("row 11: R2 -d 2h, all M: GetSessionToken 2h, both roles capped to 1h", async () => {
    const h = harness(twoRoles, { codes: ["666666"] });
    await h.get("R2", { resolve: { durationSeconds: 7200 } });
    expect(h.calls()).toEqual([
      `GetSessionToken U 7200s [${M}:666666] <- AKIAU`,
      "AssumeRole R1 R1 3600s <- ASIAFAKE0001",
      "AssumeRole R2 R2 3600s <- ASIAFAKE0002",
    ]);
  });

  it("row 12: R2 --no-session, all M: two AssumeRoles, each asking its own code", async () => {
    const h = harness(twoRoles, { codes: ["111111", "222222"] });
    await h.get("R2", { resolve: { noSession: true } });
    expect(h.calls()).toEqual([
      `AssumeRole R1 R1 3600s [${M}:111111] <- AKIAU`,
      `AssumeRole R2 R2 3600s [${M}:222222] <- ASIAFAKE0001`,
    ]);
    expect(h.mfaPrompt.prompts).toEqual([
      { profile: "R1", mfaSerial: M },
      { profile: "R2", mfaSerial: M },
    ]);
  });

  it("row 12 with --mfa-token: the one token goes to every MFA call, nobody is prompted", async () => {
    const h = harness(twoRoles);
    await h.get("R2", { resolve: { noSession: true }, mfaToken: "999999" });
    expect(h.calls()).toEqual([
      `AssumeRole R1 R1 3600s [${M}:999999] <- AKIAU`,
      `AssumeRole R2 R2 3600s [${M}:999999] <- ASIAFAKE0001`,
    ]);
    expect(h.mfaPrompt.prompts).toEqual([]);
  });
});
