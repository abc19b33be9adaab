import {
  beforeOf,
  DECISION_TABLE,
  expectationAt,
  expectedOutcome,
  type HopShape,
  hopsLike,
  outcomeOfHops,
  titleAt,
  withoutUndefined,
} from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import type { Hop } from "../../src/chain/types.js";
import { sessionKeyPrefix } from "../../src/session/session-key.js";
import { planRow, CORE_SYMBOLS as S } from "../support/decision-table.js";

/**
 * The decision table (packages/test-support/src/decision-table) at the plan level: planCredentials gives the
 * table's hops and warnings, and what those hops would do (calls, codes asked, programs run, credentials
 * handed out, items written) is the table's outcome.
 */
describe("decision table (§4.4, ByteNess v7.13.5): planCredentials", () => {
  for (const row of DECISION_TABLE) {
    it(titleAt(row, "plan"), () => {
      const expected = expectationAt(row, "plan");
      if ("skip" in expected) throw new Error("the plan level checks every row");
      if ("refused" in expected) {
        const { code, message } = expected.refused;
        expect(() => planRow(row)).toThrowError(
          expect.objectContaining({ code, message: expect.stringContaining(message) }),
        );
        return;
      }
      const before = beforeOf(row);
      const warm = before ? outcomeOfHops(planRow(row, before).hops.map(hopShape)).items : [];
      const plan = planRow(row);
      const hops = plan.hops.map(hopShape);
      expect(hops).toEqual(hopsLike(expected.hops));
      expect(plan.warnings.map((warning) => warning.code)).toEqual(expected.warnings ?? []);
      const mfaToken = row.options?.mfaToken !== undefined;
      expect(outcomeOfHops(hops, { warm, mfaToken })).toEqual(expectedOutcome(row));
    });
  }
});

/** A planned hop in the table's words. */
function hopShape(hop: Hop): HopShape {
  const cache = "cache" in hop ? hop.cache : undefined;
  // The slot is the key prefix aws-vault looks items up by, so equal slots share an item.
  if (cache) expect(cache.keyPrefix).toBe(sessionKeyPrefix(cache.type, cache.profile, cache.serial));
  const mfa = "mfa" in hop ? hop.mfa : undefined;
  // These configs have no mfa_process: every code is prompted for.
  if (mfa?.kind === "code") expect(mfa.via).toBe("prompt");
  return withoutUndefined({
    kind: hop.kind,
    profile: hop.profile,
    role: "roleArn" in hop ? S.roleName(hop.roleArn) : undefined,
    mfa:
      mfa === undefined || mfa.kind === "none"
        ? { kind: "none" }
        : { kind: mfa.kind, serial: S.mfaName(mfa.serial) },
    durationSeconds: "durationSeconds" in hop ? hop.durationSeconds : undefined,
    cappedFromSeconds: hop.kind === "AssumeRole" ? hop.cappedFromSeconds : undefined,
    sessionName: "roleSessionName" in hop ? hop.roleSessionName : undefined,
    process: processOf(hop),
    cache: cache && {
      type: cache.type,
      profile: cache.profile,
      serial: S.mfaName(cache.serial),
      shared: cache.sharedWithAwsVault,
    },
    notes: hop.notes,
  });
}

function processOf(hop: Hop): string | undefined {
  if (hop.kind === "CredentialProcess") return S.fixtureName(hop.command);
  if (hop.kind === "AssumeRoleWithWebIdentity" && "process" in hop.webIdentityToken) {
    return S.fixtureName(hop.webIdentityToken.process);
  }
  return undefined;
}
