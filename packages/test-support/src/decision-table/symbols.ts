import type { FixtureName, MfaName, RoleName, Row, SettingValue } from "./vocabulary.js";

/** What a level makes of the table's names: its accounts, MFA device ARNs and helper programs. */
export interface LevelSymbols {
  readonly accounts: { readonly main: string; readonly other: string };
  readonly mfa: Readonly<Record<MfaName, string>>;
  readonly fixtures: Readonly<Record<FixtureName, string>>;
}

/** Which account each role lives in: chains cross accounts (R2, R3), as real ones do. */
const ROLE_ACCOUNTS: Readonly<Record<RoleName, "main" | "other">> = {
  R: "main",
  R1: "main",
  R2: "other",
  R3: "other",
};
const ROLES = Object.keys(ROLE_ACCOUNTS) as RoleName[];

/** Names to concrete values and back; a value no name maps to comes back as it is, so a diff shows it. */
export interface SymbolTable {
  readonly roleArn: (name: RoleName) => string;
  readonly fixture: (name: FixtureName) => string;
  /** The account of a role name (undefined for a name the table does not have). */
  readonly accountOf: (name: string) => string | undefined;
  /** Each profile's settings as the config file has them. */
  readonly profiles: (row: Row) => Record<string, Record<string, string>>;
  readonly roleName: (arn: string) => string;
  readonly mfaName: (serial: string) => string;
  readonly fixtureName: (value: string) => string;
}

export function symbolTable(symbols: LevelSymbols): SymbolTable {
  const roleArn = (name: RoleName) => `arn:aws:iam::${symbols.accounts[ROLE_ACCOUNTS[name]]}:role/${name}`;
  const value = (setting: SettingValue): string => {
    if (typeof setting === "string") return setting;
    if ("mfa" in setting) return symbols.mfa[setting.mfa];
    if ("role" in setting) return roleArn(setting.role);
    return symbols.fixtures[setting.fixture];
  };
  const arns = Object.fromEntries(ROLES.map((name) => [name, roleArn(name)]));
  return {
    roleArn,
    fixture: (name) => symbols.fixtures[name],
    accountOf: (name) =>
      ROLES.includes(name as RoleName) ? symbols.accounts[ROLE_ACCOUNTS[name as RoleName]] : undefined,
    profiles: (row) =>
      Object.fromEntries(
        Object.entries(row.profiles).map(([name, settings]) => [
          name,
          Object.fromEntries(Object.entries(settings).map(([key, setting]) => [key, value(setting)])),
        ]),
      ),
    roleName: (arn) => nameOf(arns, arn),
    mfaName: (serial) => nameOf(symbols.mfa, serial),
    fixtureName: (text) => nameOf(symbols.fixtures, text),
  };
}

function nameOf(names: Readonly<Record<string, string>>, value: string): string {
  return Object.entries(names).find(([, concrete]) => concrete === value)?.[0] ?? value;
}
