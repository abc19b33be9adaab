/**
 * The credential decision table (reference aws-vault.md §4.4, ByteNess v7.13.5 column) through the built
 * binary against moto. Per row: the STS calls on the wire (action, duration, MFA code or none, and who signed
 * each, proven by SigV4 recomputation or by moto's key lookup), the MFA codes asked, whose credentials the
 * command ends up with, the session items written, and that a second run within the TTL calls nothing.
 *
 * vault-cli deliberately also caches role sessions aws-vault re-assumes every time (rows 4, 5, 10, 14:
 * items marked `*`), so their second run makes no STS call either.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, type Moto, startMoto } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT,
  ar,
  arwwi,
  CACHE_KIND,
  cacheItemType,
  GST_KEYS,
  gst,
  M,
  M2,
  OTHER_ACCOUNT,
  type Outcome,
  type Row,
  RowRunner,
  roleArn,
} from "./e2e/decision-table.js";
import { assumeRole, callerArn, type WireCall } from "./e2e/moto-wire.js";
import { verify } from "./e2e/sigv4.js";

const H1 = 3600;
const H2 = 7200;
const H8 = 28800;
const H12 = 43200;

/** jon: the IAM user; his long-term keys are stored under the profiles of each row's `store`. */
const jon = (keys: Record<string, string> = {}) => ({ jon: keys });
const role = (name: string, keys: Record<string, string>, account = ACCOUNT) => ({
  [name]: { role_arn: roleArn(name, account), ...keys },
});
const WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.decision-table.sig";

