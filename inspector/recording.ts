/**
 * A recorded inspection stream (`--record FILE`): one Stately-format event per line, JSON, in the order they
 * happened, so `kopher-v2g inspect FILE` replays a session exactly as a live viewer saw it, and the file can be read
 * with any line-oriented tool.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Observable } from 'rxjs';
import type { StatelyInspectionEvent } from '../actors/runtime/stately-events.js';

/** A recording that cannot be read: the file, the line and what is wrong with it. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

export interface Recorder {
  /** Stops recording and flushes the file. */
  close(): Promise<void>;
}

/** Records every event of `events$` from now on; a write failure is reported through `onError`, never thrown. */
export function recordEvents(events$: Observable<StatelyInspectionEvent>, file: string, onError: (error: Error) => void = () => undefined): Recorder {
  const out = createWriteStream(file, { flags: 'w' });
  out.on('error', onError);
  const subscription = events$.subscribe((event) => out.write(`${JSON.stringify(event)}\n`));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        subscription.unsubscribe();
        out.end(() => resolve());
        out.once('error', () => resolve());
      }),
  };
}

const TYPES: ReadonlySet<unknown> = new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot']);

/** Checks what the viewer relies on; the rest of each event is shown as it is. */
export function parseRecordingLine(text: string, file: string, line: number): StatelyInspectionEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingError(file, line, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordingError(file, line, 'not a JSON object');
  const event = value as Record<string, unknown>;
  if (!TYPES.has(event.type)) throw new RecordingError(file, line, `type ${JSON.stringify(event.type)} is not an inspection event`);
  if (typeof event.sessionId !== 'string') throw new RecordingError(file, line, 'sessionId is not a string');
  if (typeof event.createdAt !== 'string' || !Number.isFinite(Number(event.createdAt))) throw new RecordingError(file, line, 'createdAt is not a number in a string');
  if (event.type !== '@xstate.actor' && (typeof event.event !== 'object' || event.event === null)) throw new RecordingError(file, line, 'event is not an object');
  return value as StatelyInspectionEvent;
}

export async function readRecording(file: string): Promise<StatelyInspectionEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RecordingError(file, 0, error instanceof Error ? error.message : String(error));
  }
  const events: StatelyInspectionEvent[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() !== '') events.push(parseRecordingLine(line, file, i + 1));
  });
  return events;
}
