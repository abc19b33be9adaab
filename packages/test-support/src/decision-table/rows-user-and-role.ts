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
  H36,
  NONE,
  roleCall,
  roleProfile,
  stored,
  user,
} from "./builders.js";
import type { Expected, MfaName, Row } from "./vocabulary.js";

// §4.4 rows 1-9: a user profile U with stored keys, alone or as the source of one role R.

const userAndRole = { U: user("M"), R: roleProfile("R", "U", "M") };

/** Row 5, and row 25 (login R) which the table says behaves the same. */
export const ROW_5: Expected = {
  hops: [stored("U"), gst("U", "M", H8), assume("R", "R", chained("M"))],
  calls: [gstCall(H8, "M", "keys:U"), roleCall("R", H1, null, "gst")],
  asked: [ask("U", "M")],
  gets: "role:R",
};

const gstFor = (seconds: number): Expected => ({
  hops: [stored("U"), gst("U", "M", seconds)],
  calls: [gstCall(seconds, "M", "keys:U")],
  asked: [ask("U", "M")],
  gets: "gst",
});

const roleFromKeys = (mfa: MfaName | null, seconds = H1, ...notes: string[]): Expected => ({
  hops: [stored("U", ...notes), assume("R", "R", mfa ? code(mfa) : NONE, { seconds })],
  calls: [roleCall("R", seconds, mfa, "keys:U")],
  asked: mfa ? [ask("R", mfa)] : [],
  gets: "role:R",
});

const base = { stored: ["U"], command: "exec" } as const;
const NO_SERIAL_ON_R = "profile U: skipping GetSessionToken because profile 'R' has no MFA serial defined";

export const USER_AND_ROLE_ROWS: readonly Row[] = [
  {
    ...base,
    id: "1",
    title: "exec U (no mfa): GetSessionToken 1h from the long-term keys, no MFA, cached (U, '')",
    profiles: { U: user() },
    target: "U",
    expect: {
      hops: [stored("U"), gst("U", null, H1)],
      calls: [gstCall(H1, null, "keys:U")],
      asked: [],
      gets: "gst",
    },
  },
  {
    ...base,
    id: "2",
    title: "exec U (mfa M): GetSessionToken 1h with an MFA code, cached (U, M)",
    profiles: { U: user("M") },
    target: "U",
    expect: gstFor(H1),
  },
  {
    ...base,
    id: "2 -d 2h",
    title: "exec U -d 2h (mfa M): GetSessionToken for the requested 2h",
    profiles: { U: user("M") },
    target: "U",
    options: { duration: "2h" },
    expect: gstFor(H2),
  },
  {
    ...base,
    id: "2 -d 36h",
    title: "exec U -d 36h (mfa M): GetSessionToken up to AWS's 36h maximum",
    profiles: { U: user("M") },
    target: "U",
    options: { duration: "36h" },
    expect: gstFor(H36),
  },
  {
    ...base,
    id: "3",
    title: "exec U --no-session: no STS call, the long-term keys themselves, nothing cached",
    profiles: { U: user("M") },
    target: "U",
    options: { noSession: true },
    expect: {
      hops: [stored("U", "profile U: skipping GetSessionToken because sessions are disabled")],
      calls: [],
      asked: [],
      gets: "keys:U",
    },
  },
  {
    ...base,
    id: "4a",
    title: "exec R (R←U, no mfa anywhere): AssumeRole from the keys; vault-cli caches it, aws-vault does not",
    profiles: { U: user(), R: roleProfile("R", "U") },
    target: "R",
    expect: roleFromKeys(null, H1, NO_SERIAL_ON_R),
  },
  {
    ...base,
    id: "4b",
    title: "exec R (R←U, only U has mfa): no GetSessionToken (R has no serial), AssumeRole without MFA",
    profiles: { U: user("M"), R: roleProfile("R", "U") },
    target: "R",
    expect: roleFromKeys(null, H1, NO_SERIAL_ON_R),
  },
  {
    ...base,
    id: "5",
    title: "exec R (R←U, both M): GetSessionToken 8h with MFA, then AssumeRole 1h with chained MFA",
    profiles: userAndRole,
    target: "R",
    expect: ROW_5,
  },
  {
    ...base,
    id: "5 shared",
    title: "after row 5, another role with the same source and serial reuses the MFA session: no code",
    profiles: { ...userAndRole, R3: roleProfile("R3", "U", "M") },
    before: "5",
    target: "R3",
    expect: {
      hops: [stored("U"), gst("U", "M", H8), assume("R3", "R3", chained("M"))],
      calls: [roleCall("R3", H1, null, "gst")],
      asked: [],
      gets: "role:R3",
    },
  },
  {
    ...base,
    id: "6",
    title: "exec R (R has M, U none): no GetSessionToken; AssumeRole with MFA from the keys, cached (R, M)",
    profiles: { U: user(), R: roleProfile("R", "U", "M") },
    target: "R",
    expect: roleFromKeys(
      "M",
      H1,
      "profile U: skipping GetSessionToken because profile 'U' has no MFA serial defined",
    ),
  },
  {
    ...base,
    id: "7",
    command: "export",
    title:
      "export R (R has M, U has M2): serials differ, AssumeRole with R's MFA from the keys, cached (R, M)",
    profiles: { U: user("M2"), R: roleProfile("R", "U", "M") },
    target: "R",
    expect: roleFromKeys(
      "M",
      H1,
      "profile U: skipping GetSessionToken because MFA serial doesn't match profile 'R'",
    ),
  },
  {
    ...base,
    id: "8 -d 2h",
    command: "export",
    title: "export R -d 2h (both M): no GetSessionToken, so AssumeRole gets the full 2h, with MFA",
    profiles: userAndRole,
    target: "R",
    options: { duration: "2h" },
    expect: roleFromKeys("M", H2),
  },
  {
    ...base,
    id: "8 duration_seconds",
    command: "export",
    title: "export R with duration_seconds = 7200 (both M): as -d 2h",
    profiles: { U: user("M"), R: roleProfile("R", "U", "M", { duration_seconds: "7200" }) },
    target: "R",
    expect: roleFromKeys("M", H2),
  },
  {
    ...base,
    id: "8 AWS_ASSUME_ROLE_TTL",
    command: "export",
    title: "export R with AWS_ASSUME_ROLE_TTL=2h (both M): as -d 2h",
    profiles: userAndRole,
    target: "R",
    env: { AWS_ASSUME_ROLE_TTL: "2h" },
    expect: roleFromKeys("M", H2),
  },
  {
    ...base,
    id: "9",
    command: "export",
    title:
      "export R --no-session (both M): AssumeRole with MFA from the keys, cached (R, M) as aws-vault does",
    profiles: userAndRole,
    target: "R",
    options: { noSession: true },
    expect: roleFromKeys("M"),
  },
];
