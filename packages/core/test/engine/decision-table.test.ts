import {
  beforeOf,
  type CallShape,
  type Creds,
  DECISION_TABLE,
  expectationAt,
  expectedOutcome,
  type Item,
  type Outcome,
  type Row,
  type Signer,
  sortItems,
  titleAt,
  WEB_TOKEN,
  withoutUndefined,
} from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import type { AwsCredentials } from "../../src/engine/ports.js";
import { decodeSessionCredentials } from "../../src/keystore/session-credentials.js";
import { parseSessionKey, type SessionType } from "../../src/session/session-key.js";
import type { StsCall } from "../../src/testing/fake-sts.js";
import { resolveOptions, rowConfig, CORE_SYMBOLS as S } from "../support/decision-table.js";
import { harness, START } from "./engine-harness.js";

/**
 * The decision table (packages/test-support/src/decision-table) at the engine level: planCredentials and
 * createEngine with core's fakes, as one CLI run. Per row: the STS calls fakeSts saw and whose credentials
 * signed each, the codes asked and sent, the programs run, the credentials handed out, the session items
 * and what each holds; then a second run that calls and asks nothing and hands out the same credentials.
 */
type Harness = ReturnType<typeof harness>;

/** Rows the engine level does not run: none. */
const LEFT_OUT: string[] = [];

/** Distinct codes, so each call can be matched to the prompt it came from. */
const CODES = Array.from({ length: 8 }, (_, i) => String(100001 + i));
const PROCESS_OUTPUT = { AccessKeyId: "ASIAPROC", SecretAccessKey: "s", SessionToken: "t" };
const PROCESS_EXPIRATION = "2026-01-01T06:00:00Z";
const DEFAULT_SESSION_NAME = `${Date.parse(START)}000000`;

describe("decision table (§4.4, ByteNess v7.13.5): the engine with fakes", () => {
  it("leaves out only the rows this level cannot run, each with its reason", () => {
    const left = DECISION_TABLE.flatMap((row) => {
      const expected = expectationAt(row, "engine");
      return "skip" in expected ? [`${row.id}: ${expected.skip}`] : [];
    });
    expect(left).toEqual(LEFT_OUT);
  });

  for (const row of DECISION_TABLE) {
    const expected = expectationAt(row, "engine");
    const title = titleAt(row, "engine");
    if ("skip" in expected) continue; // listed by the test below
    it(title, async () => {
      const h = harness(rowConfig(row), {
        stored: row.stored,
        codes: CODES,
        sso: { pendingPolls: 0 }, // approved at the first poll: no wait moves the clock
        files: { [S.fixture("token-file")]: WEB_TOKEN },
        processes: {
          [S.fixture("token-process")]: WEB_TOKEN,
          [S.fixture("credential-process")]: JSON.stringify({
            Version: 1,
            ...PROCESS_OUTPUT,
            Expiration: PROCESS_EXPIRATION,
          }),
        },
      });
      const before = beforeOf(row);
      if (before) await run(h, before);
      const start = mark(h);
      if ("refused" in expected) {
        const { code, message } = expected.refused;
        await expect(run(h, row)).rejects.toMatchObject({ code, message: expect.stringContaining(message) });
        expect(await observe(h, start)).toEqual({ calls: [], asked: [], processes: [], items: [] });
        return;
      }
      const credentials = await run(h, row);
      const first = await observe(h, start);
      expect({ ...first, gets: whose(h, credentials) }).toEqual(expectedOutcome(row));
      // Each code asked went to exactly one call, in order; --mfa-token goes to every call instead.
      const sent = h.sts.calls.slice(start.calls).flatMap((call) => (call.mfa ? [call.mfa.tokenCode] : []));
      const token = row.options?.mfaToken;
      expect(sent).toEqual(token ? sent.map(() => token) : CODES.slice(start.prompts, mark(h).prompts));
      // Helper programs get the caller's environment through helperEnv, nothing of the vault's.
      for (const { env } of h.runProcess.runs) expect(env).toEqual({ HOME: "/home/test" });

      // A second run within the TTL: nothing called, asked or run; the same credentials and items.
      const again = mark(h);
      expect(await run(h, row)).toEqual(credentials);
      expect(await observe(h, again)).toEqual({ calls: [], asked: [], processes: [], items: first.items });
    });
  }
});

/** One `exec`/`export`/`login` of `command`'s target, options and env, on the harness's config and fakes. */
async function run(h: Harness, command: Row): Promise<AwsCredentials> {
  const mfaToken = command.options?.mfaToken;
  return h.get(command.target, { resolve: resolveOptions(command), ...(mfaToken ? { mfaToken } : {}) });
}

