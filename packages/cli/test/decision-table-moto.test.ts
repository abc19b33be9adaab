/**
 * The decision table (packages/test-support/src/decision-table) through the built binary against moto. Per
 * row: `explain --json` shows the table's hops and warnings; the command's STS calls on the wire (action,
 * role, duration, MFA serial and code, and who signed each, proven by SigV4 recomputation or moto's key
 * lookup), the mfa_process and helper program runs, whose credentials the command hands out (for exec, as
 * the AWS CLI child used them), the session items written and what `list --sessions` shows; then a second
 * run within the TTL that calls nothing. vault-cli also caches the role sessions aws-vault re-assumes every
 * time (the table's slots with shared: false), so their second run makes no STS call either.
 */
import {
  assertBuilt,
  beforeOf,
  DECISION_TABLE,
  type Expected,
  expectationAt,
  expectedOutcome,
  hopsLike,
  type Item,
  MFA_CODE,
  type Moto,
  outcomeOfHops,
  startMoto,
  titleAt,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RowRunner } from "./e2e/decision-table.js";
import { GST_KEYS } from "./e2e/moto-identity.js";
import type { WireCall } from "./e2e/moto-wire.js";
import { verify } from "./e2e/sigv4.js";

/** Rows the binary cannot run yet; the plan and engine levels still check them. */
const LEFT_OUT = [
  "18: SSO through the binary is covered by sso-e2e.test.ts",
  "19: SSO through the binary is covered by sso-e2e.test.ts",
  "19 mfa: SSO through the binary is covered by sso-e2e.test.ts",
  "24: vault-cli has no login command yet",
  "25: vault-cli has no login command yet",
];

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

describe("decision table (§4.4, ByteNess v7.13.5 + vault-cli's role cache): the binary against moto", () => {
  it("leaves out only the rows this level cannot run, each with its reason", () => {
    const left = DECISION_TABLE.flatMap((row) => {
      const expected = expectationAt(row, "moto");
      return "skip" in expected ? [`${row.id}: ${expected.skip}`] : [];
    });
    expect(left).toEqual(LEFT_OUT);
  });

  for (const row of DECISION_TABLE) {
    const expected = expectationAt(row, "moto");
    const title = titleAt(row, "moto");
    if ("skip" in expected) continue; // listed by the test below
    it(title, async () => {
      const r = await RowRunner.start(moto, row);
      try {
        const before = beforeOf(row);
        // explain --json plans the table's hops, also where running them is refused for now, and those hops
        // make the table's calls, codes, programs and items (after `before`'s, which explain also plans).
        if (!("refused" in row.expect)) {
          const explained = r.explain();
          expect(explained.hops).toEqual(hopsLike(row.expect.hops));
          expect(explained.warnings).toEqual(row.expect.warnings ?? []);
          const warm = before ? outcomeOfHops(r.explain(before).hops).items : [];
          const mfaToken = row.options?.mfaToken !== undefined;
          expect(outcomeOfHops(explained.hops, { warm, mfaToken })).toEqual(expectedOutcome(row));
        }
        if (before) await r.runCommand(before, false);
        const itemsBefore = await r.items();
        const listedBefore = r.listedSessionTypes();

        if ("refused" in expected) {
          const refused = r.runRefused(row);
          expect(refused.run.code).toBe(1);
          expect(refused.run.stderr).toContain(`vault-cli: error: ${row.command}: `);
          expect(refused.run.stderr).toContain(expected.refused.message);
          expect(refused.calls).toEqual([]);
          expect(refused.mfaRuns + refused.processes.length).toBe(0);
          expect(await r.items()).toEqual(itemsBefore);
          return;
        }

        const outcome = expectedOutcome(row);
        const first = await r.runCommand(row, row.command === "exec");
        // 1. The STS calls, in order: action, role, duration, MFA serial or none, and who signed each;
        //    every MFA serial went with the mfa_process's code (or --mfa-token's).
        expect(await Promise.all(first.sts.map((call) => r.who.describe(call)))).toEqual(outcome.calls);
        const code = row.options?.mfaToken ?? MFA_CODE;
        expect(first.sts.flatMap(tokenCodes)).toEqual(
          outcome.calls.flatMap((call) => (call.mfa ? [code] : [])),
        );
        // 2. The MFA codes asked (mfa_process runs) and the helper programs run.
        expect(first.mfaRuns).toBe(outcome.asked.length);
        expect(first.processes).toEqual(outcome.processes);
        // 3. Whose credentials the command handed out; exec's child, the AWS CLI, signed with exactly them.
        if (first.probe) expect(verify(first.probe.call, first.creds)).toBe("ok");
        expect(await r.who.whose(first.creds, first.probe?.arn)).toBe(outcome.gets);
        // 4. The session items written, what each holds, and what `list --sessions` shows.
        const items = await r.items();
        expect(items).toEqual(outcome.items);
        const listed = r.listedSessionTypes();
        expect(listed).toEqual(items.map((item) => item.type).sort());
        if (row.options?.noSession) {
          // --no-session adds only items aws-vault itself would write (the table's shared slots).
          const added = withoutSlots(items, itemsBefore);
          expect(added.filter((item) => !sharedSlots(row.expect as Expected).has(slotKey(item)))).toEqual([]);
          expect(withoutAll(listed, listedBefore)).toEqual(added.map((item) => item.type).sort());
        }

        // A second run within the TTL: no STS call, no MFA code, no program, the same credentials and items.
        const second = await r.runCommand(row, false);
        expect(second.sts).toEqual([]);
        expect(second.mfaRuns + second.processes.length).toBe(0);
        expect(second.creds).toEqual(first.creds);
        expect(await r.items()).toEqual(items);
      } finally {
        r.cleanUp();
      }
    });
  }
});

