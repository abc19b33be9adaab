import type { AwsConfig } from "../config/types.js";
import { VaultError } from "../errors.js";
import { formatLocation } from "./config-setting.js";
import { resolveProfile } from "./resolve-profile.js";
import { didYouMean } from "./suggest-name.js";
import type { ResolvedProfile, ResolveOptions } from "./types.js";

/**
 * The target and the profiles it takes credentials from, target first. The walk stops at a profile with
 * stored keys (they win over its source_profile) or without a source_profile.
 */
export function resolveSourceChain(
  config: AwsConfig,
  target: string,
  options: ResolveOptions,
): ResolvedProfile[] {
  const chain = [resolveProfile(config, target, { ...options, isTarget: true })];
  const seen = new Set([target]);
  for (let current = chain[0]!; needsSource(current, options); ) {
    current = resolveSource(config, current, chain, seen, options);
    chain.push(current);
    seen.add(current.name);
  }
  return chain;
}

function needsSource(profile: ResolvedProfile, options: ResolveOptions): boolean {
  return profile.sourceProfile !== undefined && !options.storedProfiles?.has(profile.name);
}

function resolveSource(
  config: AwsConfig,
  profile: ResolvedProfile,
  chain: readonly ResolvedProfile[],
  seen: ReadonlySet<string>,
  options: ResolveOptions,
): ResolvedProfile {
  const source = profile.sourceProfile!;
  const location = profile.locations.sourceProfile;
  const where = location ? ` at ${formatLocation(location)}` : "";
  if (seen.has(source)) {
    const cycle = [...chain.slice(chain.findIndex((p) => p.name === source)).map((p) => p.name), source];
    throw new VaultError(
      "PROFILE_CYCLE",
      `source_profile cycle: ${cycle.join(" -> ")} (closed by source_profile of profile '${profile.name}'${where})`,
      { location, profile: profile.name },
    );
  }
  const stored = options.storedProfiles?.has(source) ?? false;
  if (!config.profiles.has(source) && !stored) {
    const known = [...config.profiles.keys(), ...(options.storedProfiles ?? [])];
    throw new VaultError(
      "PROFILE_NOT_FOUND",
      `source_profile of profile '${profile.name}'${where} names profile '${source}', which is not in ` +
        `${config.file} and has no stored keys${didYouMean(source, known)}`,
      { location, profile: profile.name },
    );
  }
  return resolveProfile(config, source, { ...options, isTarget: false });
}
