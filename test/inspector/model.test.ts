/**
 * The page's data model, fed by the stack inspector watching a small machine on a simulated clock: the actor tree
 * groups a station's sessions, active states follow the chart's ids, timers count down, sent and received messages
 * get their direction, and time travel finds each actor's state at any event.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, emit, setup, SimulatedClock } from 'xstate';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { createStackInspector } from '../../inspector/live/stack-inspector.js';
import { exportStatechart } from '../../inspector/statecharts/export-json.js';
import { actorTree } from '../../inspector/page/model/actor-tree.js';
import { activeStateIds, stateLabel } from '../../inspector/page/model/active-states.js';
import { direction, messageEntry, responseCodeClass } from '../../inspector/page/model/messages.js';
import { stateEntries } from '../../inspector/page/model/state-entries.js';
import { InspectionStore, lastAtOrBefore } from '../../inspector/page/model/store.js';
import { timersAt } from '../../inspector/page/model/timers.js';
import { memoryConnectionPair } from '../../transport/memory.js';

const req = { schema: 'din', document: { V2G_Message: { Header: { SessionID: '00' }, Body: { CableCheckReq: {} } } } };
const res = (processing: string) => ({
  schema: 'din',
  document: { V2G_Message: { Header: { SessionID: '00' }, Body: { CableCheckRes: { ResponseCode: 'OK', EVSEProcessing: processing } } } },
});

const machine = setup({
  types: { events: {} as { type: 'channel.received'; message: unknown }, emitted: {} as { type: 'channel.send'; message: unknown } },
  delays: { V2G_EVCC_Msg_Timeout: 2_000, loopInterval: 100 },
}).createMachine({
  id: 'toy-evcc',
  initial: 'CableCheck',
  states: {
    CableCheck: {
      initial: 'Request',
      states: {
        Request: {
          entry: emit({ type: 'channel.send', message: req }),
          on: { 'channel.received': 'Pause' },
          after: { V2G_EVCC_Msg_Timeout: '#toy-evcc.Failed' },
        },
        Pause: { after: { loopInterval: 'Request' } },
      },
    },
    Failed: { type: 'final' },
  },
});

/** The toy session: a request, an answer after 300 ms, the pause, a second request that is never answered. */
function record(): { events: StatelyInspectionEvent[]; clock: SimulatedClock } {
  const clock = new SimulatedClock();
  const inspector = createStackInspector({ clock });
  const events: StatelyInspectionEvent[] = [];
  inspector.events$.subscribe((e) => events.push(JSON.parse(JSON.stringify(e)) as StatelyInspectionEvent));
  const actor = createActor(machine, { clock, inspect: inspector.inspect, id: 'secc/3/toy-evcc' });
  actor.start();
  clock.increment(300);
  actor.send({ type: 'channel.received', message: res('Ongoing') });
  clock.increment(100);
  clock.increment(2_000);
  actor.stop();
  return { events, clock };
}

function storeOf(events: readonly StatelyInspectionEvent[]): InspectionStore {
  const store = new InspectionStore();
  for (const e of events) store.add(e);
  return store;
}

const machineActor = (store: InspectionStore) => [...store.actors.values()].find((a) => a.name === 'secc/3/toy-evcc')!;

test('the actors: the machine, its channel as an I/O actor, its timers as a child that the tree does not list', () => {
  const store = storeOf(record().events);
  const kinds = [...store.actors.values()].map((a) => `${a.name}:${a.kind}`).sort();
  assert.equal(kinds, ['secc/3/channel:io', 'secc/3/toy-evcc:machine', 'timers:timers']);
  assert.is(machineActor(store).machineId, 'toy-evcc');
  assert.ok(machineActor(store).timers !== undefined);
});

test('the actor tree groups a station by session, sessions in number order', () => {
  const store = storeOf(record().events);
  const extra = [...store.actors.values()].map((a) => a);
  const other = { ...extra[0]!, sessionId: 'x:99', name: 'secc/10/din-secc', parentId: undefined, kind: 'machine' as const, snapshots: [], timers: undefined };
  const tree = actorTree([...extra, other]);
  assert.is(tree.length, 1);
  assert.is(tree[0]!.label, 'secc');
  assert.equal(tree[0]!.children.map((c) => c.label), ['session 3', 'session 10']);
  assert.equal(tree[0]!.children[0]!.children.map((c) => c.label).sort(), ['channel', 'toy-evcc']);
});