type Mark = { readonly calls: number; readonly prompts: number; readonly runs: number };
const mark = (h: Harness): Mark => ({
  calls: h.sts.calls.length,
  prompts: h.mfaPrompt.prompts.length,
  runs: h.runProcess.runs.length,
});

/** What happened since `since`, in the table's words (all but `gets`), and the items now in the keystore. */
async function observe(h: Harness, since: Mark): Promise<Omit<Outcome, "gets">> {
  return {
    calls: h.sts.calls.slice(since.calls).map((call) => callShape(h, call)),
    asked: h.mfaPrompt.prompts
      .slice(since.prompts)
      .map((prompt) => ({ profile: prompt.profile, serial: S.mfaName(prompt.mfaSerial) })),
    processes: h.runProcess.runs.slice(since.runs).map((process) => S.fixtureName(process.command)),
    items: await items(h),
  };
}

function callShape(h: Harness, call: StsCall): CallShape {
  return withoutUndefined({
    action: call.action as CallShape["action"],
    role: call.roleArn && S.roleName(call.roleArn),
    durationSeconds: call.durationSeconds,
    mfa: call.mfa && S.mfaName(call.mfa.serialNumber),
    signedBy: signer(h, call.credentialsUsed),
    sessionName: call.roleSessionName === DEFAULT_SESSION_NAME ? undefined : call.roleSessionName,
    webIdentityToken: call.webIdentityToken,
  });
}

async function items(h: Harness): Promise<Item[]> {
  const found: Item[] = [];
  for (const key of await h.sessionKeys()) {
    const slot = parseSessionKey(key)!;
    const { metadata: _, ...credentials } = decodeSessionCredentials((await h.keystore.get(key))!);
    // The key carries the expiry of the credentials in it, in whole seconds.
    expect(slot.expiration.getTime()).toBe(Math.floor(credentials.expiration.getTime() / 1000) * 1000);
    const serial = S.mfaName(slot.serial);
    found.push({
      type: slot.type as SessionType,
      profile: slot.profile,
      serial,
      holds: whose(h, credentials),
    });
  }
  return sortItems(found);
}

/** Whose credentials these are, checking every field against what the fakes issued. */
function whose(h: Harness, credentials: AwsCredentials): Creds {
  const { accessKeyId } = credentials;
  const issued = /^ASIAFAKE(\d+)$/.exec(accessKeyId)?.[1];
  if (issued) {
    const call = h.sts.calls[Number(issued) - 1]!;
    expect(credentials).toEqual({
      accessKeyId,
      secretAccessKey: `secret-${issued}`,
      sessionToken: `token-${issued}`,
      expiration: new Date(Date.parse(START) + call.durationSeconds * 1000),
    });
    return issuer(call);
  }
  if (accessKeyId === PROCESS_OUTPUT.AccessKeyId) {
    const { SecretAccessKey, SessionToken } = PROCESS_OUTPUT;
    const expiration = new Date(PROCESS_EXPIRATION);
    expect(credentials).toEqual({
      accessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
      expiration,
    });
    return "process";
  }
  const sso = ssoIssuer(h, accessKeyId);
  if (sso) return sso;
  const profile = accessKeyId.replace(/^AKIA/, "");
  expect(credentials).toEqual({ accessKeyId, secretAccessKey: `secret-${profile}` });
  return `keys:${profile}`;
}

/** Who signed a call, from the access key id fakeSts recorded. */
function signer(h: Harness, accessKeyId: string | undefined): Signer {
  if (accessKeyId === undefined) return "unsigned";
  const issued = /^ASIAFAKE(\d+)$/.exec(accessKeyId)?.[1];
  if (issued) return issuer(h.sts.calls[Number(issued) - 1]!);
  return ssoIssuer(h, accessKeyId) ?? `keys:${accessKeyId.replace(/^AKIA/, "")}`;
}

/** Role credentials fakeSso issued (`ASIASSO…`): the profile of the GetRoleCredentials call that got them. */
function ssoIssuer(h: Harness, accessKeyId: string): Creds | undefined {
  if (!accessKeyId.startsWith("ASIASSO")) return undefined;
  const calls = h.sso.calls.filter((call) => call.api === "GetRoleCredentials" && call.outcome === "ok");
  expect(calls).toHaveLength(1);
  return `sso:${calls[0]!.profile}`;
}

const issuer = (call: StsCall): Creds =>
  call.action === "GetSessionToken" ? "gst" : `role:${S.roleName(call.roleArn!)}`;
