import type { Clock } from "./ports.js";

/** aws-vault's default RoleSessionName: the current time in Unix nanoseconds, as a decimal string. */
export function defaultRoleSessionName(clock: Clock): string {
  const ms = clock().getTime();
  // Millisecond clocks: the nanoseconds are the milliseconds followed by six zeros.
  return ms === 0 ? "0" : `${ms}000000`;
}
