import type { CacheSlot, Hop } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { flightKey } from "./hop-metadata.js";
import type { AwsCredentials } from "./ports.js";
import { runHop } from "./run-hop.js";
import type { SessionCache } from "./session-cache.js";

/** In-flight cached hops of one engine, by slot and expected metadata. */
export type Flights = Map<string, Promise<AwsCredentials>>;

export interface CachedHopContext {
  readonly deps: EngineDeps;
  readonly options: EngineOptions;
  readonly cache: SessionCache;
  readonly flights: Flights;
}

/**
 * Single flight for one cached hop: callers in this process join the call in flight; other processes wait
 * for the lock named after the slot and then re-read the cache, so N cold callers make one call and ask once.
 */
export function cachedHop(
  context: CachedHopContext,
  hop: Hop,
  slot: CacheSlot,
  expected: SessionMetadata,
  input: AwsCredentials | undefined,
): Promise<AwsCredentials> {
  const key = flightKey(slot, expected);
  const inFlight = context.flights.get(key);
  if (inFlight) return inFlight;
  const flight = context.deps
    .lock(slot.keyPrefix, () => refreshUnderLock(context, hop, slot, expected, input))
    .finally(() => context.flights.delete(key));
  context.flights.set(key, flight);
  return flight;
}

async function refreshUnderLock(
  { deps, options, cache }: CachedHopContext,
  hop: Hop,
  slot: CacheSlot,
  expected: SessionMetadata,
  input: AwsCredentials | undefined,
): Promise<AwsCredentials> {
  await cache.reload();
  const hit = await cache.find(slot, expected);
  if (hit) {
    const { metadata: _, ...credentials } = hit;
    return credentials;
  }
  const fresh = await runHop(hop, input, deps, options);
  // Long-term keys from a credential_process have no expiry; aws-vault's items need one.
  if (fresh.expiration)
    await cache.write(slot, { ...fresh, expiration: fresh.expiration, metadata: expected });
  return fresh;
}
