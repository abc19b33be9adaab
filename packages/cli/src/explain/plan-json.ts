import type { ConfigWarning, CredentialPlan, Env, Hop } from "@vault-cli/core";
import { type HopInputs, hopInputs } from "./hop-inputs.js";
import type { StoredProfiles } from "./stored-profiles.js";

/**
 * The stable `explain --json` document, schemaVersion 1 (docs/explain-json.md).
 * Fields are added, never renamed or removed, without a schemaVersion bump.
 */
export interface ExplainJson {
  readonly schemaVersion: 1;
  readonly profile: string;
  readonly configFile: string;
  readonly region: string | null;
  /** The keystore listed for stored keys; error is set (and keysFound null) when it could not be. */
  readonly keystore: { readonly backend: string; readonly error: string | null };
  readonly hops: readonly ExplainHopJson[];
  readonly warnings: readonly ExplainWarningJson[];
}

interface ExplainHopJson extends Omit<HopInputs, "mfa"> {
  readonly step: number;
  readonly kind: Hop["kind"];
  readonly profile: string;
  readonly mfa: "code" | "chained" | "none";
  readonly mfaSerial: string | null;
  readonly mfaVia: "prompt" | "mfa_process" | null;
  readonly region: string | null;
  readonly cacheKey: string | null;
  readonly cacheType: string | null;
  readonly sharedWithAwsVault: boolean | null;
  readonly notes: readonly string[];
  /** Stored hops: whether the keystore holds the profile's keys; null for other hops or an unlisted keystore. */
  readonly keysFound: boolean | null;
}

interface ExplainWarningJson {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly profile: string | null;
}

export function planToJson(
  plan: CredentialPlan,
  configFile: string,
  stored: StoredProfiles,
  env: Env,
): ExplainJson {
  return {
    schemaVersion: 1,
    profile: plan.target,
    configFile,
    region: plan.region ?? null,
    keystore: { backend: stored.backend, error: stored.error ?? null },
    hops: plan.hops.map((hop, index) => hopToJson(hop, index, stored, env)),
    warnings: plan.warnings.map(warningToJson),
  };
}

function hopToJson(hop: Hop, index: number, stored: StoredProfiles, env: Env): ExplainHopJson {
  const { mfa, ...inputs } = hopInputs(hop, env);
  const cache = "cache" in hop ? hop.cache : undefined;
  return {
    step: index + 1,
    kind: hop.kind,
    profile: hop.profile,
    mfa: mfa.kind,
    mfaSerial: mfa.kind === "none" ? null : mfa.serial,
    mfaVia: mfa.kind === "code" ? mfa.via : null,
    region: hop.region ?? null,
    cacheKey: cache ? `${cache.keyPrefix}<expiry>` : null,
    cacheType: cache?.type ?? null,
    sharedWithAwsVault: cache ? cache.sharedWithAwsVault : null,
    notes: hop.notes,
    keysFound: hop.kind === "stored" && stored.found ? stored.found.has(hop.profile) : null,
    ...inputs,
  };
}

function warningToJson(w: ConfigWarning): ExplainWarningJson {
  return { code: w.code, message: w.message, file: w.file, line: w.line, profile: w.profile ?? null };
}
