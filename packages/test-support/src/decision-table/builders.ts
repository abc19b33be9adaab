import type {
  Ask,
  CallShape,
  FixtureName,
  HopShape,
  Mfa,
  MfaName,
  RoleName,
  SettingValue,
  Signer,
  Slot,
} from "./vocabulary.js";

// Shorthands the rows are written with. The cache slot of each hop follows the table's rules, stated once here.

export const H1 = 3600;
export const H2 = 7200;
export const H8 = 8 * 3600;
export const H12 = 12 * 3600;
export const H36 = 36 * 3600;

/** What the web identity token fixture holds; the trailing newline must reach STS (aws-vault does not trim). */
export const WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.decision-table.sig\n";
export const SSO_START_URL = "https://d-1.awsapps.com/start";

export const mfaSerial = (name: MfaName): SettingValue => ({ mfa: name });
export const roleArn = (name: RoleName): SettingValue => ({ role: name });
export const fixture = (name: FixtureName): SettingValue => ({ fixture: name });

type Settings = Readonly<Record<string, SettingValue>>;
/** A profile with nothing but an optional mfa_serial (a user, when keys are stored under it). */
export const user = (serial?: MfaName): Settings => (serial ? { mfa_serial: mfaSerial(serial) } : {});
/** A role profile sourced from `source`. */
export const roleProfile = (
  role: RoleName,
  source: string,
  serial?: MfaName,
  extra: Settings = {},
): Settings => ({
  role_arn: roleArn(role),
  source_profile: source,
  ...user(serial),
  ...extra,
});

export const NONE: Mfa = { kind: "none" };
export const code = (serial: MfaName): Mfa => ({ kind: "code", serial });
export const chained = (serial: MfaName): Mfa => ({ kind: "chained", serial });

export const stored = (profile: string, ...notes: string[]): HopShape => ({
  kind: "stored",
  profile,
  mfa: NONE,
  notes,
});

/** GetSessionToken, cached by aws-vault under the profile and serial ("" without MFA). */
export const gst = (
  profile: string,
  serial: MfaName | null,
  seconds: number,
  ...notes: string[]
): HopShape => ({
  kind: "GetSessionToken",
  profile,
  mfa: serial ? code(serial) : NONE,
  durationSeconds: seconds,
  cache: slot("sts.GetSessionToken", profile, serial ?? "", true),
  notes,
});

/** AssumeRole; aws-vault caches it only when it sends an MFA code (vault-cli caches it always). */
export function assume(
  profile: string,
  role: RoleName,
  mfa: Mfa,
  { seconds = H1, cappedFrom, notes = [] }: { seconds?: number; cappedFrom?: number; notes?: string[] } = {},
): HopShape {
  const serial = mfa.kind === "none" ? "" : mfa.serial;
  return {
    kind: "AssumeRole",
    profile,
    role,
    mfa,
    durationSeconds: seconds,
    cappedFromSeconds: cappedFrom,
    cache: slot("sts.AssumeRole", profile, serial, mfa.kind === "code"),
    notes,
  };
}

export const webIdentity = (
  profile: string,
  role: RoleName,
  { sessionName, process }: { sessionName?: string; process?: FixtureName } = {},
): HopShape => ({
  kind: "AssumeRoleWithWebIdentity",
  profile,
  role,
  mfa: NONE,
  durationSeconds: H1,
  sessionName,
  process,
  cache: slot("sts.AssumeRoleWithWebIdentity", profile, "", true),
  notes: [],
});

export const credentialProcess = (profile: string): HopShape => ({
  kind: "CredentialProcess",
  profile,
  mfa: NONE,
  process: "credential-process",
  cache: slot("credential_process", profile, "", true),
  notes: [],
});

/** SSO role credentials, cached by start URL. */
export const sso = (profile: string): HopShape => ({
  kind: "SsoRoleCredentials",
  profile,
  mfa: NONE,
  cache: slot("sso.GetRoleCredentials", profile, SSO_START_URL, true),
  notes: [],
});

function slot(type: Slot["type"], profile: string, serial: string, shared: boolean): Slot {
  return { type, profile, serial, shared };
}

/** GetSessionToken on the wire; `mfa` is the serial sent with a code, or null. */
export const gstCall = (seconds: number, mfa: MfaName | null, signedBy: Signer): CallShape => ({
  action: "GetSessionToken",
  durationSeconds: seconds,
  mfa: mfa ?? undefined,
  signedBy,
});

/** AssumeRole on the wire; a chained-MFA AssumeRole sends no code (mfa null). */
export const roleCall = (
  role: RoleName,
  seconds: number,
  mfa: MfaName | null,
  signedBy: Signer,
): CallShape => ({
  action: "AssumeRole",
  role,
  durationSeconds: seconds,
  mfa: mfa ?? undefined,
  signedBy,
});

/** AssumeRoleWithWebIdentity: unsigned, carrying the whole token. */
export const webCall = (role: RoleName, sessionName?: string): CallShape => ({
  action: "AssumeRoleWithWebIdentity",
  role,
  durationSeconds: H1,
  signedBy: "unsigned",
  sessionName,
  webIdentityToken: WEB_TOKEN,
});

export const ask = (profile: string, serial: MfaName): Ask => ({ profile, serial });
