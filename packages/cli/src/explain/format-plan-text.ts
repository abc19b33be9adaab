import type { ConfigWarning, CredentialPlan, Hop } from "@vault-cli/core";
import { formatDuration } from "./format-duration.js";
import type { StoredProfiles } from "./stored-profiles.js";

/**
 * The human `explain` output: one numbered line per hop, its details indented beneath (the stored hop
 * says whether the keystore holds its keys), then warnings.
 */
export function formatPlanText(plan: CredentialPlan, configFile: string, stored: StoredProfiles): string {
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
    for (const detail of [...keys, ...hopDetails(hop)]) lines.push(`       ${detail}`);
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

function hopDetails(hop: Hop): string[] {
  const out: string[] = [];
  if (hop.durationSeconds !== undefined) {
    const capped = hop.cappedFromSeconds ? ` (capped from ${formatDuration(hop.cappedFromSeconds)})` : "";
    out.push(`duration: ${formatDuration(hop.durationSeconds)}${capped}`);
  }
  if (hop.mfa.kind === "code") out.push(`MFA: ${hop.mfa.serial}, code from ${mfaSource(hop.mfa.via)}`);
  if (hop.mfa.kind === "chained") out.push(`MFA: ${hop.mfa.serial}, reused from the session above`);
  if (hop.ssoStartUrl) out.push(`start URL: ${hop.ssoStartUrl} (${hop.ssoRegion ?? "no sso_region"})`);
  if (hop.webIdentityTokenFile) out.push(`token file: ${hop.webIdentityTokenFile}`);
  if (hop.webIdentityTokenProcess) out.push(`token process: ${hop.webIdentityTokenProcess}`);
  if (hop.credentialProcess) out.push(`command: ${hop.credentialProcess}`);
  if (hop.cache) {
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

export function formatWarnings(warnings: readonly ConfigWarning[]): string {
  const lines = ["Warnings:"];
  for (const w of warnings) lines.push(`  ${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.message}`);
  return lines.join("\n");
}
