/**
 * The timers a machine has running, as a child actor `timers` whose context lists them: XState schedules a delayed
 * transition (`after`, the standard's named timers) as a delayed raise and cancels it when the state is left, but
 * Stately's format carries neither. With the start time and the resolved milliseconds, a viewer shows each timer's
 * remaining time at any point of a recording.
 */
import type { JsonEventObject, StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import type { PseudoActor, PseudoEvents } from './pseudo-actors.js';
import type { EmittingActor } from './emitted-events.js';
import { TIMERS_ACTOR, type RunningTimer } from '../page/model/added-actors.js';

/** `xstate.after.V2G_EVCC_Msg_Timeout.din-evcc.SessionSetup` → `V2G_EVCC_Msg_Timeout`. */
export function delayName(eventType: string, ms: number): string {
  const prefix = 'xstate.after.';
  if (!eventType.startsWith(prefix)) return String(ms);
  const rest = eventType.slice(prefix.length);
  const dot = rest.indexOf('.');
  return dot < 0 ? rest : rest.slice(0, dot);
}

export interface RunningTimers {
  started(owner: EmittingActor, timer: Omit<RunningTimer, 'delay'>): StatelyInspectionEvent[];
  cancelled(owner: EmittingActor, id: string): StatelyInspectionEvent[];
  /** An event reached `owner`: when a timer raised it, the timer is over. */
  received(owner: EmittingActor, eventType: string): StatelyInspectionEvent[];
  /** `owner` is done or stopped: XState drops what it had scheduled. */
  ended(owner: EmittingActor): StatelyInspectionEvent[];
}

interface Timers {
  readonly actor: PseudoActor;
  readonly running: Map<string, RunningTimer>;
}

export function runningTimers(stamp: PseudoEvents): RunningTimers {
  const byOwner = new Map<string, Timers>();

  const snapshot = (timers: Timers, cause: JsonEventObject, status: 'active' | 'stopped' = 'active'): StatelyInspectionEvent =>
    stamp.snapshot(timers.actor, { status, context: { timers: [...timers.running.values()].map((t) => ({ ...t })) } }, cause);

  return {
    started(owner, timer) {
      const out: StatelyInspectionEvent[] = [];
      let timers = byOwner.get(owner.sessionId);
      if (timers === undefined) {
        timers = {
          actor: { sessionId: `${owner.sessionId}/${TIMERS_ACTOR}`, rootId: owner.rootId, name: TIMERS_ACTOR, parentId: owner.sessionId },
          running: new Map(),
        };
        byOwner.set(owner.sessionId, timers);
        out.push(stamp.actor(timers.actor, { timers: [] }));
      }
      timers.running.set(timer.id, { ...timer, delay: delayName(timer.event, timer.ms) });
      out.push(snapshot(timers, { type: 'timer.started', id: timer.id, ms: timer.ms }));
      return out;
    },
    cancelled(owner, id) {
      const timers = byOwner.get(owner.sessionId);
      if (timers === undefined || !timers.running.delete(id)) return [];
      return [snapshot(timers, { type: 'timer.cancelled', id })];
    },
    received(owner, eventType) {
      const timers = byOwner.get(owner.sessionId);
      if (timers === undefined) return [];
      const fired = [...timers.running.values()].find((t) => t.event === eventType);
      if (fired === undefined) return [];
      timers.running.delete(fired.id);
      return [snapshot(timers, { type: 'timer.expired', id: fired.id })];
    },
    ended(owner) {
      const timers = byOwner.get(owner.sessionId);
      if (timers === undefined) return [];
      byOwner.delete(owner.sessionId);
      timers.running.clear();
      return [snapshot(timers, { type: 'timer.owner.ended' }, 'stopped')];
    },
  };
}