const ROWS: Row[] = [
  {
    id: "1",
    title: "exec U (no mfa): GetSessionToken 1h from the long-term keys, no MFA",
    profiles: jon(),
    store: ["jon"],
    command: "exec",
    profile: "jon",
    calls: [gst(H1, null, "jon")],
    mfaPrompts: 0,
    identity: "gst",
    cache: ["GST jon -"],
  },
  {
    id: "2",
    title: "exec U (mfa M): GetSessionToken 1h with an MFA code",
    profiles: jon({ mfa_serial: M }),
    store: ["jon"],
    command: "exec",
    profile: "jon",
    calls: [gst(H1, M, "jon")],
    mfaPrompts: 1,
    identity: "gst",
    cache: ["GST jon M"],
  },
  {
    id: "2 -d",
    title: "exec U -d 2h (mfa M): GetSessionToken for the requested 2h",
    profiles: jon({ mfa_serial: M }),
    store: ["jon"],
    command: "exec",
    profile: "jon",
    flags: ["-d", "2h"],
    calls: [gst(H2, M, "jon")],
    mfaPrompts: 1,
    identity: "gst",
    cache: ["GST jon M"],
  },
  {
    id: "3",
    title: "exec U --no-session: no STS call, the long-term keys themselves, nothing cached",
    profiles: jon({ mfa_serial: M }),
    store: ["jon"],
    command: "exec",
    profile: "jon",
    flags: ["--no-session"],
    calls: [],
    mfaPrompts: 0,
    identity: "user:jon",
    cache: [],
  },
  {
    id: "4a",
    title: "exec R (R←U, no mfa anywhere): AssumeRole straight from the long-term keys",
    profiles: { ...jon(), ...role("admin", { source_profile: "jon" }) },
    store: ["jon"],
    command: "exec",
    profile: "admin",
    calls: [ar("admin", H1, null, "jon")],
    mfaPrompts: 0,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR* admin"],
  },
  {
    id: "4b",
    title: "exec R (R←U, only U has mfa): no GetSessionToken (R has no serial), AssumeRole without MFA",
    profiles: { ...jon({ mfa_serial: M }), ...role("admin", { source_profile: "jon" }) },
    store: ["jon"],
    command: "exec",
    profile: "admin",
    calls: [ar("admin", H1, null, "jon")],
    mfaPrompts: 0,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR* admin"],
  },
  {
    id: "5",
    title: "exec R (R←U, both M): GetSessionToken 8h with MFA, then AssumeRole 1h with chained MFA",
    profiles: { ...jon({ mfa_serial: M }), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "exec",
    profile: "admin",
    calls: [gst(H8, M, "jon"), ar("admin", H1, null, "gst")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["GST jon M", "AR* admin"],
  },
  {
    id: "5 shared",
    title: "row 5, then another role with the same source and serial: reuses the MFA session, no code",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("admin", { source_profile: "jon", mfa_serial: M }),
      ...role("deploy", { source_profile: "jon", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["jon"],
    before: [["export", "--format=json", "admin"]],
    command: "exec",
    profile: "deploy",
    calls: [ar("deploy", H1, null, "gst")],
    mfaPrompts: 0,
    identity: `role:${OTHER_ACCOUNT}:deploy`,
    cache: ["GST jon M", "AR* admin", "AR* deploy"],
  },
  {
    id: "6",
    title: "exec R (R has M, U none): no GetSessionToken; AssumeRole with MFA from the long-term keys",
    profiles: { ...jon(), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "exec",
    profile: "admin",
    calls: [ar("admin", H1, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "7",
    title: "export R (R has M, U has M2): serials differ, AssumeRole with R's MFA from the long-term keys",
    profiles: { ...jon({ mfa_serial: M2 }), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "export",
    profile: "admin",
    calls: [ar("admin", H1, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "8 -d",
    title: "export R -d 2h (both M): no GetSessionToken, so AssumeRole gets the full 2h, with MFA",
    profiles: { ...jon({ mfa_serial: M }), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "export",
    profile: "admin",
    flags: ["-d", "2h"],
    calls: [ar("admin", H2, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "8 duration_seconds",
    title: "export R with duration_seconds = 7200 (both M): as -d 2h",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("admin", { source_profile: "jon", mfa_serial: M, duration_seconds: "7200" }),
    },
    store: ["jon"],
    command: "export",
    profile: "admin",
    calls: [ar("admin", H2, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "8 AWS_ASSUME_ROLE_TTL",
    title: "export R with AWS_ASSUME_ROLE_TTL=2h (both M): as -d 2h",
    profiles: { ...jon({ mfa_serial: M }), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "export",
    profile: "admin",
    env: { AWS_ASSUME_ROLE_TTL: "2h" },
    calls: [ar("admin", H2, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "9",
    title:
      "export R --no-session (both M): AssumeRole with MFA from the long-term keys, cached as aws-vault does",
    profiles: { ...jon({ mfa_serial: M }), ...role("admin", { source_profile: "jon", mfa_serial: M }) },
    store: ["jon"],
    command: "export",
    profile: "admin",
    flags: ["--no-session"],
    calls: [ar("admin", H1, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:admin`,
    cache: ["AR admin M"],
  },
  {
    id: "10",
    title: "export R2 (R2←R1←U, all M): one MFA code for GetSessionToken 8h; both roles chained MFA",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("r1", { source_profile: "jon", mfa_serial: M }),
      ...role("r2", { source_profile: "r1", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["jon"],
    command: "export",
    profile: "r2",
    calls: [gst(H8, M, "jon"), ar("r1", H1, null, "gst"), ar("r2", H1, null, "role:r1")],
    mfaPrompts: 1,
    identity: `role:${OTHER_ACCOUNT}:r2`,
    cache: ["GST jon M", "AR* r1", "AR* r2"],
  },
  {
    id: "10 -d 12h",
    title: "export R2 -d 12h (all M): GetSessionToken 12h, both AssumeRoles capped to 1h",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("r1", { source_profile: "jon", mfa_serial: M }),
      ...role("r2", { source_profile: "r1", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["jon"],
    command: "export",
    profile: "r2",
    flags: ["-d", "12h"],
    calls: [gst(H12, M, "jon"), ar("r1", H1, null, "gst"), ar("r2", H1, null, "role:r1")],
    mfaPrompts: 1,
    identity: `role:${OTHER_ACCOUNT}:r2`,
    cache: ["GST jon M", "AR* r1", "AR* r2"],
  },
  {
    id: "11",
    title: "export R2 -d 2h (all M): works in ByteNess: GetSessionToken 2h, AssumeRoles capped to 1h",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("r1", { source_profile: "jon", mfa_serial: M }),
      ...role("r2", { source_profile: "r1", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["jon"],
    command: "export",
    profile: "r2",
    flags: ["-d", "2h"],
    calls: [gst(H2, M, "jon"), ar("r1", H1, null, "gst"), ar("r2", H1, null, "role:r1")],
    mfaPrompts: 1,
    identity: `role:${OTHER_ACCOUNT}:r2`,
    cache: ["GST jon M", "AR* r1", "AR* r2"],
  },
  {
    id: "12",
    title: "export R2 --no-session (all M): two AssumeRoles, each with its own MFA code; both cached",
    profiles: {
      ...jon({ mfa_serial: M }),
      ...role("r1", { source_profile: "jon", mfa_serial: M }),
      ...role("r2", { source_profile: "r1", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["jon"],
    command: "export",
    profile: "r2",
    flags: ["--no-session"],
    calls: [ar("r1", H1, M, "jon"), ar("r2", H1, M, "role:r1")],
    mfaPrompts: 2,
    identity: `role:${OTHER_ACCOUNT}:r2`,
    cache: ["AR r1 M", "AR r2 M"],
  },
  {
    id: "13",
    title:
      "exec R, self-sourced (keys stored under R, role_arn + M): AssumeRole with MFA, no GetSessionToken",
    profiles: role("ops", { mfa_serial: M }),
    store: ["ops"],
    command: "exec",
    profile: "ops",
    calls: [ar("ops", H1, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:ops`,
    cache: ["AR ops M"],
  },
  {
    id: "14",
    title: "export T (T(M)←S(role, M, keys stored under S)): GetSessionToken(S) with MFA, both roles chained",
    profiles: {
      ...role("src", { mfa_serial: M }),
      ...role("target", { source_profile: "src", mfa_serial: M }, OTHER_ACCOUNT),
    },
    store: ["src"],
    command: "export",
    profile: "target",
    calls: [gst(H8, M, "jon"), ar("src", H1, null, "gst"), ar("target", H1, null, "role:src")],
    mfaPrompts: 1,
    identity: `role:${OTHER_ACCOUNT}:target`,
    cache: ["GST src M", "AR* src", "AR* target"],
  },
  {
    id: "15",
    title: "exec A (alias, no role, ←U, same M): GetSessionToken(U) 8h with MFA; A gets U's session",
    profiles: { ...jon({ mfa_serial: M }), alias: { source_profile: "jon", mfa_serial: M } },
    store: ["jon"],
    command: "exec",
    profile: "alias",
    calls: [gst(H8, M, "jon")],
    mfaPrompts: 1,
    identity: "gst",
    cache: ["GST jon M"],
  },
  {
    id: "16",
    title: "exec A (alias, no role, no M, ←U with M): GetSessionToken 1h on behalf of A, no MFA",
    profiles: { ...jon({ mfa_serial: M }), alias: { source_profile: "jon" } },
    store: ["jon"],
    command: "exec",
    profile: "alias",
    calls: [gst(H1, null, "jon")],
    mfaPrompts: 0,
    identity: "gst",
    cache: ["GST alias -"],
  },
  {
    id: "17",
    title: "export T -d 2h (T(role)←A(no role)←U, all M): no GetSessionToken, AssumeRole 2h with MFA",
    profiles: {
      ...jon({ mfa_serial: M }),
      alias: { source_profile: "jon", mfa_serial: M },
      ...role("target", { source_profile: "alias", mfa_serial: M }),
    },
    store: ["jon"],
    command: "export",
    profile: "target",
    flags: ["-d", "2h"],
    calls: [ar("target", H2, M, "jon")],
    mfaPrompts: 1,
    identity: `role:${ACCOUNT}:target`,
    cache: ["AR target M"],
  },
  {
    id: "20",
    title: "exec W (role_arn + web_identity_token_file, no source): one unsigned AssumeRoleWithWebIdentity",
    profiles: role("web", { web_identity_token_file: "$DIR/token" }),
    store: [],
    prepare: async ({ dir }) => writeFileSync(join(dir, "token"), WEB_TOKEN),
    command: "exec",
    profile: "web",
    calls: [arwwi("web", H1)],
    mfaPrompts: 0,
    identity: `role:${ACCOUNT}:web`,
    cache: ["ARWWI web -"],
    afterFirst: (_r, first) => expect(first.sts[0]?.params.WebIdentityToken).toBe(WEB_TOKEN),
  },
  {
    id: "20 process",
    title: "export W (role_arn + web_identity_token_process): the token is the process's output",
    profiles: role("web", { web_identity_token_process: "cat $DIR/token" }, OTHER_ACCOUNT),
    store: [],
    prepare: async ({ dir }) => writeFileSync(join(dir, "token"), WEB_TOKEN),
    command: "export",
    profile: "web",
    calls: [arwwi("web", H1)],
    mfaPrompts: 0,
    identity: `role:${OTHER_ACCOUNT}:web`,
    cache: ["ARWWI web -"],
    afterFirst: (_r, first) => expect(first.sts[0]?.params.WebIdentityToken).toBe(WEB_TOKEN),
  },
  {
    id: "21",
    title: "exec P (credential_process, no stored keys; its role_arn is ignored): the process runs once",
    profiles: { cp: { credential_process: "$DIR/cp.sh", role_arn: roleArn("ignored") } },
    store: [],
    prepare: async ({ dir, motoUrl }) => {
      // Credentials moto knows, so GetCallerIdentity can tell they are the ones the process printed.
      const keys = await assumeRole(motoUrl, roleArn("from-process"));
      const json = {
        Version: 1,
        AccessKeyId: keys.accessKeyId,
        SecretAccessKey: keys.secretAccessKey,
        SessionToken: keys.sessionToken,
        Expiration: new Date(keys.expiration).toISOString(),
      };
      writeFileSync(join(dir, "creds.json"), JSON.stringify(json));
      writeFileSync(join(dir, "cp.sh"), `#!/bin/sh\necho run >> "${dir}/cp.log"\ncat "${dir}/creds.json"\n`, {
        mode: 0o755,
      });
    },
    command: "exec",
    profile: "cp",
    calls: [],
    mfaPrompts: 0,
    identity: `role:${ACCOUNT}:from-process`,
    cache: ["CP cp -"],
    afterFirst: (r) => expect(processRuns(r)).toBe(1),
    afterSecond: (r) => expect(processRuns(r)).toBe(1),
  },
];

function processRuns(r: RowRunner): number {
  return r.fixtureFile("cp.log").split("\n").filter(Boolean).length;
}

const STS_KINDS = ["GetSessionToken", "AssumeRole", "AssumeRoleWithWebIdentity"];

async function expectIdentity(r: RowRunner, first: Outcome): Promise<void> {
  const { identity } = r.row;
  const { creds, probe } = first;
  if (probe) {
    // The AWS CLI signed its call with exactly the credentials exec put in its environment.
    expect(verify(probe.call, creds)).toBe("ok");
  }
  if (identity === "user:jon") {
    expect(creds).toEqual({ ...r.jon, sessionToken: undefined, expiration: undefined });
    expect(probe?.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/jon`);
  } else if (identity === "gst") {
    // moto's fixed GetSessionToken keys (GetCallerIdentity cannot tell them apart, the signature can).
    expect(creds).toMatchObject(GST_KEYS);
    expect(probe && verify(probe.call, GST_KEYS)).toBe("ok");
  } else {
    const [, account, name] = identity.split(":");
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    const arn = probe?.arn ?? (await callerArn(r.fixture.motoUrl, creds));
    expect(arn).toMatch(new RegExp(`^arn:aws:sts::${account}:assumed-role/${name}/`));
  }
}

/** `items` minus one occurrence of each of `removed`. */
function withoutAll(items: readonly string[], removed: readonly string[]): string[] {
  const rest = [...items];
  for (const item of removed) {
    const at = rest.indexOf(item);
    if (at >= 0) rest.splice(at, 1);
  }
  return rest;
}

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

describe("decision table (§4.4, ByteNess v7.13.5 + vault-cli's role cache) against moto", () => {
  for (const row of ROWS) {
    it(`row ${row.id}: ${row.title}`, async () => {
      const r = await RowRunner.start(moto, row);
      try {
        for (const args of row.before ?? []) expect(r.vault(args).code).toBe(0);
        const sessionsBefore = r.sessions();
        const listedBefore = r.listedSessionTypes();
        const plan = row.before ? undefined : r.explain();

        const first = await r.runCommand(row.command === "exec");
        // 1. The STS calls, in order: action, role, duration, MFA code or none, and who signed each.
        expect(await Promise.all(first.sts.map((call) => r.describe(call)))).toEqual(row.calls);
        // 2. The MFA codes asked (mfa_process runs).
        expect(first.mfaPrompts).toBe(row.mfaPrompts);
        // 3. Whose credentials the command got.
        await expectIdentity(r, first);
        row.afterFirst?.(r, first);
        // 4. The session items written, and what `list --sessions` shows.
        expect(r.sessions()).toEqual([...row.cache].sort());
        const listedAfter = r.listedSessionTypes();
        expect(listedAfter).toEqual(row.cache.map(cacheItemType).sort());
        if (row.flags?.includes("--no-session")) {
          // --no-session adds only items aws-vault itself would write (none marked `*`).
          const added = r.sessions().filter((item) => !sessionsBefore.includes(item));
          expect(added.filter((item) => item.includes("*"))).toEqual([]);
          expect(withoutAll(listedAfter, listedBefore)).toEqual(added.map(cacheItemType).sort());
        }
        // explain --json planned exactly these calls and items.
        if (plan) {
          const planned = plan
            .filter((hop) => STS_KINDS.includes(hop.kind))
            .map((hop) => [hop.kind, hop.roleArn?.split("/").pop(), hop.durationSeconds, hop.mfa === "code"]);
          expect(planned).toEqual(
            row.calls.map((c) => [c.action, c.role, c.durationSeconds, c.serialNumber !== undefined]),
          );
          const plannedItems = plan
            .filter((hop) => hop.cacheType)
            .map((hop) => `${CACHE_KIND[hop.cacheType!]}${hop.sharedWithAwsVault ? "" : "*"} ${hop.profile}`);
          expect(plannedItems.sort()).toEqual(
            row.cache.map((item) => item.split(" ").slice(0, 2).join(" ")).sort(),
          );
        }

        // A second run within the TTL: no STS call, no MFA code, the same credentials, the same items.
        const second = await r.runCommand(false);
        expect(second.sts.map((call) => call.action)).toEqual([]);
        expect(second.mfaPrompts).toBe(0);
        expect(second.creds).toEqual(first.creds);
        expect(r.sessions()).toEqual([...row.cache].sort());
        row.afterSecond?.(r, second);
      } finally {
        r.cleanUp();
      }
    });
  }
});

describe("the signature check the rows rely on", () => {
  const withHeader = (call: WireCall, name: string, value: string): WireCall => ({
    ...call,
    headers: Object.fromEntries(
      Object.entries(call.headers).map(([k, v]) => [k, k.toLowerCase() === name ? value : v]),
    ),
  });

  it("accepts only the secret and session token that signed a recorded request", async () => {
    const r = await RowRunner.start(moto, ROWS[0]!);
    try {
      const first = await r.runCommand(true);
      // GetSessionToken, signed by vault-cli (JS SDK) with jon's long-term keys.
      const [sdkCall] = first.sts;
      expect(verify(sdkCall!, r.jon)).toBe("ok");
      expect(verify(sdkCall!, { ...r.jon, secretAccessKey: `${r.jon.secretAccessKey}x` })).toBe(
        "bad-signature",
      );
      expect(verify(sdkCall!, { ...r.jon, sessionToken: GST_KEYS.sessionToken })).toBe("bad-token");
      expect(verify(sdkCall!, GST_KEYS)).toBe("other-key");
      const longer = Buffer.from(
        sdkCall!.body.toString().replace("DurationSeconds=3600", "DurationSeconds=7200"),
      );
      expect(verify({ ...sdkCall!, body: longer }, r.jon)).toBe("bad-signature");
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
