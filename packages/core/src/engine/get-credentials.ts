import type { CredentialPlan, Hop } from "../chain/types.js";
import type { Keystore } from "../keystore/keystore.js";
import { cachedHop, type Flights } from "./cached-hop.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { hopMetadata } from "./hop-metadata.js";
import type { AwsCredentials } from "./ports.js";
import { runHop } from "./run-hop.js";
import { openSessionCache, type SessionCache } from "./session-cache.js";

/** An engine owns the in-process single flight: concurrent calls for the same cache slot share one call. */
export interface Engine {
  getCredentials(plan: CredentialPlan, options: EngineOptions): Promise<AwsCredentials>;
}

/** Long-running hosts (fromVault, the ECS server) create one engine and keep it. */
export function createEngine(deps: EngineDeps): Engine {
  const flights: Flights = new Map();
  return { getCredentials: (plan, options) => execute(plan, deps, options, flights) };
}

// Calls through the plain function share flights when they share a keystore object, so callers that
// rebuild deps per call still coalesce; the WeakMap lets a discarded keystore take its flights with it.
const flightsByKeystore = new WeakMap<Keystore, Flights>();

/**
 * Runs a plan's hops in order, serving each cached hop from the session cache when a valid item matches the
 * plan, and starting after the deepest such hop: a warm role chain makes no STS call and reads no master keys.
 */
export function getCredentials(
  plan: CredentialPlan,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<AwsCredentials> {
  let flights = flightsByKeystore.get(deps.keystore);
  if (!flights) {
    flights = new Map();
    flightsByKeystore.set(deps.keystore, flights);
  }
  return execute(plan, deps, options, flights);
}

async function execute(
  plan: CredentialPlan,
  deps: EngineDeps,
  options: EngineOptions,
  flights: Flights,
): Promise<AwsCredentials> {
  const hops = plan.hops;
  if (options.noCache || !hops.some((hop) => hop.cache)) return runFrom(hops, 0, undefined, deps, options);
  const cache = await openSessionCache(deps.keystore, deps.clock, options.minTtlSeconds);
  const start = await deepestCachedHop(hops, cache);
  const context = { deps, options, cache, flights };
  let credentials = start.credentials;
  for (let index = start.next; index < hops.length; index++) {
    const hop = hops[index]!;
    credentials = hop.cache
      ? await cachedHop(context, hop, hop.cache, hopMetadata(hops, index), credentials)
      : await runHop(hop, credentials, deps, options);
  }
  return credentials!;
}

async function deepestCachedHop(
  hops: readonly Hop[],
  cache: SessionCache,
): Promise<{ next: number; credentials: AwsCredentials | undefined }> {
  for (let index = hops.length - 1; index >= 0; index--) {
    const slot = hops[index]!.cache;
    if (!slot) continue;
    const hit = await cache.find(slot, hopMetadata(hops, index));
    if (hit) {
      const { metadata: _, ...credentials } = hit;
      return { next: index + 1, credentials };
    }
  }
  return { next: 0, credentials: undefined };
}

async function runFrom(
  hops: readonly Hop[],
  start: number,
  input: AwsCredentials | undefined,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<AwsCredentials> {
  let credentials = input;
  for (const hop of hops.slice(start)) credentials = await runHop(hop, credentials, deps, options);
  return credentials!;
}
