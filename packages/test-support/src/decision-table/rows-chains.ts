import {
  ask,
  assume,
  chained,
  code,
  gst,
  gstCall,
  H1,
  H2,
  H8,
  H12,
  mfaSerial,
  roleArn,
  roleCall,
  roleProfile,
  stored,
  user,
} from "./builders.js";
import type { Expected, Row } from "./vocabulary.js";

// §4.4 rows 10-17: chains of two roles, roles sourced from themselves, aliases (profiles without a role).

const M = mfaSerial("M");
const twoRoles = { U: user("M"), R1: roleProfile("R1", "U", "M"), R2: roleProfile("R2", "R1", "M") };
const aliasChain = { U: user("M"), A: { source_profile: "U", mfa_serial: M } };

const chainOfTwo = (seconds: number, cappedFrom?: number, ...notes: string[]): Expected => ({
  hops: [
    stored("U"),
    gst("U", "M", seconds),
    assume("R1", "R1", chained("M"), { cappedFrom, notes }),
    assume("R2", "R2", chained("M"), { cappedFrom }),
  ],
  calls: [
    gstCall(seconds, "M", "keys:U"),
    roleCall("R1", H1, null, "gst"),
    roleCall("R2", H1, null, "role:R1"),
  ],
  asked: [ask("U", "M")],
  gets: "role:R2",
});

const twoCodes: Expected = {
  hops: [stored("U"), assume("R1", "R1", code("M")), assume("R2", "R2", code("M"))],
  calls: [roleCall("R1", H1, "M", "keys:U"), roleCall("R2", H1, "M", "role:R1")],
  asked: [ask("R1", "M"), ask("R2", "M")],
  gets: "role:R2",
};

const base = { stored: ["U"], command: "export" } as const;

/** Row 17: T(role) ← A(no role) ← U, all M, T asking 2h by `duration_seconds` or `-d`. */
const aliasedRole = (how: string, extra: Record<string, string>, options?: Row["options"]): Row => ({
  ...base,
  id: `17 ${how}`,
  title: `export T (T(role)←A(no role)←U, all M, ${how}): no GetSessionToken, AssumeRole 2h with MFA`,
  profiles: { ...aliasChain, T: roleProfile("R", "A", "M", extra) },
  target: "T",
  ...(options ? { options } : {}),
  expect: {
    hops: [stored("U"), assume("T", "R", code("M"), { seconds: H2 })],
    calls: [roleCall("R", H2, "M", "keys:U")],
    asked: [ask("T", "M")],
    gets: "role:R",
  },
});

export const CHAIN_ROWS: readonly Row[] = [
  {
    ...base,
    id: "10",
    title:
      "export R2 (R2←R1←U, all M): one code for GetSessionToken 8h; both roles chained, vault-cli caches",
    profiles: twoRoles,
    target: "R2",
    expect: chainOfTwo(H8),
  },
  {
    ...base,
    id: "10 -d 12h",
    title: "export R2 -d 12h (all M): GetSessionToken 12h, both AssumeRoles capped to 1h",
    profiles: twoRoles,
    target: "R2",
    options: { duration: "12h" },
    expect: chainOfTwo(
      H12,
      H12,
      "profile R1: capping AssumeRole duration from 12h0m0s to AWS maximum 1h0m0s for role chaining",
    ),
  },
  {
    ...base,
    id: "11",
    title: "export R2 -d 2h (all M): works in ByteNess: GetSessionToken 2h, AssumeRoles capped to 1h",
    profiles: twoRoles,
    target: "R2",
    options: { duration: "2h" },
    expect: chainOfTwo(H2, H2),
  },
  {
    ...base,
    id: "12",
    title: "export R2 --no-session (all M): two AssumeRoles, each with its own MFA code; both cached",
    profiles: twoRoles,
    target: "R2",
    options: { noSession: true },
    expect: twoCodes,
  },
  {
    ...base,
    id: "12 --mfa-token",
    title: "export R2 --no-session --mfa-token (all M): the one token goes to both calls, nobody is asked",
    profiles: twoRoles,
    target: "R2",
    options: { noSession: true, mfaToken: "999999" },
    expect: { ...twoCodes, asked: [] },
  },
  {
    id: "13",
    title:
      "exec R, self-sourced (keys stored under R, role_arn + M): AssumeRole with MFA, no GetSessionToken",
    profiles: { R: { role_arn: roleArn("R"), mfa_serial: M } },
    stored: ["R"],
    command: "exec",
    target: "R",
    expect: {
      hops: [stored("R"), assume("R", "R", code("M"))],
      calls: [roleCall("R", H1, "M", "keys:R")],
      asked: [ask("R", "M")],
      gets: "role:R",
    },
  },
  {
    id: "14",
    title: "export T (T(M)←S(role, M, keys stored under S)): GetSessionToken(S) with MFA, both roles chained",
    profiles: {
      S: { role_arn: roleArn("R1"), mfa_serial: M },
      T: { role_arn: roleArn("R2"), source_profile: "S", mfa_serial: M },
    },
    stored: ["S"],
    command: "export",
    target: "T",
    expect: {
      hops: [
        stored("S"),
        gst("S", "M", H8),
        assume("S", "R1", chained("M")),
        assume("T", "R2", chained("M")),
      ],
      calls: [
        gstCall(H8, "M", "keys:S"),
        roleCall("R1", H1, null, "gst"),
        roleCall("R2", H1, null, "role:R1"),
      ],
      asked: [ask("S", "M")],
      gets: "role:R2",
    },
  },
  {
    id: "15",
    title: "exec A (alias, no role, ←U, same M): GetSessionToken(U) 8h with MFA; A gets U's session",
    profiles: aliasChain,
    stored: ["U"],
    command: "exec",
    target: "A",
    expect: {
      hops: [stored("U"), gst("U", "M", H8, "profile A: sourcing credentials from profile U")],
      calls: [gstCall(H8, "M", "keys:U")],
      asked: [ask("U", "M")],
      gets: "gst",
    },
  },
  {
    id: "16",
    title:
      "exec A (alias, no role, no M, ←U with M): GetSessionToken 1h on behalf of A, no MFA, cached (A, '')",
    profiles: { U: user("M"), A: { source_profile: "U" } },
    stored: ["U"],
    command: "exec",
    target: "A",
    expect: {
      hops: [
        stored("U", "profile U: skipping GetSessionToken because profile 'A' has no MFA serial defined"),
        gst("A", null, H1),
      ],
      calls: [gstCall(H1, null, "keys:U")],
      asked: [],
      gets: "gst",
    },
  },
  aliasedRole("duration_seconds", { duration_seconds: "7200" }),
  aliasedRole("-d 2h", {}, { duration: "2h" }),
];
