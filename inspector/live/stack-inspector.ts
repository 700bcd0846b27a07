/**
 * The inspector the command line attaches to a running stack: actors/runtime/inspection.ts's Stately-format stream of
 * every XState actor (a child named by its path from its root), plus what only XState's action events tell (emitted-events.ts, running-timers.ts), still in
 * Stately's format, so the browser inspector, a recording and Stately's own inspector all read the same stream.
 */
import { merge, Subject } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import { systemClock } from '../../base/clock.js';
import { createInspector, type Inspector, type InspectorOptions } from '../../actors/runtime/inspection.js';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { emittedEvents, type EmittingActor } from './emitted-events.js';
import { pseudoEvents, type PseudoActor } from './pseudo-actors.js';
import { runningTimers } from './running-timers.js';

/** XState's built-in actions as `@xstate.action` reports them (their resolved parameters). */
interface ActionParams {
  readonly event?: { readonly type?: unknown };
  readonly id?: unknown;
  readonly delay?: unknown;
  readonly sendId?: unknown;
}

export function createStackInspector(options: InspectorOptions = {}): Inspector {
  const clock = options.clock ?? systemClock;
  const base = createInspector(options);
  const added = new Subject<StatelyInspectionEvent>();
  const stamp = pseudoEvents(clock);
  // The names inspection.ts gave each actor (its id, or its machine's id), so the added events name them alike; and
  // the latest actor of each name, where a machine's emitted events go when it is their I/O actor (the channel's).
  const names = new Map<string, string>();
  const byName = new Map<string, PseudoActor>();
  // A child is named by its path from the root, as XState relates them (`secc` → `secc/3` → `secc/3/din-secc`): its own
  // id says only which layer it is.
  const named = new Subject<StatelyInspectionEvent>();
  base.events$.subscribe((event) => {
    if (event.type !== '@xstate.actor') return named.next(event);
    const parentName = event.parentId === undefined ? undefined : names.get(event.parentId);
    const actor = parentName === undefined ? event : { ...event, name: `${parentName}/${event.name}` };
    names.set(actor.sessionId, actor.name);
    byName.set(actor.name, { sessionId: actor.sessionId, rootId: actor.rootId ?? actor.sessionId, name: actor.name, parentId: actor.parentId });
    named.next(actor);
  });
  const emitted = emittedEvents(stamp, (name) => byName.get(name));
  const timers = runningTimers(stamp);

  function added$(event: InspectionEvent): StatelyInspectionEvent[] {
    const owner: EmittingActor = {
      sessionId: event.actorRef.sessionId,
      rootId: event.rootId,
      name: names.get(event.actorRef.sessionId) ?? event.actorRef.sessionId,
    };
    switch (event.type) {
      case '@xstate.action': {
        const params = (event.action.params ?? {}) as ActionParams;
        if (event.action.type === 'xstate.emit' && typeof params.event?.type === 'string') {
          return emitted.convert(owner, params.event as { readonly type: string });
        }
        if (event.action.type === 'xstate.raise' && typeof params.delay === 'number' && typeof params.event?.type === 'string') {
          const id = typeof params.id === 'string' ? params.id : params.event.type;
          return timers.started(owner, { id, ms: params.delay, event: params.event.type, startedAt: clock.now() });
        }
        if (event.action.type === 'xstate.cancel' && typeof params.sendId === 'string') return timers.cancelled(owner, params.sendId);
        return [];
      }
      case '@xstate.event':
        return timers.received(owner, event.event.type);
      case '@xstate.snapshot':
        return event.snapshot.status === 'active' ? [] : timers.ended(owner);
      default:
        return [];
    }
  }

  return {
    inspect(event) {
      base.inspect(event);
      for (const e of added$(event)) added.next(e);
    },
    events$: merge(named, added),
  };
}
