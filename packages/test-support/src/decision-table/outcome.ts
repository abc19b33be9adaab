import { expect } from "vitest";
import { WEB_TOKEN } from "./builders.js";
import { CHAIN_ROWS } from "./rows-chains.js";
import { OTHER_SOURCE_ROWS } from "./rows-other-sources.js";
import { USER_AND_ROLE_ROWS } from "./rows-user-and-role.js";
import type {
  CallShape,
  Creds,
  Expected,
  HopShape,
  Item,
  Level,
  Outcome,
  Refusal,
  Row,
  StsAction,
} from "./vocabulary.js";

/** §4.4 rows 1-25 with their variants, in table order. */
export const DECISION_TABLE: readonly Row[] = [...USER_AND_ROLE_ROWS, ...CHAIN_ROWS, ...OTHER_SOURCE_ROWS];

/** The row whose command runs before `row`'s, if any. */
export function beforeOf(row: Row): Row | undefined {
  if (row.before === undefined) return undefined;
  const before = DECISION_TABLE.find((candidate) => candidate.id === row.before);
  if (before === undefined) throw new Error(`row ${row.id}: no row '${row.before}' to run before it`);
  return before;
}

export type LevelExpectation = { readonly skip: string } | Refusal | Expected;

/** What `level` checks for `row`: the table's answer unless the row says otherwise for that level. */
export function expectationAt(row: Row, level: Level): LevelExpectation {
  return (level === "plan" ? undefined : row.levels?.[level]) ?? row.expect;
}

/** The test title of `row` at `level`, saying why the level skips it or checks a refusal instead. */
export function titleAt(row: Row, level: Level): string {
  const override = level === "plan" ? undefined : row.levels?.[level];
  const why = override && ("skip" in override ? `skipped: ${override.skip}` : `refused: ${override.why}`);
  return `row ${row.id}: ${row.title}${why ? ` (${why})` : ""}`;
}

/** The table's outcome for `row`: its calls, codes, programs and credentials, and the items its hops leave. */
export function expectedOutcome(row: Row): Outcome {
  const expected = row.expect as Expected;
  const before = beforeOf(row);
  const warm = before ? expectedOutcome(before).items : [];
  const { items } = outcomeOfHops(expected.hops, { warm });
  const { calls, asked, gets, processes = [] } = expected;
  return { calls, asked, processes, gets, items };
}

const STS_ACTIONS: readonly string[] = ["GetSessionToken", "AssumeRole", "AssumeRoleWithWebIdentity"];

/**
 * What running a plan does, read from its hops: each hop takes the previous hop's credentials, unless its
 * slot is among the `warm` items (then nothing is called or asked for it). Used on a plan as planCredentials
 * or `explain --json` shows it, and on the table's own hops to know which items a row leaves.
 */
export function outcomeOfHops(
  hops: readonly HopShape[],
  { warm = [], mfaToken = false }: { warm?: readonly Item[]; mfaToken?: boolean } = {},
): Outcome {
  const cached = new Set(warm.map(slotKey));
  const calls: CallShape[] = [];
  const asked: Outcome["asked"][number][] = [];
  const processes: string[] = [];
  const items = [...warm];
  let creds: Creds | undefined;
  for (const hop of hops) {
    const output = outputOf(hop);
    const hit = hop.cache !== undefined && cached.has(slotKey(hop.cache));
    if (!hit) {
      if (hop.process !== undefined) processes.push(hop.process);
      if (STS_ACTIONS.includes(hop.kind)) calls.push(callOf(hop, creds));
      if (hop.mfa.kind === "code" && !mfaToken) asked.push({ profile: hop.profile, serial: hop.mfa.serial });
      if (hop.cache) {
        const { type, profile, serial } = hop.cache;
        items.push({ type, profile, serial, holds: output });
      }
    }
    creds = output;
  }
  if (creds === undefined) throw new Error("outcomeOfHops: a plan without hops");
  return { calls, asked, processes, gets: creds, items: sortItems(items) };
}

function callOf(hop: HopShape, input: Creds | undefined): CallShape {
  const action = hop.kind as StsAction;
  const web = action === "AssumeRoleWithWebIdentity";
  return withoutUndefined({
    action,
    role: hop.role,
    durationSeconds: hop.durationSeconds!,
    mfa: hop.mfa.kind === "code" ? hop.mfa.serial : undefined,
    signedBy: web ? "unsigned" : (input ?? "unsigned"),
    sessionName: hop.sessionName,
    webIdentityToken: web ? WEB_TOKEN : undefined,
  });
}

/** Whose credentials a hop hands on. */
function outputOf(hop: HopShape): Creds {
  switch (hop.kind) {
    case "stored":
      return `keys:${hop.profile}`;
    case "GetSessionToken":
      return "gst";
    case "AssumeRole":
    case "AssumeRoleWithWebIdentity":
      return `role:${hop.role}`;
    case "CredentialProcess":
      return "process";
    case "SsoRoleCredentials":
      return `sso:${hop.profile}`;
  }
}

const slotKey = (item: Pick<Item, "type" | "profile" | "serial">) =>
  `${item.type} ${item.profile} ${item.serial}`;

/** Items in a stable order, one per slot (a later write replaces an earlier one). */
export function sortItems(items: readonly Item[]): Item[] {
  const bySlot = new Map(items.map((item) => [slotKey(item), { ...item }]));
  return [...bySlot.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, item]) => item);
}

/** The expected hops as a toEqual matcher: a hop must have the notes listed, and may have more. */
export function hopsLike(hops: readonly HopShape[]): unknown[] {
  return hops.map((hop) => ({ ...hop, notes: expect.arrayContaining([...(hop.notes ?? [])]) }));
}

/** Drops undefined fields, so a shape shows (and compares) only what is there. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
