import type { AwsConfig } from "../config/types.js";
import { VaultError } from "../errors.js";
import { applySsoSession } from "./apply-sso-session.js";
import { collectSettings } from "./collect-settings.js";
import { readProfileFields } from "./read-profile-fields.js";
import { resolveDurations } from "./resolve-durations.js";
import { didYouMean } from "./suggest-name.js";
import type { ResolvedProfile, ResolveOptions } from "./types.js";

/**
 * Resolves one profile: flag > env > its section > its include_profile chain > `[default]` (settings only,
 * never a credential source) > built-in defaults. Throws PROFILE_NOT_FOUND for a name with no section and
 * no stored keys (except `default`), PROFILE_CYCLE for an include_profile loop, CONFIG_INVALID_SETTING for
 * a bad duration_seconds, session tags or sso_session.
 */
export function resolveProfile(
  config: AwsConfig,
  name: string,
  options: ResolveOptions & { readonly isTarget: boolean },
): ResolvedProfile {
  const section = config.profiles.get(name);
  if (section === undefined && name !== "default" && !options.storedProfiles?.has(name)) {
    const known = [...config.profiles.keys(), ...(options.storedProfiles ?? [])];
    // An empty config is most often a missing or misnamed file, not a typo.
    const empty = config.profiles.size === 0 ? " (it defines no profiles: check AWS_CONFIG_FILE)" : "";
    const message = `profile '${name}' not found in ${config.file}${empty}${didYouMean(name, known)}`;
    throw new VaultError("PROFILE_NOT_FOUND", message, { profile: name });
  }
  const { raw, warnings: collected } = collectSettings(config, name, options);
  applySsoSession(config, raw, name);
  // aws-vault's "parent style": a profile included for its source_profile may name itself.
  if (raw.get("source_profile")?.value === name) raw.delete("source_profile");
  const warnings = [...collected];
  const fields = readProfileFields(raw, name, warnings);
  const { assumeRole, sessionToken, chainedSessionToken } = resolveDurations(raw, name, options, warnings);
  Object.assign(fields.origins, {
    assumeRoleDurationSeconds: assumeRole.origin,
    sessionTokenDurationSeconds: sessionToken.origin,
    chainedSessionTokenDurationSeconds: chainedSessionToken.origin,
  });
  return {
    ...fields,
    name,
    location: section?.location,
    assumeRoleDurationSeconds: assumeRole.seconds,
    sessionTokenDurationSeconds: sessionToken.seconds,
    chainedSessionTokenDurationSeconds: chainedSessionToken.seconds,
    warnings,
  };
}
