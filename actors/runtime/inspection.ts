/**
 * One inspector for a whole running stack: pass its `inspect` to every `createActor` (XState sends the events of a
 * root and all its children through it) and read one stream of Stately-format events, JSON-safe, for the browser
 * inspector, a log or a test. Nothing here runs unless someone asked for an inspector: callers pass `inspect` only
 * when inspection is on, so a stack without one pays nothing.
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import { Subject, type Observable } from 'rxjs';
import { systemClock, type Clock } from '../../base/clock.js';
import { toJsonValue, type JsonValue } from '../../base/json-value.js';
import {
  STATELY_INSPECT_VERSION,
  type InspectedSnapshot,
  type JsonEventObject,
  type StatelyInspectionEvent,
} from './stately-events.js';

export interface InspectorOptions {
  /** Stamps `createdAt`; the simulated clock of a test makes the stream reproducible. Default: systemClock. */
  readonly clock?: Clock;
}

export interface Inspector {
  /** XState's inspection observer: `createActor(machine, { inspect: inspector.inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  /**
   * Every actor's events in the order XState reported them. Hot: subscribe before starting the actors to see their
   * creation.
   */
  readonly events$: Observable<StatelyInspectionEvent>;
}

/** The fields XState's Actor has beyond ActorRefLike, read when present: parent, id, logic. */
interface ActorDetails {
  readonly id?: string;
  readonly _parent?: AnyActorRef;
  readonly logic?: { readonly config?: unknown };
}

export function createInspector(options: InspectorOptions = {}): Inspector {
  const clock = options.clock ?? systemClock;
  const events$ = new Subject<StatelyInspectionEvent>();
  let sequence = 0;
  // Every session starts the same machines: their definitions are converted once, not once per actor.
  const definitions = new WeakMap<object, string>();
  const definitionOf = (config: object): string => {
    let definition = definitions.get(config);
    if (definition === undefined) definitions.set(config, (definition = JSON.stringify(toJsonValue(config, { functions: 'name' }))));
    return definition;
  };

  function base(event: InspectionEvent) {
    return {
      sessionId: event.actorRef.sessionId,
      rootId: event.rootId,
      createdAt: String(clock.now()),
      id: String(sequence++),
      _version: STATELY_INSPECT_VERSION,
    };
  }

  function convert(event: InspectionEvent): StatelyInspectionEvent | undefined {
    switch (event.type) {
      case '@xstate.actor': {
        const actor = event.actorRef as ActorDetails & typeof event.actorRef;
        const config = actor.logic?.config;
        const configId = isObject(config) && typeof config.id === 'string' ? config.id : undefined;
        // XState names an actor by its sessionId when nobody gave it an id; the machine's id says more.
        const name = actor.id === undefined || actor.id === actor.sessionId ? (configId ?? actor.sessionId) : actor.id;
        return {
          type: '@xstate.actor',
          ...base(event),
          name,
          // XState registers an actor before starting it: its snapshot is usually still empty here; the first
          // '@xstate.snapshot' (after xstate.init) brings it.
          snapshot: inspected(actor.getSnapshot()),
          definition: isObject(config) ? definitionOf(config) : undefined,
          parentId: actor._parent?.sessionId,
        };
      }
      case '@xstate.event':
        return { type: '@xstate.event', ...base(event), event: jsonEvent(event.event), sourceId: event.sourceRef?.sessionId };
      case '@xstate.snapshot':
        return { type: '@xstate.snapshot', ...base(event), event: jsonEvent(event.event), snapshot: inspected(event.snapshot) };
      default:
        // Microsteps, actions and transitions have no place in Stately's format; their effect shows in the snapshot.
        return undefined;
    }
  }

  return {
    inspect(event) {
      const converted = convert(event);
      if (converted !== undefined) events$.next(converted);
    },
    events$: events$.asObservable(),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function jsonEvent(event: { readonly type: string }): JsonEventObject {
  const converted = toJsonValue(event);
  return { ...(isObject(converted) ? converted : {}), type: event.type };
}

const STATUSES: ReadonlySet<unknown> = new Set(['active', 'done', 'error', 'stopped']);

/** The snapshot fields Stately's inspector reads, each made JSON; the machine, its nodes and methods stay behind. */
function inspected(snapshot: unknown): InspectedSnapshot {
  if (!isObject(snapshot)) return {};
  const result: { -readonly [K in keyof InspectedSnapshot]: InspectedSnapshot[K] } = {};
  if (STATUSES.has(snapshot.status)) result.status = snapshot.status as InspectedSnapshot['status'];
  for (const key of ['value', 'context', 'output', 'error'] as const) {
    if (snapshot[key] !== undefined) result[key] = toJsonValue(snapshot[key]) satisfies JsonValue;
  }
  return result;
}
