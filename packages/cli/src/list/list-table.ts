import { type AwsConfig, OIDC_TOKEN_KEY_PREFIX, type StoredKeys, ssoStartUrlOf } from "@vault-cli/core";
import { formatTable } from "./format-table.js";
import { sessionLabel } from "./session-label.js";

/**
 * aws-vault's `list` table: a row per config profile (its stored credentials and sessions), then stored
 * credentials without a profile, then SSO tokens and sessions that no listed profile owns, in key order.
 * Linear in the number of keys: sessions are grouped by profile once.
 */
export function listTable(config: AwsConfig, stored: StoredKeys, now: Date): string {
  const credentials = new Set(stored.credentials);
  const labelsByProfile = new Map<string, string[]>();
  for (const { session } of stored.sessions) {
    const labels = labelsByProfile.get(session.profile) ?? [];
    labels.push(sessionLabel(session, now));
    labelsByProfile.set(session.profile, labels);
  }
  const tokens = new Set(stored.oidcTokens);
  const shownTokens = new Set<string>();
  const rows = [
    ["Profile", "Credentials", "Sessions"],
    ["=======", "===========", "========"],
  ];
  for (const profile of config.profiles.keys()) {
    const labels = [...(labelsByProfile.get(profile) ?? [])];
    const startUrl = ssoStartUrlOf(config, profile);
    const token = startUrl === undefined ? undefined : `${OIDC_TOKEN_KEY_PREFIX}${startUrl}`;
    if (token !== undefined && tokens.has(token)) {
      labels.unshift(token);
      shownTokens.add(token);
    }
    rows.push([profile, credentials.has(profile) ? profile : "-", labels.join(", ") || "-"]);
  }
  for (const name of stored.credentials) {
    if (!config.profiles.has(name)) rows.push(["-", name, "-"]);
  }
  for (const token of stored.oidcTokens) if (!shownTokens.has(token)) rows.push(["-", "-", token]);
  for (const { session } of stored.sessions) {
    if (!config.profiles.has(session.profile)) rows.push(["-", "-", sessionLabel(session, now)]);
  }
  return formatTable(rows);
}
