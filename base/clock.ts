/**
 * The clock every actor and simulator is given. It has XState's clock shape (what delayed transitions use; pass it
 * as `createActor(machine, { clock })`) plus `now()`, so one object drives the machines' timers, the simulators' physics and the timestamps of a run. Tests give
 * XState's `SimulatedClock` and advance it; a process gives `systemClock`.
 */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** Milliseconds on this clock's time line (wall time for `systemClock`, simulated time in tests). */
  now(): number;
}

/**
 * Wall time with sub-millisecond resolution, so message logs can tell a 0.3 ms answer from a 0.9 ms one. Delays are
 * rounded up to whole milliseconds, the resolution Node's timers fire at anyway: Node keeps one timer list per
 * distinct delay, so the fractional delays of a simulator's tick grid (or a scaled clock) would build a new list per
 * timer, which a station with a thousand power stages pays ten thousand times a second.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.ceil(ms)),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/**
 * A clock on which time runs `speed` times faster than on `base`: what simulators use for `--speed X`. Protocol timers
 * keep the base clock, because a peer on the wire knows nothing of our speed factor.
 */
export function scaledClock(base: Clock, speed: number): Clock {
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
  const origin = base.now();
  return {
    now: () => origin + (base.now() - origin) * speed,
    setTimeout: (fn, ms) => base.setTimeout(fn, ms / speed),
    clearTimeout: (id) => base.clearTimeout(id),
  };
}
