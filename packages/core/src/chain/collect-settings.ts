import { CREDENTIAL_SOURCE_KEYS } from "../config/profile-keys.js";
import type { AwsConfig, ConfigSection, ConfigWarning } from "../config/types.js";
import { formatLocation, textSetting } from "./config-setting.js";
import { followIncludes } from "./follow-includes.js";
import { applySection, type RawSettings } from "./raw-settings.js";
import type { Env, ResolveOptions } from "./types.js";

const ENV_FOR_EVERY_PROFILE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["region", ["AWS_REGION", "AWS_DEFAULT_REGION"]],
  ["sts_regional_endpoints", ["AWS_STS_REGIONAL_ENDPOINTS"]],
  ["mfa_serial", ["AWS_MFA_SERIAL"]],
  ["endpoint_url", ["AWS_ENDPOINT_URL"]],
];

const ENV_FOR_TARGET: ReadonlyArray<readonly [string, string]> = [
  ["role_arn", "AWS_ROLE_ARN"],
  ["role_session_name", "AWS_ROLE_SESSION_NAME"],
  ["session_tags", "AWS_SESSION_TAGS"],
  ["transitive_session_tags", "AWS_TRANSITIVE_TAGS"],
  ["source_identity", "AWS_SOURCE_IDENTITY"],
];

interface CollectedSettings {
  readonly raw: RawSettings;
  readonly warnings: readonly ConfigWarning[];
}

/** Layers a profile's settings: flag > env > own section > include_profile chain > [default]. */
export function collectSettings(
  config: AwsConfig,
  name: string,
  options: ResolveOptions & { readonly isTarget: boolean },
): CollectedSettings {
  const raw: RawSettings = new Map();
  if (options.region) raw.set("region", { value: options.region, origin: "flag:--region" });
  applyEnv(raw, options.env ?? {}, options.isTarget);
  const own = config.profiles.get(name);
  if (own !== undefined) applySection(raw, own, (location) => formatLocation(location));
  const visited = followIncludes(config, name, own, raw);
  const warnings: ConfigWarning[] = [];
  const defaults = config.profiles.get("default");
  if (!visited.has("default") && defaults !== undefined) {
    // Only keys the profile does not set itself would have leaked in.
    const unset = [...CREDENTIAL_SOURCE_KEYS].filter((key) => !raw.has(key));
    const leaked = applyDefaultSettings(raw, defaults).filter((key) => unset.includes(key));
    if (leaked.length > 0) warnings.push(defaultCredentialSourceWarning(defaults, leaked, name));
  }
  return { raw, warnings };
}

function applyEnv(raw: RawSettings, env: Env, isTarget: boolean): void {
  const scoped: ReadonlyArray<readonly [string, readonly string[]]> = isTarget
    ? [...ENV_FOR_EVERY_PROFILE, ...ENV_FOR_TARGET.map(([key, variable]) => [key, [variable]] as const)]
    : ENV_FOR_EVERY_PROFILE;
  for (const [key, variables] of scoped) {
    const variable = variables.find((candidate) => (env[candidate] ?? "") !== "");
    if (variable !== undefined && !raw.has(key)) {
      raw.set(key, { value: env[variable]!, origin: `env:${variable}` });
    }
  }
}

/** Applies `[default]`'s settings only; returns the credential-source keys it holds that were left out. */
function applyDefaultSettings(raw: RawSettings, defaults: ConfigSection): string[] {
  applySection(raw, defaults, (at) => `[default] ${formatLocation(at)}`, CREDENTIAL_SOURCE_KEYS);
  return [...defaults.settings.keys()].filter(
    (key) => CREDENTIAL_SOURCE_KEYS.has(key) && textSetting(defaults, key) !== undefined,
  );
}

function defaultCredentialSourceWarning(
  defaults: ConfigSection,
  keys: readonly string[],
  profile: string,
): ConfigWarning {
  const location = textSetting(defaults, keys[0]!)?.location ?? defaults.location;
  // Attributed to the profile it would leak into, so per-profile filters keep it; the message stays the same.
  return {
    ...location,
    code: "default-credential-source",
    profile,
    message:
      `[default] sets ${keys.join(", ")}: vault-cli does not lend a credential source from [default] to ` +
      `profile '${profile}', but aws-vault (both forks) and the AWS CLI's defaults would apply it`,
  };
}
