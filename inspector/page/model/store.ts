/**
 * The page's record of the inspection stream: every event in arrival order (the time line the scrubber walks), the
 * actors it announced, each actor's snapshots, and the V2G messages. Appending is O(1) per event, and every question
 * about a point in time (an actor's snapshot, its timers) is a binary search, so the page keeps up with a station of
 * many sessions and can still travel to any event.
 */
import type { JsonValue } from '../../../base/json-value.js';
import type { StatelyInspectionEvent, StatelySnapshotEvent } from '../../../actors/runtime/stately-events.js';
import { IO_SESSION_PREFIX, TIMERS_ACTOR } from './added-actors.js';
import { messageEntry, type MessageEntry } from './messages.js';

export type ActorKind = 'machine' | 'io' | 'timers' | 'other';

export interface ActorRecord {
  readonly sessionId: string;
  readonly name: string;
  readonly parentId: string | undefined;
  readonly kind: ActorKind;
  /** The machine's id from its definition (what its statechart is found by). */
  readonly machineId: string | undefined;
  /** Index of the event that announced it. */
  readonly index: number;
  /** Indices of its snapshot events, ascending. */
  readonly snapshots: number[];
  /** Its `timers` child (inspector/live/running-timers.ts), once it started one. */
  timers: string | undefined;
}

function machineIdOf(definition: string | undefined): string | undefined {
  if (definition === undefined) return undefined;
  try {
    const id: unknown = (JSON.parse(definition) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The last index in the ascending `indices` that is at most `at`, or -1. */
export function lastAtOrBefore(indices: readonly number[], at: number): number {
  let low = 0;
  let high = indices.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (indices[mid]! <= at) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

export class InspectionStore {
  readonly events: StatelyInspectionEvent[] = [];
  /** `createdAt` of each event as a number (ms). */
  readonly times: number[] = [];
  readonly actors = new Map<string, ActorRecord>();
  readonly messages: MessageEntry[] = [];
  /** The message an event carried, by the event's index. */
  readonly messageAt = new Map<number, MessageEntry>();
  /** The messages of each connection (`secc/3`, `evcc`), in order. */
  readonly connections = new Map<string, MessageEntry[]>();
  /** Bumped when an actor is added, so a view redraws the tree only then. */
  actorsVersion = 0;

  add(event: StatelyInspectionEvent): void {
    const index = this.events.length;
    const time = Number(event.createdAt);
    this.events.push(event);
    this.times.push(time);
    switch (event.type) {
      case '@xstate.actor':
        return this.addActor(event.sessionId, event.name, event.parentId, event.definition, index);
      case '@xstate.snapshot':
        this.actors.get(event.sessionId)?.snapshots.push(index);
        return;
      case '@xstate.event':
        return this.addMessage(event.sessionId, event.sourceId, event.event, index, time);
    }
  }

  private addActor(sessionId: string, name: string, parentId: string | undefined, definition: string | undefined, index: number): void {
    const parent = parentId === undefined ? undefined : this.actors.get(parentId);
    const kind: ActorKind = sessionId.startsWith(IO_SESSION_PREFIX)
      ? 'io'
      : name === TIMERS_ACTOR && parent !== undefined && sessionId === `${parent.sessionId}/${TIMERS_ACTOR}`
        ? 'timers'
        : definition === undefined
          ? 'other'
          : 'machine';
    // An actor's first snapshot rides on its announcement (often still empty: XState registers before starting).
    this.actors.set(sessionId, { sessionId, name, parentId, kind, machineId: machineIdOf(definition), index, snapshots: [index], timers: undefined });
    if (kind === 'timers' && parent !== undefined) parent.timers = sessionId;
    this.actorsVersion++;
  }

  private addMessage(target: string, source: string | undefined, event: { readonly type: string; readonly [key: string]: JsonValue }, index: number, time: number): void {
    const message = event.message;
    const sent = event.type === 'channel.send';
    // Received: `channel.received`, or a request an SECC session's runner classified before handing it over (sent from
    // outside the machine, so without a source); the event a machine raises for a message it classified itself repeats
    // the message and is not counted again.
    if (message === undefined || (!sent && event.type !== 'channel.received' && source !== undefined)) return;
    const machineId = sent ? source : target;
    const machine = machineId === undefined ? undefined : this.actors.get(machineId);
    if (machine === undefined) return;
    const entry = messageEntry({ index, time, machine: machine.name, sent, message });
    this.messages.push(entry);
    this.messageAt.set(index, entry);
    let list = this.connections.get(entry.connection);
    if (list === undefined) this.connections.set(entry.connection, (list = []));
    list.push(entry);
  }

  /** The actor's snapshot as of event `at` (its announcement's snapshot before its first update). */
  snapshotAt(sessionId: string, at: number): { readonly status?: string; readonly value?: JsonValue; readonly context?: JsonValue } | undefined {
    const actor = this.actors.get(sessionId);
    if (actor === undefined) return undefined;
    const i = lastAtOrBefore(actor.snapshots, at);
    if (i < 0) return undefined;
    const event = this.events[actor.snapshots[i]!] as StatelySnapshotEvent | (StatelyInspectionEvent & { type: '@xstate.actor' });
    return event.snapshot;
  }
}
