import type { ConfigWarning, CredentialPlan, Env, Hop } from "@vault-cli/core";
import { formatDuration } from "./format-duration.js";
import { describeOrigin, hopInputs } from "./hop-inputs.js";
import type { StoredProfiles } from "./stored-profiles.js";

/**
 * The human `explain` output: one numbered line per hop, its details indented beneath (the stored hop
 * says whether the keystore holds its keys), then warnings.
 */
export function formatPlanText(
  plan: CredentialPlan,
  configFile: string,
  stored: StoredProfiles,
  env: Env,
): string {
  const lines = [`Profile '${plan.target}' (${configFile})`, `  region: ${plan.region ?? "(none)"}`];
  if (stored.error !== undefined) {
    lines.push(
      `  (keystore '${stored.backend}' unavailable: ${stored.error}; assuming profiles without a source hold keys)`,
    );
  }
  lines.push("");
  plan.hops.forEach((hop, i) => {
    lines.push(`  ${i + 1}. ${hopTitle(hop)}`);
    const keys = hop.kind === "stored" ? storedKeysDetail(hop.profile, stored) : [];
    for (const detail of [...keys, ...hopDetails(hop, env)]) lines.push(`       ${detail}`);
  });
  if (plan.warnings.length > 0) lines.push("", formatWarnings(plan.warnings));
  return `${lines.join("\n")}\n`;
}

function hopTitle(hop: Hop): string {
  const as = `'${hop.profile}'`;
  switch (hop.kind) {
    case "stored":
      return `long-term keys of ${as} from the keystore`;
    case "GetSessionToken":
      return `GetSessionToken with the keys of ${as}`;
    case "AssumeRole":
      return `AssumeRole ${hop.roleArn} for ${as}`;
    case "AssumeRoleWithWebIdentity":
      return `AssumeRoleWithWebIdentity ${hop.roleArn} for ${as}`;
    case "SsoRoleCredentials":
      return `SSO role ${hop.ssoRoleName} in account ${hop.ssoAccountId} for ${as}`;
    case "CredentialProcess":
      return `credential_process of ${as}`;
  }
}

function storedKeysDetail(profile: string, stored: StoredProfiles): string[] {
  if (stored.found === undefined) return [];
  return stored.found.has(profile)
    ? [`keys: found in the ${stored.backend} keystore`]
    : [`keys: none stored in the ${stored.backend} keystore (vault-cli add ${profile})`];
}

function hopDetails(hop: Hop, env: Env): string[] {
  const inputs = hopInputs(hop, env);
  const out: string[] = [];
  if (inputs.durationSeconds !== null) {
    const why = [
      inputs.cappedFromSeconds ? `capped from ${formatDuration(inputs.cappedFromSeconds)}` : "",
      inputs.durationOrigin ? describeOrigin(inputs.durationOrigin) : "",
    ].filter(Boolean);
    out.push(
      `duration: ${formatDuration(inputs.durationSeconds)}${why.length ? ` (${why.join("; ")})` : ""}`,
    );
  }
  const { mfa } = inputs;
  if (mfa.kind === "code") {
    const via = inputs.mfaProcess ? `mfa_process: ${inputs.mfaProcess}` : mfaSource(mfa.via);
    out.push(`MFA: ${mfa.serial}, code from ${via}`);
  }
  if (mfa.kind === "chained") out.push(`MFA: ${mfa.serial}, reused from the session above`);
  if (hop.kind === "AssumeRole" || hop.kind === "AssumeRoleWithWebIdentity") {
    out.push(`session name: ${inputs.roleSessionName ?? "the time of the call (aws-vault's default)"}`);
  }
  if (inputs.externalId !== null) out.push(`external id: ${inputs.externalId}`);
  if (inputs.sessionTags !== null) {
    const tags = Object.entries(inputs.sessionTags).map(([key, value]) => `${key}=${value}`);
    out.push(`session tags: ${tags.join(", ")}`);
  }
  if (inputs.transitiveSessionTags !== null) {
    out.push(`transitive tag keys: ${inputs.transitiveSessionTags.join(", ")}`);
  }
  if (inputs.sourceIdentity !== null) out.push(`source identity: ${inputs.sourceIdentity}`);
  if (inputs.ssoStartUrl !== null) {
    const session = inputs.ssoSession !== null ? `, [sso-session ${inputs.ssoSession}]` : "";
    out.push(`start URL: ${inputs.ssoStartUrl} (${inputs.ssoRegion ?? "no sso_region"})${session}`);
    out.push(
      `token: ${inputs.ssoTokenKey} in the keystore (scopes: ${inputs.ssoRegistrationScopes?.join(" ")})`,
    );
  }
  if (inputs.webIdentityTokenFile !== null) out.push(`token file: ${inputs.webIdentityTokenFile}`);
  if (inputs.webIdentityTokenProcess !== null) out.push(`token process: ${inputs.webIdentityTokenProcess}`);
  if (inputs.command !== null) out.push(`command: ${inputs.command}`);
  if (inputs.endpoint !== null) out.push(`endpoint: ${inputs.endpoint}`);
  if (inputs.endpointProblem !== null) out.push(`endpoint: none (${inputs.endpointProblem})`);
  if ("cache" in hop) {
    const shared = hop.cache.sharedWithAwsVault ? "" : " (vault-cli only: aws-vault does not cache this)";
    out.push(`cache: ${hop.cache.keyPrefix}<expiry>${shared}`);
  }
  // The other notes repeat the title in aws-vault's log words; --json keeps them all.
  for (const note of hop.notes) if (/skipping|ignored/.test(note)) out.push(`note: ${note}`);
  return out;
}

function mfaSource(via: "prompt" | "mfa_process"): string {
  return via === "prompt" ? "a prompt" : "mfa_process";
}

function formatWarnings(warnings: readonly ConfigWarning[]): string {
  const lines = ["Warnings:"];
  for (const w of warnings) lines.push(`  ${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.message}`);
  return lines.join("\n");
}
