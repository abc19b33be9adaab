import type { SourceLocation } from "../errors.js";

/** A value in an AWS config file: a string, or a nested sub-section (`s3 =` followed by indented keys). */
export type IniValue = string | Readonly<Record<string, string>>;

/** An entry of a parsed section; also a Setting, so the AWS level shares the parser's objects. */
export interface IniEntry extends Setting {
  /** Lower-cased key, as botocore and aws-vault both read it. */
  readonly key: string;
  readonly value: IniValue;
  /** 1-based line of the `key =` line. */
  readonly line: number;
}

export interface IniSection {
  /** The text between the brackets, exactly as botocore's configparser keeps it (not trimmed). */
  readonly header: string;
  /** 1-based line of the first `[header]` line of this section. */
  readonly line: number;
  /** Entries in first-seen order; duplicate sections are merged and duplicate keys keep the last value. */
  readonly entries: ReadonlyMap<string, IniEntry>;
}

export type ConfigWarningCode =
  | "bom"
  | "inline-comment"
  | "duplicate-key"
  | "duplicate-section"
  | "unparsable-line"
  | "key-outside-section"
  | "default-section"
  | "continuation-line"
  | "colon-delimiter"
  | "quoted-value"
  | "line-continuation"
  | "section-name-spacing"
  | "invalid-section-name"
  | "default-and-profile-default"
  | "default-credential-source"
  | "unknown-key"
  | "ignored-setting"
  | "invalid-env";

/** Something the AWS CLI, the JS SDK or aws-vault would read differently from vault-cli, or a likely mistake. */
export interface ConfigWarning extends SourceLocation {
  readonly code: ConfigWarningCode;
  readonly message: string;
  readonly profile?: string;
}

export interface ParsedIni {
  readonly file: string;
  readonly sections: readonly IniSection[];
  readonly warnings: readonly ConfigWarning[];
}

/** One setting of a profile or sso-session, with where it was written. */
export interface Setting {
  readonly value: IniValue;
  readonly location: SourceLocation;
}

export interface ConfigSection {
  readonly name: string;
  readonly location: SourceLocation;
  /** Lower-cased AWS keys (`source_profile`, `mfa_serial`, ...). */
  readonly settings: ReadonlyMap<string, Setting>;
}

/** An AWS config file mapped into its profiles, sso-sessions and services, in file order. */
export interface AwsConfig {
  readonly file: string;
  readonly profiles: ReadonlyMap<string, ConfigSection>;
  readonly ssoSessions: ReadonlyMap<string, ConfigSection>;
  readonly services: ReadonlyMap<string, ConfigSection>;
  readonly warnings: readonly ConfigWarning[];
}
