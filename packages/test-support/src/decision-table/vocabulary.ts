import type { HopKind, SessionType, VaultErrorCode } from "@vault-cli/core";

/**
 * The words the decision table (reference aws-vault.md §4.4, ByteNess v7.13.5 column) is written in, the
 * same at every level: the plan (planCredentials), the engine with core's fakes, and the built binary
 * against moto. Each level turns what it observes into these words and compares.
 *
 * MFA devices, roles and helper programs are names here; each level maps them to concrete values
 * (symbols.ts), since moto needs its own account while the unit levels use any.
 */
export type MfaName = "M" | "M2";
export type RoleName = "R" | "R1" | "R2" | "R3";
/** A token file, a program printing the web identity token, a credential_process program. */
export type FixtureName = "token-file" | "token-process" | "credential-process";

/** A config value: literal text, or a name the level makes concrete. */
export type SettingValue =
  | string
  | { readonly mfa: MfaName }
  | { readonly role: RoleName }
  | { readonly fixture: FixtureName };

/**
 * Whose credentials: a profile's long-term keys, the session GetSessionToken returned, a role's session,
 * what credential_process printed, or an SSO profile's role credentials.
 */
export type Creds = `keys:${string}` | "gst" | `role:${string}` | "process" | `sso:${string}`;
/** Who signed an STS call: credentials as above, or nobody (AssumeRoleWithWebIdentity). */
export type Signer = Creds | "unsigned";

/** How a hop proves MFA: no MFA, a fresh code, or the MFA session of an earlier GetSessionToken. */
export type Mfa =
  | { readonly kind: "none" }
  | { readonly kind: "code"; readonly serial: string }
  | { readonly kind: "chained"; readonly serial: string };

/** The keystore item a hop reads and writes; `shared`: aws-vault caches it too (false: vault-cli only). */
export interface Slot {
  readonly type: SessionType;
  readonly profile: string;
  /** An MfaName for sts.* types, the start URL for SSO, "" for none. */
  readonly serial: string;
  readonly shared: boolean;
}

/** One hop of a plan. `notes` lists notes the hop must have (a hop may have more). */
export interface HopShape {
  readonly kind: HopKind;
  readonly profile: string;
  readonly role?: string | undefined;
  readonly mfa: Mfa;
  readonly durationSeconds?: number | undefined;
  readonly cappedFromSeconds?: number | undefined;
  /** A configured role_session_name; undefined for aws-vault's default (Unix nanoseconds). */
  readonly sessionName?: string | undefined;
  /** The program the hop runs: credential_process, or web_identity_token_process. */
  readonly process?: string | undefined;
  readonly cache?: Slot | undefined;
  readonly notes?: readonly string[];
}

export type StsAction = "GetSessionToken" | "AssumeRole" | "AssumeRoleWithWebIdentity";

/** One STS call on the wire; `mfa` is the SerialNumber sent with a code, undefined when none was. */
export interface CallShape {
  readonly action: StsAction;
  readonly role?: string | undefined;
  readonly durationSeconds: number;
  readonly mfa?: string | undefined;
  readonly signedBy: Signer;
  /** RoleSessionName when configured; undefined for the default. */
  readonly sessionName?: string | undefined;
  readonly webIdentityToken?: string | undefined;
}

/** An MFA code asked for (a prompt, or an mfa_process run). */
export interface Ask {
  readonly profile: string;
  readonly serial: string;
}

/** A session item in the keystore and whose credentials it holds. */
export interface Item {
  readonly type: SessionType;
  readonly profile: string;
  readonly serial: string;
  readonly holds: Creds;
}

/** What one command did: every level can observe these (moto only counts `asked`). */
export interface Outcome {
  readonly calls: readonly CallShape[];
  readonly asked: readonly Ask[];
  /** Programs run (FixtureNames), in order. */
  readonly processes: readonly string[];
  /** Whose credentials the command ended up with. */
  readonly gets: Creds;
  /** Every session item in the keystore afterwards. */
  readonly items: readonly Item[];
}

/** The table's answer for a row: the plan and what running it does (items follow from the hops' slots). */
export interface Expected extends Omit<Outcome, "items" | "processes"> {
  readonly hops: readonly HopShape[];
  readonly processes?: readonly string[];
  /** Codes of the plan's config warnings; none when absent. */
  readonly warnings?: readonly string[];
}

/** vault-cli refuses the command: the error code and part of its message. */
export interface Refusal {
  readonly refused: { readonly code: VaultErrorCode; readonly message: string };
}

/** A level that cannot run the row (and why), or where vault-cli refuses what the table describes. */
export type LevelOverride = { readonly skip: string } | (Refusal & { readonly why: string });

export type Level = "plan" | "engine" | "moto";

export interface Row {
  /** The §4.4 row number, and the variant: `8 -d 2h`, `20 process`. */
  readonly id: string;
  readonly title: string;
  /** Profile sections by profile name. */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, SettingValue>>>>;
  /** Profiles with long-term keys in the keystore. */
  readonly stored: readonly string[];
  /** exec and export differ only at the moto level; login is exec without the target's GetSessionToken. */
  readonly command: "exec" | "export" | "login";
  readonly target: string;
  readonly options?: {
    readonly noSession?: boolean;
    /** `--duration`, as typed (a Go duration). */
    readonly duration?: string;
    readonly mfaToken?: string;
  };
  readonly env?: Readonly<Record<string, string>>;
  /** A row whose command runs first in this row's config (its cache is then warm); only this run is measured. */
  readonly before?: string;
  readonly expect: Expected | Refusal;
  /** Where a level does not check the table's answer; the plan level always does. */
  readonly levels?: Readonly<Partial<Record<Exclude<Level, "plan">, LevelOverride>>>;
}