test('active states follow the chart: nested values become the chart ids, outermost first', () => {
  const chart = exportStatechart('toy-evcc', machine);
  assert.equal(activeStateIds(chart.root, { CableCheck: 'Pause' }), ['toy-evcc', 'toy-evcc.CableCheck', 'toy-evcc.CableCheck.Pause']);
  assert.equal(activeStateIds(chart.root, 'Failed'), ['toy-evcc', 'toy-evcc.Failed']);
  assert.equal(activeStateIds(chart.root, undefined), []);
  assert.is(stateLabel({ CableCheck: 'Request' }), 'CableCheck.Request');
});

test('time travel: the state at each event, and the events where a state was entered', () => {
  const store = storeOf(record().events);
  const toy = machineActor(store);
  const chart = exportStatechart('toy-evcc', machine);
  const entries = stateEntries(store, toy.sessionId, chart.root, 'toy-evcc.CableCheck.Request');
  assert.is(entries.length, 2);
  assert.equal(store.snapshotAt(toy.sessionId, entries[0]!)?.value, { CableCheck: 'Request' });
  const pause = stateEntries(store, toy.sessionId, chart.root, 'toy-evcc.CableCheck.Pause');
  assert.is(pause.length, 1);
  assert.ok(pause[0]! > entries[0]! && pause[0]! < entries[1]!);
  assert.equal(store.snapshotAt(toy.sessionId, pause[0]!)?.value, { CableCheck: 'Pause' });
  assert.equal(store.snapshotAt(toy.sessionId, store.events.length - 1)?.value, 'Failed');
});

test('running timers: name, length and time left at an event; cancelled on exit, gone when they fire', () => {
  const store = storeOf(record().events);
  const toy = machineActor(store);
  const chart = exportStatechart('toy-evcc', machine);
  const [first, second] = stateEntries(store, toy.sessionId, chart.root, 'toy-evcc.CableCheck.Request');
  const atStart = timersAt(store, toy.sessionId, first!, store.times[first!]!);
  assert.equal(atStart.map((t) => [t.delay, t.ms, t.remaining]), [['V2G_EVCC_Msg_Timeout', 2_000, 2_000]]);
  assert.equal(timersAt(store, toy.sessionId, first!, store.times[first!]! + 750).map((t) => t.remaining), [1_250]);
  const [pause] = stateEntries(store, toy.sessionId, chart.root, 'toy-evcc.CableCheck.Pause');
  assert.equal(timersAt(store, toy.sessionId, pause!, store.times[pause!]!).map((t) => t.delay), ['loopInterval']);
  assert.equal(timersAt(store, toy.sessionId, second!, store.times[second!]!).map((t) => t.delay), ['V2G_EVCC_Msg_Timeout']);
  assert.equal(timersAt(store, toy.sessionId, store.events.length - 1, 0), []);
});

test('messages: sent through the channel actor and received by the machine, with direction, schema, ResponseCode and EVSEProcessing', () => {
  const store = storeOf(record().events);
  const seen = store.messages.map((m) => `${m.sent ? 'sent' : 'received'} ${m.name} ${m.dir} ${m.schema} ${m.responseCode ?? '-'} ${m.evseProcessing ?? '-'}`);
  // Named secc/3/..., the toy is on the SECC side: what it sends goes to the EV.
  assert.equal(seen, ['sent CableCheckReq EVSE->EV din - -', 'received CableCheckRes EV->EVSE din OK Ongoing', 'sent CableCheckReq EVSE->EV din - -']);
  assert.equal(store.messages[0]!.message, req.document, 'the document, without its schema');
  assert.equal([...store.connections.keys()], ['secc/3']);
  assert.is(store.messageAt.get(store.messages[1]!.index), store.messages[1]);
  assert.is(direction('evcc', true), 'EV->EVSE');
  assert.is(direction('evcc', false), 'EVSE->EV');
  assert.is(direction(undefined, true), undefined);
});

