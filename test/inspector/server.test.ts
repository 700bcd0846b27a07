/**
 * The inspector's server on loopback: the page and its modules, statecharts by machine id, the WebSocket replaying
 * history to a late viewer then streaming, ping/pong and close, the guards against other sites' pages, the viewer
 * cap, the history compacted to snapshots, and a viewer that stops reading.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STATELY_INSPECT_VERSION, type StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { readRecording } from '../../inspector/recording.js';
import { startInspectorServer, type InspectorServer } from '../../inspector/server.js';
import { OPCODE } from '../../inspector/server/websocket-frame.js';
import type { CatchUpMessage } from '../../inspector/page/model/stream-control.js';
import { clientFrame, getStatus, HANG_MS, openClient, type ServerFrame, type TestClient } from './ws-client.js';

let sequence = 0;
function event(sessionId: string, type = 'ping'): StatelyInspectionEvent {
  return { type: '@xstate.event', sessionId, rootId: sessionId, createdAt: String(1000 + sequence), id: String(sequence++), _version: STATELY_INSPECT_VERSION, event: { type }, sourceId: undefined };
}

function actor(sessionId: string): StatelyInspectionEvent {
  return { type: '@xstate.actor', sessionId, rootId: sessionId, createdAt: String(1000 + sequence), id: String(sequence++), _version: STATELY_INSPECT_VERSION, name: sessionId, snapshot: {}, definition: undefined, parentId: undefined };
}

function snapshot(sessionId: string, step: number, status: 'active' | 'done' = 'active'): StatelyInspectionEvent {
  return {
    type: '@xstate.snapshot',
    sessionId,
    rootId: sessionId,
    createdAt: String(1000 + sequence),
    id: String(sequence++),
    _version: STATELY_INSPECT_VERSION,
    event: { type: 'step' },
    snapshot: { status, value: 'running', context: { step } },
  };
}

async function withServer(
  run: (server: InspectorServer, events: Subject<StatelyInspectionEvent>, dir: string) => Promise<void>,
  options: Partial<Parameters<typeof startInspectorServer>[0]> = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-inspector-'));
  const events = new Subject<StatelyInspectionEvent>();
  const server = await startInspectorServer({ events$: events, record: join(dir, 'run.jsonl'), ...options });
  try {
    await run(server, events, dir);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(HANG_MS) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** A text frame's JSON; any other frame (the server's close, say why) is named as what it is, not read as JSON. */
function parsed(frame: ServerFrame): unknown {
  if (frame.opcode === OPCODE.close) throw new Error(`the server closed (${frame.payload.readUInt16BE(0)} ${frame.payload.subarray(2).toString()}) where a text frame was expected`);
  if (frame.opcode !== OPCODE.text) throw new Error(`frame of opcode ${frame.opcode} where a text frame was expected`);
  return JSON.parse(frame.payload.toString());
}

test('a late viewer first receives every event so far, then the live stream; each message one JSON event', () =>
  withServer(async (server, events) => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    events.next(event('x:0'));
    events.next(event('x:1'));
    const first = await openClient(server.url);
    assert.ok(first.ok);
    if (!first.ok) return;
    await first.client.waitFor(2);
    events.next(event('x:2'));
    await first.client.waitFor(3);
    const late = await openClient(server.url);
    if (!late.ok) return assert.unreachable('late viewer refused');
    await late.client.waitFor(3);
    const sessions = (c: TestClient) => c.frames.map((f) => (parsed(f) as StatelyInspectionEvent).sessionId);
    assert.equal(sessions(first.client), ['x:0', 'x:1', 'x:2']);
    assert.equal(sessions(late.client), ['x:0', 'x:1', 'x:2']);
    assert.ok(first.client.frames.every((f) => f.opcode === OPCODE.text));
    assert.is(server.eventCount(), 3);
    first.client.destroy();
    late.client.destroy();
  }),
);

