import type { AwsConfig, ConfigSection } from "../config/types.js";
import { type SourceLocation, VaultError } from "../errors.js";
import { formatLocation, textSetting } from "./config-setting.js";
import { applySection, type RawSettings } from "./raw-settings.js";
import { didYouMean } from "./suggest-name.js";

/** Applies each included profile in turn; returns every profile visited (the profile itself included). */
export function followIncludes(
  config: AwsConfig,
  name: string,
  own: ConfigSection | undefined,
  raw: RawSettings,
): ReadonlySet<string> {
  const visited = [name];
  let section = own;
  for (let include = textSetting(section, "include_profile"); include; ) {
    const next = include.value;
    if (visited.includes(next)) throw includeCycle([...visited.slice(visited.indexOf(next)), next], include);
    section = config.profiles.get(next);
    if (section === undefined && next !== "default") throw includeNotFound(config, visited.at(-1)!, include);
    visited.push(next);
    if (section !== undefined) {
      applySection(raw, section, (at) => `include_profile ${next} ${formatLocation(at)}`);
    }
    include = textSetting(section, "include_profile");
  }
  return new Set(visited);
}

function includeCycle(cycle: readonly string[], closing: { readonly location: SourceLocation }): VaultError {
  return new VaultError(
    "PROFILE_CYCLE",
    `include_profile cycle: ${cycle.join(" -> ")} (closed by include_profile at ${formatLocation(closing.location)})`,
    { location: closing.location, profile: cycle.at(-2) },
  );
}

function includeNotFound(
  config: AwsConfig,
  profile: string,
  include: { readonly value: string; readonly location: SourceLocation },
): VaultError {
  return new VaultError(
    "PROFILE_NOT_FOUND",
    `include_profile of profile '${profile}' at ${formatLocation(include.location)} names profile ` +
      `'${include.value}', which is not in ${config.file}${didYouMean(include.value, config.profiles.keys())}`,
    { location: include.location, profile },
  );
}
