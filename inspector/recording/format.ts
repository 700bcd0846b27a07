/**
 * The lines of a recording (version 2): a header line, then one Stately-format event per line, in the order they
 * happened, with what a snapshot event repeats left out. A snapshot carries `snapshotPatch`, the change since its
 * actor's previous snapshot (json-patch.ts), instead of `snapshot`; and where its causing event is the one its actor
 * was just sent, `eventOf` names that event's id instead of repeating it. Reading restores every event exactly.
 * Version 1, one whole event per line with no header, is still read.
 */
import type { JsonValue } from '../../base/json-value.js';
import type { InspectedSnapshot, JsonEventObject, StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { applyJsonPatch, diffJson, type JsonPatch } from './json-patch.js';

export const RECORDING_HEADER = { format: 'kopher-v2g inspection', version: 2 } as const;

interface Sent {
  readonly id: string;
  readonly event: JsonEventObject;
}

/** Turns events into lines, remembering per actor its last snapshot and the last event it was sent. */
export function recordingEncoder(): (event: StatelyInspectionEvent) => string {
  const snapshots = new Map<string, JsonValue>();
  const sent = new Map<string, Sent>();
  return (event) => {
    switch (event.type) {
      case '@xstate.actor':
        snapshots.set(event.sessionId, event.snapshot as JsonValue);
        return `${JSON.stringify(event)}\n`;
      case '@xstate.event':
        sent.set(event.sessionId, { id: event.id, event: event.event });
        return `${JSON.stringify(event)}\n`;
      case '@xstate.snapshot': {
        const { snapshot, event: cause, ...rest } = event;
        const previous = snapshots.get(event.sessionId);
        const last = sent.get(event.sessionId);
        const ended = snapshot.status !== undefined && snapshot.status !== 'active';
        if (ended) {
          snapshots.delete(event.sessionId);
          sent.delete(event.sessionId);
        } else snapshots.set(event.sessionId, snapshot as JsonValue);
        const line: Record<string, unknown> = { ...rest };
        if (last !== undefined && diffJson(last.event, cause) === undefined) line.eventOf = last.id;
        else line.event = cause;
        if (previous === undefined) line.snapshot = snapshot;
        else line.snapshotPatch = diffJson(previous, snapshot as JsonValue) ?? { $: {} };
        return `${JSON.stringify(line)}\n`;
      }
    }
  };
}

/** Why a line of a version 2 recording cannot be restored; the reader adds the file and line. */
export class RecordingLineError extends Error {}

/** Restores the events of a version 2 recording, one parsed line at a time. */
export function recordingDecoder(): (line: Record<string, unknown>) => Record<string, unknown> {
  const snapshots = new Map<string, JsonValue>();
  const sent = new Map<string, { readonly id: unknown; readonly event: JsonValue }>();
  return (line) => {
    const sessionId = typeof line.sessionId === 'string' ? line.sessionId : '';
    if (line.type === '@xstate.actor' && line.snapshot !== undefined) snapshots.set(sessionId, line.snapshot as JsonValue);
    if (line.type === '@xstate.event') sent.set(sessionId, { id: line.id, event: line.event as JsonValue });
    if (line.type !== '@xstate.snapshot') return line;
    const { snapshotPatch, eventOf, ...event } = line;
    if (eventOf !== undefined) {
      const cause = sent.get(sessionId);
      if (cause === undefined || cause.id !== eventOf) throw new RecordingLineError(`eventOf ${JSON.stringify(eventOf)} is not the last event sent to ${sessionId}`);
      event.event = cause.event;
    }
    if (snapshotPatch !== undefined) {
      const previous = snapshots.get(sessionId);
      if (previous === undefined) throw new RecordingLineError(`snapshotPatch for ${sessionId}, which has no snapshot before`);
      try {
        event.snapshot = applyJsonPatch(previous, snapshotPatch as JsonPatch);
      } catch (error) {
        throw new RecordingLineError(`snapshotPatch: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const snapshot = event.snapshot as InspectedSnapshot | undefined;
    if (snapshot !== undefined) {
      if (snapshot.status !== undefined && snapshot.status !== 'active') snapshots.delete(sessionId);
      else snapshots.set(sessionId, snapshot as JsonValue);
    }
    return event;
  };
}