const isLive = (frame: ServerFrame): boolean => (parsed(frame) as { type?: unknown }).type === 'kopher.live';
/** The events of a batching viewer's frames, control messages left out. */
const batchedEvents = (frames: readonly ServerFrame[]): StatelyInspectionEvent[] =>
  frames.filter((f) => f.opcode === OPCODE.text).flatMap((f) => {
    const value = parsed(f);
    return Array.isArray(value) ? (value as StatelyInspectionEvent[]) : [];
  });

test('a ?batch viewer is told how far behind it starts, gets the history, is told it is live, then gets each turn as JSON arrays', () =>
  withServer(async (server, events) => {
    events.next(event('x:0'));
    events.next(event('x:1'));
    const opened = await openClient(`${server.url}?batch`);
    if (!opened.ok) return assert.unreachable('refused');
    await opened.client.waitFor(3);
    events.next(event('x:2'));
    events.next(event('x:3'));
    await opened.client.waitFor(4);
    const [catchUp, history, live, next] = opened.client.frames.map(parsed);
    assert.equal(catchUp, { type: 'kopher.catch-up', events: 2, ms: 1, compacted: 0, resync: false });
    assert.equal((history as StatelyInspectionEvent[]).map((e) => e.sessionId), ['x:0', 'x:1']);
    assert.equal(live, { type: 'kopher.live' });
    assert.equal((next as StatelyInspectionEvent[]).map((e) => e.sessionId), ['x:2', 'x:3']);
    opened.client.destroy();
  }),
);

test('joining a long run costs a bounded catch-up: each actor as its latest snapshot, then the newest events, then live', () =>
  withServer(
    async (server, events) => {
      const actors = Array.from({ length: 10 }, (_, i) => `x:a${i}`);
      for (const id of actors) events.next(actor(id));
      const expected = new Map<string, number>();
      for (let step = 0; step < 5_000; step++) {
        const id = actors[(step >> 1) % 10]!;
        if (step % 2 === 0) expected.set(id, step);
        events.next(step % 2 === 0 ? snapshot(id, step) : event(id));
      }
      events.next(snapshot('x:a0', 5_000, 'done'));
      expected.set('x:a0', 5_000);
      const opened = await openClient(`${server.url}?batch`);
      if (!opened.ok) return assert.unreachable('refused');
      await opened.client.waitUntil((frames) => frames.some(isLive));
      const catchUp = parsed(opened.client.frames[0]!) as CatchUpMessage;
      assert.is(catchUp.type, 'kopher.catch-up');
      assert.is(catchUp.compacted, 10 + 5_001 - 100);
      // The base holds each actor's announcement and latest snapshot; the tail the newest 100 events.
      assert.is(catchUp.events, 10 * 2 + 100);
      const received = batchedEvents(opened.client.frames);
      assert.is(received.length, catchUp.events, 'the viewer is live after exactly the events it was told of');
      const latest = new Map<string, number>();
      for (const e of received) if (e.type === '@xstate.snapshot') latest.set(e.sessionId, (e.snapshot.context as { step: number }).step);
      assert.equal(latest, expected, 'every actor at its latest step');
      assert.is(received.at(-1)!.id, String(sequence - 1));
      events.next(event('x:a1', 'after'));
      await opened.client.waitUntil((frames) => batchedEvents(frames).some((e) => e.type === '@xstate.event' && e.event.type === 'after'));
      opened.client.destroy();
    },
    { history: { events: 100 } },
  ),
);

test('viewers over the cap are closed with 1013 and the reason; the ones within it are served', () =>
  withServer(
    async (server, events) => {
      const clients: TestClient[] = [];
      for (let i = 0; i < 3; i++) {
        const opened = await openClient(server.url);
        if (!opened.ok) return assert.unreachable('handshake refused');
        clients.push(opened.client);
      }
      await clients[2]!.waitFor(1);
      const refusal = clients[2]!.frames[0]!;
      assert.is(refusal.opcode, OPCODE.close);
      assert.is(refusal.payload.readUInt16BE(0), 1013);
      assert.match(refusal.payload.subarray(2).toString(), 'inspector full: 2 viewers');
      events.next(event('x:0'));
      await clients[0]!.waitFor(1);
      await clients[1]!.waitFor(1);
      assert.equal({ viewers: server.stats().viewers, refused: server.stats().refused }, { viewers: 2, refused: 1 });
      for (const client of clients) client.destroy();
    },
    { viewers: { maxViewers: 2 } },
  ),
);

