import { CREDENTIAL_SOURCE_KEYS } from "../config/profile-keys.js";
import type { AwsConfig } from "../config/types.js";
import { textSetting } from "./config-setting.js";

// Small questions adapters ask about a config, answered here so that AWS key spellings stay in core.
// Each reads a profile's own section only (no include_profile, [default] or env), as aws-vault's `list`,
// `clear` and `add` do.

/** The SSO start URL of a profile: its sso-session's, else its own sso_start_url; undefined for others. */
export function ssoStartUrlOf(config: AwsConfig, profile: string): string | undefined {
  const section = config.profiles.get(profile);
  const sessionName = textSetting(section, "sso_session")?.value;
  const session = sessionName === undefined ? undefined : config.ssoSessions.get(sessionName);
  return textSetting(session, "sso_start_url")?.value ?? textSetting(section, "sso_start_url")?.value;
}

/** The source_profile a profile's section names, if any. */
export function sourceProfileOf(config: AwsConfig, profile: string): string | undefined {
  return textSetting(config.profiles.get(profile), "source_profile")?.value;
}

/**
 * The profiles whose credentials are made from `profile`'s: those whose source_profile chain (through their own
 * sections and include_profile) reaches it. Removing `profile`'s keys makes their cached sessions orphans.
 */
export function profilesSourcedFrom(config: AwsConfig, profile: string): Set<string> {
  const derived = new Set<string>();
  for (const name of config.profiles.keys()) {
    const seen = new Set([name]);
    for (let source = sourceOf(config, name); source !== undefined && !seen.has(source); ) {
      if (source === profile) {
        derived.add(name);
        break;
      }
      seen.add(source);
      source = sourceOf(config, source);
    }
  }
  return derived;
}

/**
 * The source_profile a profile resolves to, as resolution layers it: its own section's, else the first of its
 * include_profile chain's; one that names the profile itself (aws-vault's "parent style") means none.
 */
function sourceOf(config: AwsConfig, name: string): string | undefined {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const section = config.profiles.get(current);
    const source = textSetting(section, "source_profile")?.value;
    if (source !== undefined) return source === name ? undefined : source;
    current = textSetting(section, "include_profile")?.value;
  }
  return undefined;
}

/**
 * Every profile whose settings can reach `target`'s credentials: itself, its source_profile and
 * include_profile chains (even aliases that add no hop), and `[default]`.
 */
export function profilesFeeding(config: AwsConfig, target: string): Set<string> {
  const found = new Set<string>(["default"]);
  const todo = [target];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (found.has(name) && name !== target) continue;
    found.add(name);
    for (const key of ["source_profile", "include_profile"]) {
      const next = textSetting(config.profiles.get(name), key)?.value;
      if (next !== undefined && !found.has(next)) todo.push(next);
    }
  }
  return found;
}

/**
 * Profiles whose section names no credential source of its own: the ones that must hold long-term keys.
 * An empty value counts as unset, as resolution reads it. `among` limits the question to those profiles.
 */
export function profilesWithoutCredentialSource(
  config: AwsConfig,
  among: Iterable<string> = config.profiles.keys(),
): Set<string> {
  const names = new Set<string>();
  for (const name of among) {
    const section = config.profiles.get(name);
    if (section === undefined) continue;
    if (![...CREDENTIAL_SOURCE_KEYS].some((key) => textSetting(section, key) !== undefined)) names.add(name);
  }
  return names;
}
