import type { AwsConfig, ConfigSection, IniValue, Setting } from "../../src/config/types.js";
import type { SourceLocation } from "../../src/errors.js";

const CONFIG_FILE = "/tmp/config";

/** Section headers as written in the file (`default`, `profile a`, `sso-session s`, `services x`) to their keys. */
export type ConfigSpec = Readonly<Record<string, Readonly<Record<string, IniValue>>>>;

/**
 * An AwsConfig as the parser would produce it, without the parser: each section header takes the next line,
 * each key the line after, and a blank line separates sections. So `{ default: { region: "x" }, "profile a":
 * { mfa_serial: "m" } }` puts `[default]` on line 1, `region` on 2, `[profile a]` on 4 and `mfa_serial` on 5.
 */
export function buildConfig(spec: ConfigSpec, file: string = CONFIG_FILE): AwsConfig {
  const profiles = new Map<string, ConfigSection>();
  const ssoSessions = new Map<string, ConfigSection>();
  const services = new Map<string, ConfigSection>();
  let line = 1;
  for (const [header, keys] of Object.entries(spec)) {
    const [kind, name] = splitHeader(header);
    const settings = new Map<string, Setting>();
    const location = { file, line };
    for (const [key, value] of Object.entries(keys)) {
      line += 1;
      settings.set(key.toLowerCase(), { value, location: { file, line } });
    }
    line += 2;
    const target = kind === "profile" ? profiles : kind === "sso-session" ? ssoSessions : services;
    target.set(name, { name, location, settings });
  }
  return { file, profiles, ssoSessions, services, warnings: [] };
}

function splitHeader(header: string): readonly ["profile" | "sso-session" | "services", string] {
  if (header === "default") return ["profile", "default"];
  const match = /^(profile|sso-session|services)\s+(.+)$/.exec(header);
  if (match === null) throw new Error(`buildConfig: unsupported section header '${header}'`);
  return [match[1] as "profile" | "sso-session" | "services", match[2]!];
}

/** Where `key` of profile `profile` (or the section itself when `key` is omitted) sits in a built config. */
export function locationOf(config: AwsConfig, profile: string, key?: string): SourceLocation {
  const section = config.profiles.get(profile) ?? config.ssoSessions.get(profile);
  if (section === undefined) throw new Error(`locationOf: no section '${profile}'`);
  if (key === undefined) return section.location;
  const setting = section.settings.get(key);
  if (setting === undefined) throw new Error(`locationOf: no key '${key}' in '${profile}'`);
  return setting.location;
}

/** `file:line` of a key, as error messages and origins print it. */
export function at(config: AwsConfig, profile: string, key?: string): string {
  const location = locationOf(config, profile, key);
  return `${location.file}:${location.line}`;
}
