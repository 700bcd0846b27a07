/**
 * The inspection events of Stately's inspector, as `@statelyai/inspect` 0.7.0 sends them to its adapters
 * (`StatelyInspectionEvent` in its src/types.ts, built by `convertXStateEvent` in src/createInspector.ts). We do not
 * depend on that package; these types restate its wire format so our stream can feed the Stately inspector and our own.
 * Where 0.7.0 leaves a field loosely typed (`context?: any`), the JSON type stands in, since we send only JSON.
 */
import type { JsonValue } from '../../base/json-value.js';

/** `_version`: the @statelyai/inspect version whose format these events follow. */
export const STATELY_INSPECT_VERSION = '0.7.0';

export interface StatelyBaseInspectionEvent {
  /** The actor this event is about (XState's `actorRef.sessionId`, e.g. `x:0`). */
  readonly sessionId: string;
  /** The sessionId of the root actor of its system. */
  readonly rootId: string | undefined;
  /** When it happened: milliseconds on the inspector's clock, as a decimal string (0.7.0 sends `Date.now().toString()`). */
  readonly createdAt: string;
  /** Unique string for this update. (0.7.0 sends null here; a sequence number keeps runs comparable.) */
  readonly id: string;
  readonly _version: string;
}

/** A JSON event object: XState's event with its payload made serialisable. */
export interface JsonEventObject {
  readonly type: string;
  readonly [key: string]: JsonValue;
}

/** An actor's state as sent: the fields of its snapshot that Stately's inspector reads. */
export interface InspectedSnapshot {
  readonly status?: 'active' | 'done' | 'error' | 'stopped';
  readonly value?: JsonValue;
  readonly context?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: JsonValue;
}

/** An actor was created. */
export interface StatelyActorEvent extends StatelyBaseInspectionEvent {
  readonly type: '@xstate.actor';
  /** The actor's id, or its machine's id where XState gave it only its sessionId. */
  readonly name: string;
  readonly snapshot: InspectedSnapshot;
  /** The machine's config, JSON-stringified (functions as `{ type: name }`); undefined for actors that are not machines. */
  readonly definition: string | undefined;
  readonly parentId: string | undefined;
}

/** An event was sent to the actor `sessionId`, by `sourceId` when it came from another actor. */
export interface StatelyEventEvent extends StatelyBaseInspectionEvent {
  readonly type: '@xstate.event';
  readonly event: JsonEventObject;
  readonly sourceId: string | undefined;
}

/** The actor `sessionId` has a new snapshot, after processing `event`. */
export interface StatelySnapshotEvent extends StatelyBaseInspectionEvent {
  readonly type: '@xstate.snapshot';
  readonly event: JsonEventObject;
  readonly snapshot: InspectedSnapshot;
}

export type StatelyInspectionEvent = StatelyActorEvent | StatelyEventEvent | StatelySnapshotEvent;
