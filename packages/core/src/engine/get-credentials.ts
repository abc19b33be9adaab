import type { CredentialPlan, Hop, SourceHop } from "../chain/types.js";
import { type CachedHopContext, cachedHop, type Flights } from "./cached-hop.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { refuseTooShortRequest } from "./fresh-credentials.js";
import { hopMetadata } from "./hop-metadata.js";
import type { AwsCredentials } from "./ports.js";
import { runSource, runStep } from "./run-hop.js";
import { openSessionCache, type SessionCache } from "./session-cache.js";

/** An engine owns the in-process single flight: concurrent calls for the same cache slot share one call. */
export interface Engine {
  getCredentials(plan: CredentialPlan, options: EngineOptions): Promise<AwsCredentials>;
}

/** One per vault: a CLI run has one, a long-running host (fromVault, a server) keeps one for its life. */
export function createEngine(deps: EngineDeps): Engine {
  const flights: Flights = new Map();
  return { getCredentials: (plan, options) => execute(plan, deps, options, flights) };
}

/**
 * Runs a plan's hops in order, serving each cached hop from the session cache when a valid item matches the
 * plan, and starting after the deepest such hop: a warm role chain makes no STS call and reads no master keys.
 */
async function execute(
  plan: CredentialPlan,
  deps: EngineDeps,
  options: EngineOptions,
  flights: Flights,
): Promise<AwsCredentials> {
  const [source, ...steps] = plan.hops;
  // Nothing to look up (`rotate`, or long-term keys handed out as they are): the cache is not even listed.
  if (options.noCache || plan.hops.every((hop) => !("cache" in hop))) {
    let credentials = await runSource(source, deps);
    for (const step of steps) credentials = await runStep(step, credentials, deps, options);
    return credentials;
  }
  const cache = await openSessionCache(deps.keystore, deps.clock, {
    ...options,
    trace: deps.trace,
    warn: deps.warn,
  });
  const context: CachedHopContext = { deps, cache, flights };
  const start = await deepestCachedHop(plan.hops, cache);
  // The consumer's floor: what the last hop returns must meet it; no call is made when it cannot.
  const last: Hop = steps.at(-1) ?? source;
  if (start?.hop !== last) refuseTooShortRequest(last, options.minTtlSeconds);
  const minLife = (hop: Hop) => (hop === last ? options.minTtlSeconds : 0);
  let credentials = start?.credentials ?? (await sourceCredentials(context, source, minLife(source)));
  let previous: Hop = start?.hop ?? source;
  for (const step of steps.slice(start ? plan.hops.indexOf(start.hop) : 0)) {
    const input = credentials;
    const call = () => runStep(step, input, deps, options);
    credentials = await cachedHop(context, step, hopMetadata(step, previous), call, minLife(step));
    previous = step;
  }
  return credentials;
}

function sourceCredentials(
  context: CachedHopContext,
  source: SourceHop,
  minLifeSeconds: number,
): Promise<AwsCredentials> {
  const call = () => runSource(source, context.deps);
  if (source.kind === "stored") return call();
  return cachedHop(context, source, hopMetadata(source, undefined), call, minLifeSeconds);
}

/** The last hop whose cached item is valid for this plan, and its credentials; undefined when none is. */
async function deepestCachedHop(
  hops: CredentialPlan["hops"],
  cache: SessionCache,
): Promise<{ hop: Hop; credentials: AwsCredentials } | undefined> {
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop: Hop | undefined = hops[index];
    if (hop === undefined || !("cache" in hop)) continue;
    const hit = await cache.find(hop.cache, hopMetadata(hop, hops[index - 1]));
    if (hit) {
      const { metadata: _, ...credentials } = hit;
      return { hop, credentials };
    }
  }
  return undefined;
}