/** SerialNumber and TokenCode travel together: the code of each call that sent either. */
const tokenCodes = (call: WireCall): string[] =>
  call.params.SerialNumber || call.params.TokenCode ? [call.params.TokenCode ?? "(none)"] : [];

const slotKey = (slot: Pick<Item, "type" | "profile" | "serial">) =>
  `${slot.type} ${slot.profile} ${slot.serial}`;

const sharedSlots = (table: Expected) =>
  new Set(table.hops.flatMap((hop) => (hop.cache?.shared ? [slotKey(hop.cache)] : [])));

const withoutSlots = (items: readonly Item[], removed: readonly Item[]) =>
  items.filter((item) => !removed.some((other) => slotKey(other) === slotKey(item)));

/** `items` minus one occurrence of each of `removed`. */
function withoutAll(items: readonly string[], removed: readonly string[]): string[] {
  const rest = [...items];
  for (const item of removed) {
    const at = rest.indexOf(item);
    if (at >= 0) rest.splice(at, 1);
  }
  return rest;
}

describe("the signature check the rows rely on", () => {
  const withHeader = (call: WireCall, name: string, value: string): WireCall => ({
    ...call,
    headers: Object.fromEntries(
      Object.entries(call.headers).map(([k, v]) => [k, k.toLowerCase() === name ? value : v]),
    ),
  });

  it("accepts only the secret and session token that signed a recorded request", async () => {
    const row = DECISION_TABLE.find((candidate) => candidate.id === "1")!;
    const r = await RowRunner.start(moto, row);
    try {
      const first = await r.runCommand(row, true);
      const user = r.users.get("U")!;
      // GetSessionToken, signed by vault-cli (JS SDK) with U's long-term keys.
      const [sdkCall] = first.sts;
      expect(verify(sdkCall!, user)).toBe("ok");
      expect(verify(sdkCall!, { ...user, secretAccessKey: `${user.secretAccessKey}x` })).toBe(
        "bad-signature",
      );
      expect(verify(sdkCall!, { ...user, sessionToken: GST_KEYS.sessionToken })).toBe("bad-token");
      expect(verify(sdkCall!, GST_KEYS)).toBe("other-key");
      const longer = Buffer.from(
        sdkCall!.body.toString().replace("DurationSeconds=3600", "DurationSeconds=7200"),
      );
      expect(verify({ ...sdkCall!, body: longer }, user)).toBe("bad-signature");
      // GetCallerIdentity, signed by the AWS CLI with moto's GetSessionToken keys.
      const cliCall = first.probe!.call;
      expect(verify(cliCall, GST_KEYS)).toBe("ok");
      expect(verify(cliCall, { ...GST_KEYS, secretAccessKey: "wrong" })).toBe("bad-signature");
      expect(verify(cliCall, { ...GST_KEYS, sessionToken: `${GST_KEYS.sessionToken}x` })).toBe("bad-token");
      // The token is covered by the signature: swapping it on the wire breaks the signature.
      const swapped = withHeader(cliCall, "x-amz-security-token", "swapped");
      expect(verify(swapped, { ...GST_KEYS, sessionToken: "swapped" })).toBe("bad-signature");
      expect(verify(withHeader(cliCall, "authorization", ""), GST_KEYS)).toBe("unsigned");
    } finally {
      r.cleanUp();
    }
  });
});
