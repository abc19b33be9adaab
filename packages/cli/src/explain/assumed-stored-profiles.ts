import type { AwsConfig } from "@vault-cli/core";

const SOURCE_KEYS = [
  "source_profile",
  "role_arn",
  "include_profile",
  "sso_session",
  "sso_start_url",
  "web_identity_token_file",
  "web_identity_token_process",
  "credential_process",
];

/**
 * Profiles whose section names no credential source of its own: the ones that must hold long-term keys.
 * `explain` plans with these besides the keys it finds (alone when the keystore cannot be listed), so a
 * profile whose keys are not stored yet still gets a plan; the output says which keys were found.
 */
export function assumedStoredProfiles(config: AwsConfig): Set<string> {
  const names = new Set<string>();
  for (const [name, section] of config.profiles) {
    if (!SOURCE_KEYS.some((key) => section.settings.has(key))) names.add(name);
  }
  return names;
}
