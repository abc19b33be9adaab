import type { AwsCredentials, Clock } from "@vault-cli/core";

/** Credentials a server holds and hands out; `T` carries them with whatever else the server needs. */
export interface Held<T extends { readonly credentials: AwsCredentials }> {
  /** The held value while its credentials have the floor left or more; else one fetch that callers share. */
  get(): Promise<T>;
  /** Stops the prefetch timer. */
  close(): void;
}

export interface HoldOptions {
  readonly clock: Clock;
  /** Credentials with less life left than this are fetched again (the server consumer's floor). */
  readonly floorSeconds: number;
  /** A prefetch that failed: the next request tries again. */
  readonly onPrefetchError: (error: unknown) => void;
}

/** Long-term keys (no expiry) are held this long before the vault is asked again. */
const NO_EXPIRY_HOLD_MS = 3_600_000;

/**
 * Holds what `fetch` returns and fetches again when the credentials reach the floor: a timer does it in the
 * background (the prefetch), so requests are served from memory; a request that finds them too old joins
 * the fetch in flight. The vault's own session cache decides whether that fetch makes an STS call.
 */
export function holdCredentials<T extends { readonly credentials: AwsCredentials }>(
  fetch: () => Promise<T>,
  { clock, floorSeconds, onPrefetchError }: HoldOptions,
): Held<T> {
  let current: { value: T; refreshAt: number } | undefined;
  let flight: Promise<T> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refresh = (): Promise<T> => {
    flight ??= fetch()
      .then((value) => {
        const expiration = value.credentials.expiration?.getTime();
        const refreshAt =
          expiration === undefined ? clock().getTime() + NO_EXPIRY_HOLD_MS : expiration - floorSeconds * 1000;
        current = { value, refreshAt };
        schedule(refreshAt);
        return value;
      })
      .finally(() => {
        flight = undefined;
      });
    return flight;
  };

  const schedule = (at: number) => {
    clearTimeout(timer);
    if (closed) return;
    // A second past the floor, so the vault's cache, which applies the same floor, no longer serves them.
    const delay = Math.max(at - clock().getTime() + 1000, 1000);
    timer = setTimeout(() => refresh().catch(onPrefetchError), Math.min(delay, 2 ** 31 - 1));
    // The child keeps vault-cli alive; a pending prefetch must not.
    timer.unref();
  };

  return {
    get() {
      if (current && current.refreshAt >= clock().getTime()) return Promise.resolve(current.value);
      return refresh();
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
