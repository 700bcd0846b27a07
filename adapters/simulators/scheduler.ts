/**
 * The simulators' only access to time passing: one-shot and periodic callbacks on an injected Clock, all cancelled
 * together when the simulator stops. Never the global timers, so a SimulatedClock (tests) or a scaledClock (`--speed`)
 * drives everything.
 */
import type { Clock } from '../../base/clock.js';

export interface Scheduler {
  /** Calls `fn` once, `ms` later on the clock. */
  after(ms: number, fn: () => void): void;
  /**
   * Calls `fn` every `periodMs`, on the grid start + k·period. A clock that jumps past several grid points (a
   * SimulatedClock's `increment`) gets one call, not one per missed point: the simulators integrate over the real
   * elapsed time, so catching up tick by tick would only repeat the same reading.
   */
  every(periodMs: number, fn: () => void): void;
  cancelAll(): void;
}

export function createScheduler(clock: Clock): Scheduler {
  const pending = new Set<unknown>();
  let cancelled = false;

  function after(ms: number, fn: () => void): void {
    if (cancelled) return;
    const id = clock.setTimeout(() => {
      pending.delete(id);
      fn();
    }, ms);
    pending.add(id);
  }

  // One callback for the whole life of a periodic call: a station's thousand stages tick ten thousand times a second.
  function every(periodMs: number, fn: () => void): void {
    let due = clock.now() + periodMs;
    const tick = (): void => {
      const now = clock.now();
      due += periodMs * (Math.floor((now - due) / periodMs) + 1);
      after(due - now, tick);
      fn();
    };
    after(due - clock.now(), tick);
  }

  return {
    after,
    every,
    cancelAll() {
      cancelled = true;
      for (const id of pending) clock.clearTimeout(id);
      pending.clear();
    },
  };
}
