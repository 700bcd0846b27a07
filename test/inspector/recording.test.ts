/**
 * Recorded inspection streams: what is recorded reads back exactly, snapshots stored as changes; the first format is
 * still read; bad files are refused with the file, the line and the reason.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Subject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JsonValue } from '../../base/json-value.js';
import { STATELY_INSPECT_VERSION, type StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { readRecording, recordEvents, RecordingError } from '../../inspector/recording.js';
import { applyJsonPatch, diffJson } from '../../inspector/recording/json-patch.js';

async function inTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-recording-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const base = (sessionId: string, id: string) => ({ sessionId, rootId: 'x:0', createdAt: `${1000 + Number(id)}.5`, id, _version: STATELY_INSPECT_VERSION });
const context = (soc: number, extra: Record<string, JsonValue> = {}): JsonValue => ({ settings: { timing: { CurrentDemand: 250 }, evccId: '024b50480001' }, soc, log: [1, 2, soc], note: null, ...extra });

/** An actor's life as the stack inspector tells it: announced, sent events, new snapshots, ended. */
const stream: StatelyInspectionEvent[] = [
  { type: '@xstate.actor', ...base('x:0', '0'), name: 'din-evcc', snapshot: {}, definition: '{"id":"din-evcc"}', parentId: undefined },
  { type: '@xstate.event', ...base('x:0', '1'), event: { type: 'xstate.init', input: { soc: 40 } }, sourceId: undefined },
  { type: '@xstate.snapshot', ...base('x:0', '2'), event: { type: 'xstate.init', input: { soc: 40 } }, snapshot: { status: 'active', value: 'SessionSetup', context: context(40) } },
  { type: '@xstate.event', ...base('x:0', '3'), event: { type: 'channel.received', message: { SessionSetupRes: { ResponseCode: 'OK' } } }, sourceId: 'x:1' },
  { type: '@xstate.snapshot', ...base('x:0', '4'), event: { type: 'channel.received', message: { SessionSetupRes: { ResponseCode: 'OK' } } }, snapshot: { status: 'active', value: { Charging: 'Loop' }, context: context(41, { sessionId: 'ab' }) } },
  { type: '@xstate.snapshot', ...base('x:0', '5'), event: { type: 'xstate.after.V2G_EVCC_Msg_Timeout' }, snapshot: { status: 'active', value: { Charging: 'Loop' }, context: context(41) } },
  { type: '@xstate.actor', ...base('k0', '6'), name: 'timers', snapshot: { status: 'active', context: { timers: [] } }, definition: undefined, parentId: 'x:0' },
  { type: '@xstate.snapshot', ...base('k0', '7'), event: { type: 'timer.started', id: 't', ms: 250 }, snapshot: { status: 'active', context: { timers: [{ id: 't', ms: 250 }] } } },
  { type: '@xstate.snapshot', ...base('x:0', '8'), event: { type: 'stop' }, snapshot: { status: 'done', value: 'Stopped', context: context(42), output: { result: 'stopped' } } },
];

test('a recording reads back exactly what was streamed; snapshots are stored as changes, repeated causes by id', () =>
  inTempDir(async (dir) => {
    const file = join(dir, 'run.rec');
    const events$ = new Subject<StatelyInspectionEvent>();
    const recorder = recordEvents(events$, file);
    for (const event of stream) events$.next(event);
    await recorder.close();
    assert.equal(await readRecording(file), JSON.parse(JSON.stringify(stream)));
    const lines = gunzipSync(await readFile(file)).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines[0], { format: 'kopher-v2g inspection', version: 2 });
    const loop = lines.find((line) => line.id === '4')!;
    assert.is(loop.eventOf, '3');
    assert.is(loop.event, undefined);
    assert.equal(loop.snapshotPatch, { $: { value: { '=': { Charging: 'Loop' } }, context: { $: { soc: { '=': 41 }, log: { '=': [1, 2, 41] }, sessionId: { '=': 'ab' } } } } });
    assert.equal((lines.find((line) => line.id === '5')!.snapshotPatch as { $: { context: unknown } }).$.context, { $: { sessionId: { '-': 1 } } });
  }),
);

