import type { AwsConfig, ConfigWarning } from "../config/types.js";
import { planSessionStep } from "./plan-session-step.js";
import { planSourceHop } from "./plan-source-hop.js";
import type { PlanState } from "./plan-state.js";
import { resolveSourceChain } from "./resolve-source-chain.js";
import type { CredentialPlan, ResolveOptions } from "./types.js";

/**
 * Plans how to get credentials for `target` without calling AWS: ByteNess aws-vault v7.13.5's provider
 * choice, GetSessionToken priming and 1-hour role-chaining cap, walked from the deepest source_profile up.
 * Throws PROFILE_NOT_FOUND, PROFILE_CYCLE, CREDENTIALS_MISSING or CONFIG_INVALID_SETTING.
 */
export function planCredentials(
  config: AwsConfig,
  target: string,
  options: ResolveOptions = {},
): CredentialPlan {
  const chain = resolveSourceChain(config, target, options);
  const state: PlanState = {
    chain,
    options,
    source: undefined,
    steps: [],
    warnings: [],
    output: "other",
    chainedMfa: "",
    mfaProcess: undefined,
    pending: [],
  };
  const source = planSourceHop(state);
  for (let index = chain.length - (source.kind === "stored" ? 1 : 2); index >= 0; index--) {
    planSessionStep(state, index);
  }
  const warnings = [...chain.flatMap((profile) => profile.warnings), ...state.warnings];
  return {
    target,
    hops: [source, ...state.steps],
    region: chain[0]!.region,
    ...(chain[0]!.endpointUrl ? { endpointUrl: chain[0]!.endpointUrl } : {}),
    warnings: uniqueWarnings(warnings),
  };
}

function uniqueWarnings(warnings: readonly ConfigWarning[]): ConfigWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const id = `${warning.code}\n${warning.file}:${warning.line}\n${warning.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
