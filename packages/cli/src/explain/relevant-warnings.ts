import {
  type AwsConfig,
  type ConfigWarning,
  type CredentialPlan,
  configWarningsFor,
  profilesFeeding,
} from "@vault-cli/core";

/**
 * File-wide warnings, warnings about any profile that can feed the target (through source_profile,
 * include_profile or `[default]`, even an alias that adds no hop), and the plan's own; each once, in line order.
 */
export function relevantWarnings(config: AwsConfig, plan: CredentialPlan): ConfigWarning[] {
  const feeding = profilesFeeding(config, plan.target);
  const seen = new Set<string>();
  const out: ConfigWarning[] = [];
  for (const w of [...configWarningsFor(config, feeding), ...plan.warnings]) {
    if (w.profile !== undefined && !feeding.has(w.profile)) continue;
    const id = `${w.file}:${w.line}:${w.code}:${w.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(w);
  }
  return out.sort((a, b) => a.line - b.line);
}