test('a recording of the first format (plain JSON lines, no header) is still read', () =>
  inTempDir(async (dir) => {
    const file = join(dir, 'old.jsonl');
    await writeFile(file, stream.map((event) => `${JSON.stringify(event)}\n`).join(''));
    assert.equal(await readRecording(file), JSON.parse(JSON.stringify(stream)));
  }),
);

test('a later format version, and changes that do not fit what came before, are refused with the line', async () => {
  const later = await refusal(gzipSync('{"format":"kopher-v2g inspection","version":9}\n'));
  assert.is(later.line, 1);
  assert.match(later.reason, 'version 9');
  const header = '{"format":"kopher-v2g inspection","version":2}\n';
  const orphan = { type: '@xstate.snapshot', ...base('x:5', '1'), event: { type: 'go' }, snapshotPatch: { $: {} } };
  const noSnapshot = await refusal(gzipSync(`${header}${JSON.stringify(orphan)}\n`));
  assert.is(noSnapshot.line, 2);
  assert.match(noSnapshot.reason, 'no snapshot before');
  const wrongCause = { type: '@xstate.snapshot', ...base('x:0', '2'), eventOf: '7', snapshot: {} };
  const cause = await refusal(gzipSync(`${header}${JSON.stringify(stream[0])}\n${JSON.stringify(stream[1])}\n${JSON.stringify(wrongCause)}\n`));
  assert.is(cause.line, 4);
  assert.match(cause.reason, 'eventOf "7"');
});

test('json patches: equal values give none; applying a diff gives the new value and leaves the old one alone', () => {
  const before: JsonValue = { a: 1, b: { c: [1, 2], d: 'x' }, e: null, f: { g: true } };
  const after: JsonValue = { a: 1, b: { c: [1, 2, 3], d: 'x' }, e: { now: 'an object' }, h: 0 };
  assert.is(diffJson(before, JSON.parse(JSON.stringify(before)) as JsonValue), undefined);
  const patch = diffJson(before, after)!;
  assert.equal(applyJsonPatch(before, patch), after);
  assert.equal(before, { a: 1, b: { c: [1, 2], d: 'x' }, e: null, f: { g: true } });
  assert.equal(diffJson(1, [1]), { '=': [1] });
  assert.throws(() => applyJsonPatch(3, { $: { a: { '=': 1 } } }), TypeError);
});

async function refusal(content: string | Uint8Array): Promise<RecordingError> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-recording-'));
  const file = join(dir, 'bad.jsonl');
  try {
    await writeFile(file, content);
    await readRecording(file);
  } catch (e) {
    assert.instance(e, RecordingError);
    return e as RecordingError;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error('accepted');
}

const good = JSON.stringify({ type: '@xstate.event', sessionId: 'x:0', rootId: 'x:0', createdAt: '5', id: '0', _version: '0.7.0', event: { type: 'go' } });

test('each kind of bad line is named with its line number', async () => {
  const notJson = await refusal(`${good}\n\n{oops\n`);
  assert.is(notJson.line, 3);
  assert.match(notJson.message, /bad\.jsonl:3: not JSON/);
  assert.match((await refusal('[1]\n')).reason, 'not a JSON object');
  assert.match((await refusal('{"type":"hello","sessionId":"x"}\n')).reason, 'not an inspection event');
  assert.match((await refusal('{"type":"@xstate.event","sessionId":1}\n')).reason, 'sessionId');
  assert.match((await refusal('{"type":"@xstate.event","sessionId":"x:0","createdAt":"soon"}\n')).reason, 'createdAt');
  assert.match((await refusal('{"type":"@xstate.snapshot","sessionId":"x:0","createdAt":"1"}\n')).reason, 'event is not an object');
});

test('a missing file is a RecordingError too', async () => {
  try {
    await readRecording('/nonexistent/kopher.jsonl');
    assert.unreachable('read');
  } catch (e) {
    assert.instance(e, RecordingError);
    assert.match((e as RecordingError).message, 'ENOENT');
  }
});

test.run();
