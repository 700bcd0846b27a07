/**
 * What the stack's inspection adds to XState's: actors that are not XState actors but that a reader of a session needs
 * to see (the vehicle or power module a machine commands, the timers a machine has running), told in Stately's own event
 * format so that Stately's inspector shows them as ordinary actors. This module stamps their events.
 */
import type { Clock } from '../../base/clock.js';
import type { JsonValue } from '../../base/json-value.js';
import {
  STATELY_INSPECT_VERSION,
  type InspectedSnapshot,
  type JsonEventObject,
  type StatelyActorEvent,
  type StatelyEventEvent,
  type StatelySnapshotEvent,
} from '../../actors/runtime/stately-events.js';

export interface PseudoActor {
  readonly sessionId: string;
  readonly rootId: string;
  readonly name: string;
  readonly parentId: string | undefined;
}

export interface PseudoEvents {
  actor(actor: PseudoActor, context: JsonValue): StatelyActorEvent;
  event(target: PseudoActor, event: JsonEventObject, sourceId: string): StatelyEventEvent;
  snapshot(actor: PseudoActor, snapshot: InspectedSnapshot, event: JsonEventObject): StatelySnapshotEvent;
}

/** `k` ids keep these apart from the numeric ids of actors/runtime/inspection.ts on the same stream. */
export function pseudoEvents(clock: Clock): PseudoEvents {
  let sequence = 0;
  const base = (actor: PseudoActor) => ({
    sessionId: actor.sessionId,
    rootId: actor.rootId,
    createdAt: String(clock.now()),
    id: `k${sequence++}`,
    _version: STATELY_INSPECT_VERSION,
  });
  return {
    actor: (actor, context) => ({
      type: '@xstate.actor',
      ...base(actor),
      name: actor.name,
      snapshot: { status: 'active', context },
      definition: undefined,
      parentId: actor.parentId,
    }),
    event: (target, event, sourceId) => ({ type: '@xstate.event', ...base(target), event, sourceId }),
    snapshot: (actor, snapshot, event) => ({ type: '@xstate.snapshot', ...base(actor), event, snapshot }),
  };
}
