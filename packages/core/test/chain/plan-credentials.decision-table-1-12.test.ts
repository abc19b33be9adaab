import { describe, expect, it } from "vitest";
import { gst, plan, role, shapes, stored, twoRoles, userAndRole } from "./decision-table-rows.js";
import { chained, code, hopShape, M, M2, NO_MFA, R_ARN, R1_ARN, R2_ARN } from "./hop-shape.js";

// Rows 1-12 of aws-vault.md §4.4 (user and role profiles), ByteNess v7.13.5 column.
describe("decision table (ByteNess v7.13.5), rows 1-12", () => {
  it("row 1: exec U without mfa: GetSessionToken 1h, no MFA, cached (U, '')", () => {
    expect(shapes({ "profile U": {} }, "U")).toEqual([stored("U"), gst("U", "", 3600)]);
  });

  it("row 2: exec U with mfa: GetSessionToken 1h (or --duration) with MFA, cached (U, M)", () => {
    expect(shapes({ "profile U": { mfa_serial: M } }, "U")).toEqual([stored("U"), gst("U", M, 3600)]);
    const long = shapes({ "profile U": { mfa_serial: M } }, "U", { durationSeconds: 36 * 3600 });
    expect(long[1]).toEqual(gst("U", M, 36 * 3600));
  });

  it("row 3: exec U --no-session: the long-term keys alone, no cache", () => {
    const result = plan({ "profile U": { mfa_serial: M } }, "U", { noSession: true });
    expect(result.hops.map(hopShape)).toEqual([stored("U")]);
    expect(result.hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because sessions are disabled",
    );
  });

  it("row 4: exec R, R without mfa: AssumeRole from the keys, no MFA; vault-cli caches it, aws-vault does not", () => {
    for (const spec of [userAndRole(), userAndRole(M)]) {
      const result = plan(spec, "R");
      expect(result.hops.map(hopShape)).toEqual([stored("U"), role("R", R_ARN, NO_MFA)]);
      expect(result.hops[1]!.cache?.sharedWithAwsVault).toBe(false);
    }
    expect(plan(userAndRole(), "R").hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because profile 'R' has no MFA serial defined",
    );
  });

  it("row 5: exec R, both mfa M: GetSessionToken(U) 8h with MFA, AssumeRole chained (vault-cli-only cache)", () => {
    const result = plan(userAndRole(M, M), "R");
    expect(result.hops.map(hopShape)).toEqual([
      stored("U"),
      gst("U", M, 8 * 3600),
      role("R", R_ARN, chained(M)),
    ]);
    expect(result.hops[2]!.cache?.sharedWithAwsVault).toBe(false);
    const other = plan(
      { ...userAndRole(M, M), "profile R9": { role_arn: R2_ARN, source_profile: "U", mfa_serial: M } },
      "R9",
    );
    expect(other.hops[1]!.cache?.keyPrefix).toBe(result.hops[1]!.cache?.keyPrefix);
  });

  it("row 6: exec R, R has M and U none: no GetSessionToken; AssumeRole with MFA, cached (R, M)", () => {
    const result = plan(userAndRole(undefined, M), "R");
    expect(result.hops.map(hopShape)).toEqual([stored("U"), role("R", R_ARN, code(M))]);
    expect(result.hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because profile 'U' has no MFA serial defined",
    );
  });

  it("row 7: exec R, R has M1 and U has M2: AssumeRole with MFA M1, cached (R, M1)", () => {
    const result = plan(userAndRole(M2, M), "R");
    expect(result.hops.map(hopShape)).toEqual([stored("U"), role("R", R_ARN, code(M))]);
    expect(result.hops[0]!.notes).toContain(
      "profile U: skipping GetSessionToken because MFA serial doesn't match profile 'R'",
    );
  });

  it("row 8: exec R for 2h (flag, duration_seconds or AWS_ASSUME_ROLE_TTL): AssumeRole 2h with MFA from the keys", () => {
    const expected = [stored("U"), { ...role("R", R_ARN, code(M)), durationSeconds: 7200 }];
    expect(shapes(userAndRole(M, M), "R", { durationSeconds: 7200 })).toEqual(expected);
    expect(shapes(userAndRole(M, M), "R", { env: { AWS_ASSUME_ROLE_TTL: "2h" } })).toEqual(expected);
    const spec = userAndRole(M, M);
    expect(shapes({ ...spec, "profile R": { ...spec["profile R"], duration_seconds: "7200" } }, "R")).toEqual(
      expected,
    );
  });

  it("row 9: exec R --no-session with M: AssumeRole with MFA from the keys, cached (R, M)", () => {
    expect(shapes(userAndRole(M, M), "R", { noSession: true })).toEqual([
      stored("U"),
      role("R", R_ARN, code(M)),
    ]);
  });

  it("row 10: exec R2 <- R1 <- U, all M: one GetSessionToken, two chained roles (vault-cli-only caches)", () => {
    const roles = plan(twoRoles, "R2").hops.filter((hop) => hop.kind === "AssumeRole");
    expect(roles.map((hop) => [hop.cache?.profile, hop.cache?.sharedWithAwsVault])).toEqual([
      ["R1", false],
      ["R2", false],
    ]);
    expect(shapes(twoRoles, "R2")).toEqual([
      stored("U"),
      gst("U", M, 8 * 3600),
      role("R1", R1_ARN, chained(M)),
      role("R2", R2_ARN, chained(M)),
    ]);
  });

  it("row 10 with -d 12h: GetSessionToken 12h, both roles capped to 1h", () => {
    const result = plan(twoRoles, "R2", { durationSeconds: 12 * 3600 });
    expect(result.hops.map(hopShape)).toEqual([
      stored("U"),
      gst("U", M, 12 * 3600),
      { ...role("R1", R1_ARN, chained(M)), cappedFromSeconds: 12 * 3600 },
      { ...role("R2", R2_ARN, chained(M)), cappedFromSeconds: 12 * 3600 },
    ]);
    expect(result.hops[2]!.notes).toContain(
      "profile R1: capping AssumeRole duration from 12h0m0s to AWS maximum 1h0m0s for role chaining",
    );
  });

  it("row 11: exec R2 -d 2h, all M: works as row 10, roles capped from 2h", () => {
    expect(shapes(twoRoles, "R2", { durationSeconds: 7200 })).toEqual([
      stored("U"),
      gst("U", M, 7200),
      { ...role("R1", R1_ARN, chained(M)), cappedFromSeconds: 7200 },
      { ...role("R2", R2_ARN, chained(M)), cappedFromSeconds: 7200 },
    ]);
  });

  it("row 12: exec R2 --no-session, all M: two AssumeRoles, each with its own MFA code, both cached", () => {
    expect(shapes(twoRoles, "R2", { noSession: true })).toEqual([
      stored("U"),
      role("R1", R1_ARN, code(M)),
      role("R2", R2_ARN, code(M)),
    ]);
  });
});
