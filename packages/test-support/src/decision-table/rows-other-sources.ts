import {
  ask,
  assume,
  code,
  credentialProcess,
  fixture,
  gst,
  gstCall,
  H1,
  NONE,
  roleArn,
  roleCall,
  roleProfile,
  SSO_START_URL,
  sso,
  stored,
  user,
  webCall,
  webIdentity,
} from "./builders.js";
import { ROW_5 } from "./rows-user-and-role.js";
import type { LevelOverride, MfaName, Row } from "./vocabulary.js";

// §4.4 rows 18-25: the other sources of credentials (SSO, web identity, credential_process), which source
// wins, a source vault-cli does not support, and login.

/**
 * The moto level's row runner spawns the binary synchronously, so an SSO fake in the test's own process could
 * not answer it; packages/cli/test/sso-e2e.test.ts runs these rows' cases through the binary instead.
 */
const SSO_ELSEWHERE: LevelOverride = { skip: "SSO through the binary is covered by sso-e2e.test.ts" };
const NO_LOGIN: LevelOverride = { skip: "vault-cli has no login command yet" };
const ssoProfile = {
  sso_start_url: SSO_START_URL,
  sso_region: "us-east-1",
  sso_account_id: "123456789012",
  sso_role_name: "Admin",
};

/** Row 19: T(role) ← S(SSO); T's AssumeRole sends a code when T has an mfa_serial. */
const roleFromSso = (serial: MfaName | null): Row => ({
  id: serial ? "19 mfa" : "19",
  title: serial
    ? "exec T (T(role, M)←S(SSO)): S's SSO credentials, then AssumeRole T with MFA, cached (T, M)"
    : "exec T (T(role)←S(SSO)): S's SSO credentials, then AssumeRole T without MFA (vault-cli-only cache)",
  profiles: {
    S: ssoProfile,
    T: { role_arn: roleArn("R"), source_profile: "S", ...user(serial ?? undefined) },
  },
  stored: [],
  command: "exec",
  target: "T",
  expect: {
    hops: [sso("S"), assume("T", "R", serial ? code(serial) : NONE)],
    calls: [roleCall("R", H1, serial, "sso:S")],
    asked: serial ? [ask("T", serial)] : [],
    gets: "role:R",
  },
  levels: { moto: SSO_ELSEWHERE },
});

export const OTHER_SOURCE_ROWS: readonly Row[] = [
  {
    id: "18",
    title: "exec P (SSO profile): role credentials from the portal, cached by start URL",
    profiles: { P: ssoProfile },
    stored: [],
    command: "exec",
    target: "P",
    expect: { hops: [sso("P")], calls: [], asked: [], gets: "sso:P" },
    levels: { moto: SSO_ELSEWHERE },
  },
  roleFromSso(null),
  roleFromSso("M"),
  {
    id: "20 file",
    title:
      "exec P (role_arn + web_identity_token_file): one unsigned AssumeRoleWithWebIdentity, cached (P, '')",
    profiles: { P: { role_arn: roleArn("R"), web_identity_token_file: fixture("token-file") } },
    stored: [],
    command: "exec",
    target: "P",
    expect: { hops: [webIdentity("P", "R")], calls: [webCall("R")], asked: [], gets: "role:R" },
  },
  {
    id: "20 process",
    title: "export P (role_arn + web_identity_token_process, role_session_name): the token is the output",
    profiles: {
      P: {
        role_arn: roleArn("R"),
        web_identity_token_process: fixture("token-process"),
        role_session_name: "ci",
      },
    },
    stored: [],
    command: "export",
    target: "P",
    expect: {
      hops: [webIdentity("P", "R", { sessionName: "ci", process: "token-process" })],
      calls: [webCall("R", "ci")],
      asked: [],
      gets: "role:R",
      processes: ["token-process"],
    },
  },
  {
    id: "21",
    title:
      "exec P (credential_process; its role_arn is ignored with a warning): the process runs once, cached",
    profiles: { P: { credential_process: fixture("credential-process"), role_arn: roleArn("R") } },
    stored: [],
    command: "exec",
    target: "P",
    expect: {
      hops: [credentialProcess("P")],
      calls: [],
      asked: [],
      gets: "process",
      processes: ["credential-process"],
      warnings: ["ignored-setting"],
    },
  },
  {
    id: "22",
    title: "exec U (stored keys + credential_process + sso_start_url): the stored keys win, as rows 1-2",
    profiles: { U: { credential_process: "never-run", sso_start_url: SSO_START_URL } },
    stored: ["U"],
    command: "exec",
    target: "U",
    expect: {
      hops: [stored("U"), gst("U", null, H1)],
      calls: [gstCall(H1, null, "keys:U")],
      asked: [],
      gets: "gst",
    },
  },
  {
    id: "23",
    title: "exec P (role_arn + credential_source, no source_profile): credentials missing",
    profiles: { P: { role_arn: roleArn("R"), credential_source: "Ec2InstanceMetadata" } },
    stored: [],
    command: "exec",
    target: "P",
    expect: { refused: { code: "CREDENTIALS_MISSING", message: "credential_source" } },
  },
  {
    id: "24",
    title: "login U (mfa M): the target never gets a GetSessionToken, so the long-term keys come out",
    profiles: { U: user("M") },
    stored: ["U"],
    command: "login",
    target: "U",
    expect: {
      hops: [
        stored("U", "profile U: skipping GetSessionToken because sessions are disabled for this profile"),
      ],
      calls: [],
      asked: [],
      gets: "keys:U",
    },
    levels: { moto: NO_LOGIN },
  },
  {
    id: "25",
    title: "login R (both M): the same chain as exec R, row 5 (the source still gets its GetSessionToken)",
    profiles: { U: user("M"), R: roleProfile("R", "U", "M") },
    stored: ["U"],
    command: "login",
    target: "R",
    expect: ROW_5,
    levels: { moto: NO_LOGIN },
  },
];
