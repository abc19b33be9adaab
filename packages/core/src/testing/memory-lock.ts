import type { Lock, LockRequest } from "../engine/ports.js";

export interface MemoryLock extends Lock {
  /** Names in the order the lock was granted. */
  readonly acquisitions: readonly string[];
  /** Labels in the same order. */
  readonly labels: readonly string[];
}

/** A real in-process mutex per name: each holder runs after the previous one settles. */
export function memoryLock(): MemoryLock {
  const tails = new Map<string, Promise<unknown>>();
  const acquisitions: string[] = [];
  const labels: string[] = [];
  const lock = (<T>({ name, label }: LockRequest, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const granted = () => {
      acquisitions.push(name);
      labels.push(label);
      return fn();
    };
    const run = previous.then(granted, granted);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return run;
  }) as MemoryLock;
  Object.defineProperty(lock, "acquisitions", { value: acquisitions });
  Object.defineProperty(lock, "labels", { value: labels });
  return lock;
}
