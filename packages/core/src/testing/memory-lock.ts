import type { Lock } from "../engine/ports.js";

export interface MemoryLock extends Lock {
  /** Names in the order the lock was granted. */
  readonly acquisitions: readonly string[];
}

/** A real in-process mutex per name: each holder runs after the previous one settles. */
export function memoryLock(): MemoryLock {
  const tails = new Map<string, Promise<unknown>>();
  const acquisitions: string[] = [];
  const lock = (<T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(
      () => {
        acquisitions.push(name);
        return fn();
      },
      () => {
        acquisitions.push(name);
        return fn();
      },
    );
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return run;
  }) as MemoryLock;
  Object.defineProperty(lock, "acquisitions", { value: acquisitions });
  return lock;
}
