import type { CacheSlot, Hop } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";
import type { EngineDeps } from "./engine-types.js";
import { checkFresh } from "./fresh-credentials.js";
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
 * `call` makes the hop's STS call (or runs its process) when the cache has nothing usable; what it returns must
 * not have expired, and must have `minLifeSeconds` left (the consumer's floor, for the last hop), to be cached.
 */
export function cachedHop(
  context: CachedHopContext,
  hop: Hop & { readonly cache: CacheSlot },
  expected: SessionMetadata,
  call: () => Promise<AwsCredentials>,
  minLifeSeconds: number,
): Promise<AwsCredentials> {
  const slot = hop.cache;
  const key = flightKey(slot, expected);
  const inFlight = context.flights.get(key);
  if (inFlight) return inFlight;
  const label = `credentials for profile '${slot.profile}' (${slot.type})`;
  const flight = context.deps
    .lock({ name: slot.keyPrefix, label }, () =>
      refreshUnderLock(context, hop, expected, call, minLifeSeconds),
    )
    .finally(() => context.flights.delete(key));
  context.flights.set(key, flight);
  return flight;
}

async function refreshUnderLock(
  { cache, deps }: CachedHopContext,
  hop: Hop & { readonly cache: CacheSlot },
  expected: SessionMetadata,
  call: () => Promise<AwsCredentials>,
  minLifeSeconds: number,
): Promise<AwsCredentials> {
  const slot = hop.cache;
  deps.trace?.(`cache: ${slotName(slot)}: looking again under the lock`);
  await cache.reload();
  const hit = await cache.find(slot, expected);
  if (hit) {
    const { metadata: _, ...credentials } = hit;
    return credentials;
  }
  const fresh = await call();
  checkFresh(hop, fresh, minLifeSeconds, deps.clock);
  // Long-term keys from a credential_process have no expiry; aws-vault's items need one.
  if (fresh.expiration) {
    await cache.write(slot, { ...fresh, expiration: fresh.expiration, metadata: expected });
  }
  return fresh;
}
