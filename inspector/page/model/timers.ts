/**
 * The timers an actor has running at a point of the time line, with the time left on each: what the statechart's
 * named delays (the standard's timers) are doing right then.
 */
import type { RunningTimer, TimersContext } from './added-actors.js';
import type { InspectionStore } from './store.js';

export interface TimerAt extends RunningTimer {
  /** Milliseconds left at `now`; negative once overdue (a late event loop or a clock that was stopped). */
  readonly remaining: number;
}

function isTimersContext(value: unknown): value is TimersContext {
  return typeof value === 'object' && value !== null && Array.isArray((value as { timers?: unknown }).timers);
}

/** `now`: the time on the inspector's clock to measure against (the event's time, or later while live). */
export function timersAt(store: InspectionStore, sessionId: string, at: number, now: number): TimerAt[] {
  const timers = store.actors.get(sessionId)?.timers;
  if (timers === undefined) return [];
  const snapshot = store.snapshotAt(timers, at);
  if (snapshot?.status !== 'active' || !isTimersContext(snapshot.context)) return [];
  return snapshot.context.timers.map((t) => ({ ...t, remaining: t.startedAt + t.ms - now }));
}
