import { formatRfc3339 } from "./rfc3339.js";

/** Label aws-vault gives a profile's long-term credentials. */
export function credentialsLabel(profile: string): string {
  return `aws-vault (${profile})`;
}

/** Label aws-vault gives a cached session. */
export function sessionLabel(profile: string, expiration: Date): string {
  return `aws-vault session for ${profile} (expires ${formatRfc3339(expiration)})`;
}

/** Description aws-vault gives a cached session (credentials have none). */
export const SESSION_DESCRIPTION = "aws-vault session";
