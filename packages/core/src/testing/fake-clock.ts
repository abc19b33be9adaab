import type { Clock } from "../engine/ports.js";

/** A clock that moves only when told to. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(instant: Date | string | number): void;
}

export function fakeClock(start: Date | string | number = "2026-01-01T00:00:00Z"): FakeClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as FakeClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (instant) => {
    now = new Date(instant).getTime();
  };
  return clock;
}
