import { type AwsConfig, CREDENTIAL_SOURCE_KEYS } from "@vault-cli/core";

/**
 * Profiles whose section names no credential source of its own: the ones that must hold long-term keys.
 * `explain` plans with these besides the keys it finds (alone when the keystore cannot be listed), so a
 * profile whose keys are not stored yet still gets a plan; the output says which keys were found.
 * The keys are core's own list, and an empty value counts as unset, as resolution reads it.
 */
export function assumedStoredProfiles(config: AwsConfig): Set<string> {
  const names = new Set<string>();
  for (const [name, section] of config.profiles) {
    const hasSource = [...CREDENTIAL_SOURCE_KEYS].some((key) => {
      const value = section.settings.get(key)?.value;
      return typeof value === "string" && value.trim() !== "";
    });
    if (!hasSource) names.add(name);
  }
  return names;
}
