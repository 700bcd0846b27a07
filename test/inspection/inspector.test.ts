/** The inspection stream: Stately-format events of every actor of a system, in order, JSON-safe. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, createActor, fromCallback, sendParent, setup, SimulatedClock } from 'xstate';
import { createInspector } from '../../actors/runtime/inspection.js';
import { STATELY_INSPECT_VERSION, type StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';

const child = setup({}).createMachine({ id: 'child', initial: 'working', states: { working: { on: { FINISH: { actions: sendParent({ type: 'CHILD_DONE' }) } } } } });

const parent = setup({
  types: { context: {} as { sessionId: Uint8Array; counter: bigint; onDone: () => void } },
  actors: { child, ticker: fromCallback(() => () => undefined) },
  delays: { V2G_EVCC_Msg_Timeout: 2_000 },
}).createMachine({
  id: 'parent',
  context: { sessionId: Uint8Array.of(0xde, 0xad, 0xbe, 0xef), counter: 1n, onDone: () => undefined },
  initial: 'idle',
  states: {
    idle: { on: { START: 'running' } },
    running: {
      invoke: [{ src: 'child', id: 'worker' }, { src: 'ticker', id: 'ticks' }],
      on: { CHILD_DONE: { target: 'done', actions: assign({ counter: ({ context }) => context.counter + 1n }) } },
      after: { V2G_EVCC_Msg_Timeout: 'done' },
    },
    done: { type: 'final' },
  },
});

/** Only what JSON carries unchanged: an absent optional field (undefined) is the one thing JSON may drop. */
function assertJsonSafe(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') return assert.ok(Number.isFinite(value), path);
  assert.ok(typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype), `${path} is ${String(value)}`);
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined || Array.isArray(value)) assertJsonSafe(item, `${path}.${key}`);
  }
}

function run() {
  const clock = new SimulatedClock();
  clock.set(1_000);
  const inspector = createInspector({ clock });
  const events: StatelyInspectionEvent[] = [];
  inspector.events$.subscribe((e) => events.push(e));
  const actor = createActor(parent, { clock, inspect: inspector.inspect }).start();
  actor.send({ type: 'START', payload: Uint8Array.of(1, 2) } as unknown as { type: 'START' });
  actor.getSnapshot().children.worker!.send({ type: 'FINISH' });
  return { actor, events };
}

test('events of a small machine arrive in order with their types, ids and version', () => {
  const { actor, events } = run();
  const root = actor.sessionId;
  assert.equal(events.slice(0, 3).map((e) => [e.type, e.sessionId]), [
    ['@xstate.actor', root],
    ['@xstate.event', root],
    ['@xstate.snapshot', root],
  ]);
  const first = events[0]!;
  assert.ok(first.type === '@xstate.actor');
  assert.is(first.name, 'parent');
  assert.is(first.parentId, undefined);
  assert.is(first.rootId, root);
  assert.is(first.createdAt, '1000');
  assert.ok(events.every((e) => e._version === STATELY_INSPECT_VERSION));
  assert.equal(events.map((e) => e.id), events.map((_, i) => String(i)), 'one increasing id per event');
  const eventTypes = events.filter((e) => e.type === '@xstate.event' && e.sessionId === root).map((e) => (e.type === '@xstate.event' ? e.event.type : ''));
  assert.equal(eventTypes, ['xstate.init', 'START', 'CHILD_DONE']);
  const last = events.filter((e) => e.type === '@xstate.snapshot' && e.sessionId === root).at(-1)!;
  assert.ok(last.type === '@xstate.snapshot');
  assert.is(last.event.type, 'CHILD_DONE');
  assert.equal(last.snapshot.value, 'done');
  assert.is(last.snapshot.status, 'done');
});

test('the actor tree: children name their parent, everyone names the root', () => {
  const { actor, events } = run();
  const actors = events.filter((e) => e.type === '@xstate.actor');
  assert.equal(actors.map((e) => e.name), ['parent', 'worker', 'ticks']);
  for (const a of actors.slice(1)) {
    assert.ok(a.type === '@xstate.actor');
    assert.is(a.parentId, actor.sessionId);
    assert.is(a.rootId, actor.sessionId);
  }
  const worker = actors[1]!;
  const fromChild = events.find((e) => e.type === '@xstate.event' && e.event.type === 'CHILD_DONE');
  assert.ok(fromChild?.type === '@xstate.event');
  assert.is(fromChild.sourceId, worker.sessionId, 'sourceId: the child that sent it');
  assert.is(actors[2]!.type === '@xstate.actor' && actors[2]!.definition, undefined, 'a callback actor has no definition');
});

test('everything is JSON: bytes as hex, bigint as string, functions dropped; the definition names its delays', () => {
  const { events } = run();
  assertJsonSafe(events, 'events');
  const snapshot = events.find((e) => e.type === '@xstate.snapshot')!;
  assert.ok(snapshot.type === '@xstate.snapshot');
  assert.equal(snapshot.snapshot.context, { sessionId: 'deadbeef', counter: '1' });
  const start = events.find((e) => e.type === '@xstate.event' && e.event.type === 'START');
  assert.ok(start?.type === '@xstate.event');
  assert.is(start.event.payload, '0102');
  const root = events[0]!;
  assert.ok(root.type === '@xstate.actor' && root.definition !== undefined);
  assert.match(root.definition, '"V2G_EVCC_Msg_Timeout":"done"');
  assert.is((JSON.parse(root.definition) as { id: string }).id, 'parent');
});

test('microsteps and actions are not part of the Stately format', () => {
  const { events } = run();
  assert.ok(events.every((e) => ['@xstate.actor', '@xstate.event', '@xstate.snapshot'].includes(e.type)));
});

test.run();
