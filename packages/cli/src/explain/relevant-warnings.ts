import type { AwsConfig, ConfigWarning, CredentialPlan } from "@vault-cli/core";

/** File-wide warnings, warnings about profiles in the plan's chain, and the plan's own; each once. */
export function relevantWarnings(config: AwsConfig, plan: CredentialPlan): ConfigWarning[] {
  const chain = new Set([plan.target, ...plan.hops.map((hop) => hop.profile)]);
  const seen = new Set<string>();
  const out: ConfigWarning[] = [];
  for (const w of [...config.warnings, ...plan.warnings]) {
    if (w.profile !== undefined && !chain.has(w.profile)) continue;
    const id = `${w.file}:${w.line}:${w.code}:${w.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(w);
  }
  return out.sort((a, b) => a.line - b.line);
}