test("a real channel actor of the connection takes the machine's sent messages: no I/O actor is made up for it", () => {
  const clock = new SimulatedClock();
  const inspector = createStackInspector({ clock });
  const events: StatelyInspectionEvent[] = [];
  inspector.events$.subscribe((e) => events.push(JSON.parse(JSON.stringify(e)) as StatelyInspectionEvent));
  const [, local] = memoryConnectionPair();
  const channel = createV2gChannel(local, { protocol: 'apphand', id: 'secc/3/channel', inspect: inspector.inspect });
  const actor = createActor(machine, { clock, inspect: inspector.inspect, id: 'secc/3/toy-evcc' });
  actor.start();
  actor.stop();
  const store = storeOf(events);
  assert.equal([...store.actors.values()].map((a) => `${a.name}:${a.kind}`).sort(), ['secc/3/channel:machine', 'secc/3/toy-evcc:machine', 'timers:timers']);
  const channelActor = [...store.actors.values()].find((a) => a.name === 'secc/3/channel')!;
  assert.is(channelActor.sessionId, channel.actor.sessionId);
  assert.is(channelActor.machineId, 'v2g-channel', 'its statechart is the registered one');
  const sent = events.find((e) => e.type === '@xstate.event' && e.event.type === 'channel.send');
  assert.is(sent?.sessionId, channel.actor.sessionId);
  assert.equal(store.messages.map((m) => `${m.name} ${m.dir}`), ['CableCheckReq EVSE->EV']);
});

test('ISO 15118-20 messages: each in the lane of its payload type, a BPT charge loop with the way the energy flows', () => {
  const at = (machine: string, sent: boolean, schema: string, document: object) =>
    messageEntry({ index: 0, time: 0, machine, sent, message: JSON.parse(JSON.stringify({ schema, document })) });
  const header = { SessionID: '0102030405060708', TimeStamp: 1 };
  const amps = (Value: number) => ({ Exponent: 0, Value });
  const setup = at('evcc/iso20-evcc', true, 'iso20-common', { SessionSetupReq: { Header: header, EVCCID: 'X' } });
  assert.equal([setup.payloadType, setup.energy, setup.dir], [0x8002, undefined, 'EV->EVSE']);
  const discharging = at('secc/1/iso20-secc', true, 'iso20-dc', { DC_ChargeLoopRes: { Header: header, ResponseCode: 'OK', EVSEPresentCurrent: amps(-40) } });
  assert.equal([discharging.payloadType, discharging.energy, discharging.responseCode], [0x8004, 'discharging', 'OK']);
  const charging = at('evcc/iso20-evcc', true, 'iso20-ac', { AC_ChargeLoopReq: { Header: header, MeterInfoRequested: false, BPT_Scheduled_AC_CLReqControlMode: { EVPresentActivePower: { Exponent: 3, Value: 11 } } } });
  assert.equal([charging.payloadType, charging.energy], [0x8003, 'charging']);
  const idle = at('evcc/iso20-evcc', false, 'iso20-dc', { DC_ChargeLoopRes: { Header: header, ResponseCode: 'OK', EVSEPresentCurrent: amps(0) } });
  assert.is(idle.energy, undefined, 'no flow, no direction');
  const din = at('evcc/din-evcc', true, 'din', { V2G_Message: { Header: { SessionID: '00' }, Body: { CurrentDemandReq: {} } } });
  assert.equal([din.payloadType, din.energy], [undefined, undefined], 'DIN and ISO-2 have one lane, not shown');
});

test('ResponseCode colours: OK, WARNING, FAILED in either spelling', () => {
  assert.is(responseCodeClass('OK_NewSessionEstablished'), 'ok');
  assert.is(responseCodeClass('WARNING_ExpiredCertificate'), 'warning');
  assert.is(responseCodeClass('FAILED_SequenceError'), 'failed');
  assert.is(responseCodeClass('Failed_NoNegotiation'), 'failed');
});

test('lastAtOrBefore: binary search at both ends and between', () => {
  const list = [2, 5, 9];
  assert.is(lastAtOrBefore(list, 1), -1);
  assert.is(lastAtOrBefore(list, 2), 0);
  assert.is(lastAtOrBefore(list, 8), 1);
  assert.is(lastAtOrBefore(list, 100), 2);
  assert.is(lastAtOrBefore([], 3), -1);
});

test.run();
