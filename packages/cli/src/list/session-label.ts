import { formatGoDuration, type SessionKey } from "@vault-cli/core";

/**
 * aws-vault's label for a cached session: `<type>:<time left>`, the time left truncated to whole
 * seconds and printed as Go prints a duration (`sts.GetSessionToken:7h59m12s`, negative once expired).
 */
export function sessionLabel(session: SessionKey, now: Date): string {
  const secondsLeft = Math.trunc((session.expiration.getTime() - now.getTime()) / 1000);
  return `${session.type}:${formatGoDuration(secondsLeft)}`;
}
