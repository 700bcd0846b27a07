/**
 * The inspector's server on loopback: the page and its modules, statecharts by machine id, the WebSocket replaying
 * history to a late viewer then streaming, ping/pong and close, and the guards against other sites' pages.
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
import { clientFrame, getStatus, openClient, type TestClient } from './ws-client.js';

let sequence = 0;
function event(sessionId: string, type = 'ping'): StatelyInspectionEvent {
  return { type: '@xstate.event', sessionId, rootId: sessionId, createdAt: String(1000 + sequence), id: String(sequence++), _version: STATELY_INSPECT_VERSION, event: { type }, sourceId: undefined };
}

async function withServer(run: (server: InspectorServer, events: Subject<StatelyInspectionEvent>, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-inspector-'));
  const events = new Subject<StatelyInspectionEvent>();
  const server = await startInspectorServer({ events$: events, record: join(dir, 'run.jsonl') });
  try {
    await run(server, events, dir);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
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
    const sessions = (c: TestClient) => c.frames.map((f) => (JSON.parse(f.payload.toString()) as StatelyInspectionEvent).sessionId);
    assert.equal(sessions(first.client), ['x:0', 'x:1', 'x:2']);
    assert.equal(sessions(late.client), ['x:0', 'x:1', 'x:2']);
    assert.ok(first.client.frames.every((f) => f.opcode === OPCODE.text));
    assert.is(server.eventCount(), 3);
    first.client.destroy();
    late.client.destroy();
  }),
);

test('a ?batch viewer gets the history and then each turn of the event loop as JSON arrays', () =>
  withServer(async (server, events) => {
    events.next(event('x:0'));
    events.next(event('x:1'));
    const opened = await openClient(`${server.url}?batch`);
    if (!opened.ok) return assert.unreachable('refused');
    await opened.client.waitFor(1);
    events.next(event('x:2'));
    events.next(event('x:3'));
    await opened.client.waitFor(2);
    const batches = opened.client.frames.map((f) => (JSON.parse(f.payload.toString()) as StatelyInspectionEvent[]).map((e) => e.sessionId));
    assert.equal(batches, [['x:0', 'x:1'], ['x:2', 'x:3']]);
    opened.client.destroy();
  }),
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

test('the page, its modules and the stack module it imports are served; nothing else', () =>
  withServer(async (server) => {
    const page = await get(server.url);
    assert.is(page.status, 200);
    assert.match(page.type, 'text/html');
    assert.match(page.body, 'page/main.js');
    const main = await get(`${server.url}page/main.js`);
    assert.is(main.status, 200);
    assert.match(main.type, 'text/javascript');
    const messageName = await get(`${server.url}machines/session/message-name.js`);
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
