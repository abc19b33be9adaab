import { formatGoDuration } from "../chain/parse-duration.js";
import type { Hop } from "../chain/types.js";
import { VaultError } from "../errors.js";
import type { AwsCredentials, Clock } from "./ports.js";

// The floor a consumer puts on credentials (minTtlSeconds) holds for fresh ones too, not only for cached items:
// what cannot meet it is an error, found before any call where the plan already tells, else before caching.

/** A hop in words, for messages: `GetSessionToken of profile 'jon'`. */
export function hopName(hop: Hop): string {
  const what = hop.kind === "CredentialProcess" ? "credential_process" : hop.kind;
  return `${what} of profile '${hop.profile}'`;
}

/** Before any call: the last hop asks for no more life than the consumer needs left. */
export function refuseTooShortRequest(hop: Hop, minTtlSeconds: number): void {
  if (!("durationSeconds" in hop) || hop.durationSeconds > minTtlSeconds) return;
  throw new VaultError(
    "CREDENTIALS_TOO_SHORT",
    `${hopName(hop)} would last ${formatGoDuration(hop.durationSeconds)}, but these credentials must have more ` +
      `than ${formatGoDuration(minTtlSeconds)} left when handed out`,
    { profile: hop.profile, data: { reason: "duration" } },
  );
}

/**
 * After a call, before anything is cached or handed out: credentials that have expired, or (`minLifeSeconds`,
 * for the last hop) have less life than the consumer needs, are an error. Long-term keys have no expiry.
 */
export function checkFresh(hop: Hop, fresh: AwsCredentials, minLifeSeconds: number, clock: Clock): void {
  if (!fresh.expiration) return;
  const leftSeconds = Math.floor((fresh.expiration.getTime() - clock().getTime()) / 1000);
  if (leftSeconds > 0 && leftSeconds >= minLifeSeconds) return;
  const state =
    leftSeconds <= 0
      ? `expired ${formatGoDuration(-leftSeconds)} ago (at ${fresh.expiration.toISOString()})`
      : `expire in ${formatGoDuration(leftSeconds)}, less than the ${formatGoDuration(minLifeSeconds)} they must have left`;
  throw new VaultError("CREDENTIALS_TOO_SHORT", `${hopName(hop)} returned credentials that ${state}`, {
    profile: hop.profile,
    data: { reason: leftSeconds <= 0 ? "expired" : "floor" },
  });
}