test('a viewer that stops reading holds a bounded buffer and, reading again, is resynced from the snapshots to live', () =>
  withServer(
    async (server, events) => {
      const opened = await openClient(`${server.url}?batch`);
      if (!opened.ok) return assert.unreachable('refused');
      const { client } = opened;
      await client.waitUntil((frames) => frames.some(isLive));
      client.pause();
      events.next(actor('x:s'));
      const padding = 'p'.repeat(1_000);
      let peak = 0;
      for (let step = 0; step < 20_000; step++) {
        events.next({ ...(snapshot('x:s', step) as StatelyInspectionEvent & { type: '@xstate.snapshot' }), event: { type: 'step', padding } });
        if (step % 500 === 0) {
          await new Promise((resolve) => setImmediate(resolve));
          peak = Math.max(peak, server.stats().bufferedBytes);
        }
      }
      // 20 MB went by; the server held at most its high-water mark and one batch for this viewer.
      assert.ok(peak <= 64 * 1024 + 32 * 1024 + 64, `held ${peak} bytes`);
      client.resume();
      const lastStep = (frames: readonly ServerFrame[]): unknown =>
        (batchedEvents(frames).filter((e) => e.type === '@xstate.snapshot').at(-1) as (StatelyInspectionEvent & { type: '@xstate.snapshot' }) | undefined)?.snapshot.context;
      await client.waitUntil((frames) => isLive(frames.at(-1)!) && JSON.stringify(lastStep(frames)) === '{"step":19999}');
      assert.ok(client.frames.some((f) => (parsed(f) as { resync?: unknown }).resync === true), 'told of the resync');
      assert.ok(server.stats().resynced >= 1);
      client.destroy();
    },
    // Paused through the whole run of events, however long a busy host takes for it: not a stalled viewer to drop.
    { history: { events: 1_000 }, viewers: { highWater: 64 * 1024, batchChars: 32 * 1024, stalledMs: HANG_MS } },
  ),
);

