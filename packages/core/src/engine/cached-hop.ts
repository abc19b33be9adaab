import type { CacheSlot, Hop } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";
import { formatSessionKey } from "../session/session-key.js";
import { SSO_SIGN_IN_WAIT_MS } from "../sso/sso-sign-in.js";
import type { EngineDeps } from "./engine-types.js";
import { checkFresh, hopName } from "./fresh-credentials.js";
import { flightKey } from "./hop-metadata.js";
import type { AwsCredentials } from "./ports.js";
import { type SessionCache, slotName } from "./session-cache.js";

/** An expiry with as many digits as any real one will have, to size an item's key before it exists. */
const FAR_FUTURE = new Date("2099-12-31T23:59:59Z");

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
  // Checked before any work: an item the keystore cannot hold (a file name over 255 bytes, from a long
  // mfa_serial) would fail after the MFA code was spent. Such a hop runs uncached, every time.
  const problem = context.deps.keystore.keyProblem?.(formatSessionKey({ ...slot, expiration: FAR_FUTURE }));
  if (problem !== undefined) {
    context.deps.warn?.(
      `${hopName(hop)} is not cached: the ${context.deps.keystore.name} keystore cannot hold its item (${problem})`,
    );
    return call().then((fresh) => {
      checkFresh(hop, fresh, minLifeSeconds, context.deps.clock);
      return fresh;
    });
  }
  const key = flightKey(slot, expected);
  const inFlight = context.flights.get(key);
  if (inFlight) return inFlight;
  const label = `credentials for profile '${slot.profile}' (${slot.type})`;
  // An SSO hop's holder may be waiting for the user to approve a sign-in: wait as long as that may take.
  const waitMs = hop.kind === "SsoRoleCredentials" ? SSO_SIGN_IN_WAIT_MS : undefined;
  const afterWait = () => findAgain(context, slot, expected);
  const flight = context.deps
    .lock({ name: slot.keyPrefix, label, afterWait, ...(waitMs ? { waitMs } : {}) }, () =>
      refreshUnderLock(context, hop, expected, call, minLifeSeconds),
    )
    .finally(() => context.flights.delete(key));
  context.flights.set(key, flight);
  return flight;
}

/** The cache read again: another process may have written the slot meanwhile. */
async function findAgain(
  { cache }: Pick<CachedHopContext, "cache">,
  slot: CacheSlot,
  expected: SessionMetadata,
): Promise<AwsCredentials | undefined> {
  await cache.reload();
  const hit = await cache.find(slot, expected);
  if (!hit) return undefined;
  const { metadata: _, ...credentials } = hit;
  return credentials;
}

async function refreshUnderLock(
  context: CachedHopContext,
  hop: Hop & { readonly cache: CacheSlot },
  expected: SessionMetadata,
  call: () => Promise<AwsCredentials>,
  minLifeSeconds: number,
): Promise<AwsCredentials> {
  const { cache, deps } = context;
  const slot = hop.cache;
  deps.trace?.(`cache: ${slotName(slot)}: looking again under the lock`);
  const hit = await findAgain(context, slot, expected);
  if (hit) return hit;
  const fresh = await call();
  checkFresh(hop, fresh, minLifeSeconds, deps.clock);
  // Long-term keys from a credential_process have no expiry; aws-vault's items need one.
  if (fresh.expiration) {
    await cache.write(slot, { ...fresh, expiration: fresh.expiration, metadata: expected });
  }
  return fresh;
}
