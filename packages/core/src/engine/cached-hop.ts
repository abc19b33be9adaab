import type { CacheSlot } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";
import type { EngineDeps } from "./engine-types.js";
import { flightKey } from "./hop-metadata.js";
import type { AwsCredentials } from "./ports.js";
import { type SessionCache, slotName } from "./session-cache.js";

/** In-flight cached hops of one engine, by slot and expected metadata. */
export type Flights = Map<string, Promise<AwsCredentials>>;

export interface CachedHopContext {
  readonly deps: EngineDeps;
  readonly cache: SessionCache;
  readonly flights: Flights;
}

/**
 * Single flight for one cached hop: callers in this process join the call in flight; other processes wait
 * for the lock named after the slot and then re-read the cache, so N cold callers make one call and ask once.
 * `call` makes the hop's STS call (or runs its process) when the cache has nothing usable.
 */
export function cachedHop(
  context: CachedHopContext,
  slot: CacheSlot,
  expected: SessionMetadata,
  call: () => Promise<AwsCredentials>,
): Promise<AwsCredentials> {
  const key = flightKey(slot, expected);
  const inFlight = context.flights.get(key);
  if (inFlight) return inFlight;
  const label = `credentials for profile '${slot.profile}' (${slot.type})`;
  const flight = context.deps
    .lock({ name: slot.keyPrefix, label }, () => refreshUnderLock(context, slot, expected, call))
    .finally(() => context.flights.delete(key));
  context.flights.set(key, flight);
  return flight;
}

async function refreshUnderLock(
  { cache, deps }: CachedHopContext,
  slot: CacheSlot,
  expected: SessionMetadata,
  call: () => Promise<AwsCredentials>,
): Promise<AwsCredentials> {
  deps.trace?.(`cache: ${slotName(slot)}: looking again under the lock`);
  await cache.reload();
  const hit = await cache.find(slot, expected);
  if (hit) {
    const { metadata: _, ...credentials } = hit;
    return credentials;
  }
  const fresh = await call();
  // Long-term keys from a credential_process have no expiry; aws-vault's items need one.
  if (fresh.expiration) {
    await cache.write(slot, { ...fresh, expiration: fresh.expiration, metadata: expected });
  }
  return fresh;
}