test('a viewer blocked longer than the stall limit is closed, and counted', () =>
  withServer(
    async (server, events) => {
      const opened = await openClient(server.url);
      if (!opened.ok) return assert.unreachable('refused');
      opened.client.pause();
      const padding = 'p'.repeat(10_000);
      // Each round is one turn of the server (20 ms apart): the first finds the viewer blocked, a later one past the limit.
      for (let round = 0; round < 500 && server.stats().dropped === 0; round++) {
        for (let i = 0; i < 100; i++) events.next(event('x:0', padding));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal({ dropped: server.stats().dropped, viewers: server.stats().viewers }, { dropped: 1, viewers: 0 });
      opened.client.destroy();
    },
    { viewers: { highWater: 16 * 1024, stalledMs: 1 } },
  ),
);

test('ping is answered with pong carrying the same bytes; a close is answered with a close', () =>
  withServer(async (server) => {
    const opened = await openClient(server.url);
    if (!opened.ok) return assert.unreachable('refused');
    opened.client.send(clientFrame(OPCODE.ping, Buffer.from('are you there')));
    await opened.client.waitFor(1);
    assert.is(opened.client.frames[0]!.opcode, OPCODE.pong);
    assert.is(opened.client.frames[0]!.payload.toString(), 'are you there');
    opened.client.send(clientFrame(OPCODE.close, Buffer.from([0x03, 0xe8])));
    await opened.client.waitFor(2);
    assert.is(opened.client.frames[1]!.opcode, OPCODE.close);
    assert.is(opened.client.frames[1]!.payload.readUInt16BE(0), 1000);
    opened.client.destroy();
  }),
);

test('a page of another site may not open the stream, nor reach the server under another host name', () =>
  withServer(async (server) => {
    const evil = await openClient(server.url, { Origin: 'http://evil.example' });
    assert.equal(evil, { ok: false, status: 400 });
    // Stately's hosted inspector is a site like any other unless asked for.
    assert.equal(await openClient(server.url, { Origin: 'https://stately.ai' }), { ok: false, status: 400 });
    const own = await openClient(server.url, { Origin: server.url.replace(/\/$/, '') });
    assert.ok(own.ok);
    if (own.ok) own.client.destroy();
    const port = new URL(server.url).port;
    assert.is(await getStatus(server.url, `evil.example:${port}`), 421);
    assert.is(await getStatus(server.url, `localhost:${port}`), 200);
    const rebound = await openClient(server.url, { Host: `evil.example:${port}` });
    assert.equal(rebound, { ok: false, status: 400 });
  }),
);

test('Stately\'s hosted inspector may open the stream once its origin is allowed', () =>
  withServer(
    async (server) => {
      const stately = await openClient(server.url, { Origin: 'https://stately.ai' });
      assert.ok(stately.ok);
      if (stately.ok) stately.client.destroy();
      assert.equal(await openClient(server.url, { Origin: 'https://evil.example' }), { ok: false, status: 400 });
    },
    { allowOrigins: ['https://stately.ai'] },
  ),
);

test('the page, its modules and the stack module it imports are served; nothing else', () =>
  withServer(async (server) => {
    const page = await get(server.url);
    assert.is(page.status, 200);
    assert.match(page.type, 'text/html');
    assert.match(page.body, 'page/main.js');
    const main = await get(`${server.url}page/main.js`);
    assert.is(main.status, 200);
    assert.match(main.type, 'text/javascript');
    const messageName = await get(`${server.url}codecs/exi/message-name.js`);
    assert.is(messageName.status, 200);
    assert.match((await get(`${server.url}inspector.css`)).type, 'text/css');
    for (const path of ['page/../../package.json', 'page/%2e%2e/%2e%2e/package.json', 'package.json', 'page/main.ts', 'machines/registry.js']) {
      assert.is((await get(`${server.url}${path}`)).status, 404, path);
    }
  }),
);

test('statecharts by machine id: registered machines as in docs/statecharts, others from their announced definition', () =>
  withServer(async (server, events) => {
    const din = await get(`${server.url}charts/din-evcc.json`);
    assert.is(din.status, 200);
    const drawn = JSON.parse(din.body) as { chart: { id: string }; svg: string };
    assert.is(drawn.chart.id, 'din-evcc');
    assert.is(drawn.svg, await readFile(new URL('../../../docs/statecharts/din-evcc.svg', import.meta.url), 'utf8'));
    assert.is((await get(`${server.url}charts/nothing-here.json`)).status, 404);
    events.next({
      type: '@xstate.actor',
      sessionId: 'x:9',
      rootId: 'x:9',
      createdAt: '1',
      id: 'a',
      _version: STATELY_INSPECT_VERSION,
      name: 'adhoc',
      snapshot: {},
      definition: JSON.stringify({ id: 'adhoc', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }),
      parentId: undefined,
    });
    const adhoc = await get(`${server.url}charts/adhoc.json`);
    assert.is(adhoc.status, 200);
    assert.match(adhoc.body, 'data-state=\\"adhoc.b\\"');
  }),
);

test('--record: the stream lands in the file as JSON lines, read back identically', () =>
  withServer(async (server, events, dir) => {
    const sent = [event('x:0', 'channel.received'), event('x:1')];
    for (const e of sent) events.next(e);
    await server.close();
    // JSON leaves out the undefined sourceId, as it does on the WebSocket.
    assert.equal(await readRecording(join(dir, 'run.jsonl')), JSON.parse(JSON.stringify(sent)));
  }),
);

test.run();
