/**
 * A recorded inspection stream (`--record FILE`): gzip-compressed JSON lines (`zcat FILE` reads it with any
 * line-oriented tool), one Stately-format event per line in the order they happened, snapshots stored as what changed
 * (recording/format.ts), so `kopher-v2g inspect FILE` replays a session exactly as a live viewer saw it. Events are
 * encoded on a later turn of the event loop than the sessions' that produced them.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import type { Observable } from 'rxjs';
import type { StatelyInspectionEvent } from '../actors/runtime/stately-events.js';
import { RECORDING_HEADER, RecordingLineError, recordingDecoder, recordingEncoder } from './recording/format.js';

/** A recording larger than this once unpacked is refused rather than unpacked whole (a gzip bomb, or not ours). */
const MAX_UNPACKED = 1024 * 2 ** 20;

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
  const gzip = createGzip();
  gzip.pipe(out);
  out.on('error', onError);
  gzip.on('error', onError);
  const encode = recordingEncoder();
  let incoming: StatelyInspectionEvent[] = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const batch = incoming;
    incoming = [];
    if (batch.length > 0) gzip.write(batch.map(encode).join(''));
  };
  gzip.write(`${JSON.stringify(RECORDING_HEADER)}\n`);
  const subscription = events$.subscribe((event) => {
    incoming.push(event);
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  });
  let closed: Promise<void> | undefined;
  return {
    close() {
      closed ??= (async () => {
        subscription.unsubscribe();
        drain();
        gzip.end();
        await Promise.race([once(out, 'close'), once(out, 'error')]).catch(() => undefined);
      })();
      return closed;
    },
  };
}

const TYPES: ReadonlySet<unknown> = new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot']);

function parseJsonObject(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingError(file, line, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordingError(file, line, 'not a JSON object');
  return value as Record<string, unknown>;
}

/** Checks what the viewer relies on; the rest of each event is shown as it is. */
function checkedEvent(event: Record<string, unknown>, file: string, line: number): StatelyInspectionEvent {
  if (!TYPES.has(event.type)) throw new RecordingError(file, line, `type ${JSON.stringify(event.type)} is not an inspection event`);
  if (typeof event.sessionId !== 'string') throw new RecordingError(file, line, 'sessionId is not a string');
  if (typeof event.createdAt !== 'string' || !Number.isFinite(Number(event.createdAt))) throw new RecordingError(file, line, 'createdAt is not a number in a string');
  if (event.type !== '@xstate.actor' && (typeof event.event !== 'object' || event.event === null)) throw new RecordingError(file, line, 'event is not an object');
  return event as unknown as StatelyInspectionEvent;
}

/** Reads a recording of either version, gzip-compressed or not. */
export async function readRecording(file: string): Promise<StatelyInspectionEvent[]> {
  let text: string;
  try {
    const bytes = await readFile(file);
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED }) : bytes).toString('utf8');
  } catch (error) {
    throw new RecordingError(file, 0, error instanceof Error ? error.message : String(error));
  }
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const header = first < 0 ? undefined : headerOf(lines[first]!);
  if (header !== undefined && header.version !== RECORDING_HEADER.version) {
    throw new RecordingError(file, first + 1, `version ${JSON.stringify(header.version)} of the recording format; this build reads 1 and ${RECORDING_HEADER.version}`);
  }
  const decode = header === undefined ? undefined : recordingDecoder();
  const events: StatelyInspectionEvent[] = [];
  for (let i = header === undefined ? 0 : first + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const parsed = parseJsonObject(line, file, i + 1);
    try {
      events.push(checkedEvent(decode === undefined ? parsed : decode(parsed), file, i + 1));
    } catch (error) {
      if (error instanceof RecordingLineError) throw new RecordingError(file, i + 1, error.message);
      throw error;
    }
  }
  return events;
}

function headerOf(line: string): { readonly version: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
    return format === RECORDING_HEADER.format ? (value as { version: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
