/**
 * The SECC's per-connection machine and the station that spawns it, on a simulated clock, their children stood in for
 * by logic each test scripts: handshake, admission, session; V2G_SECC_CommunicationSetup_Performance_Time from the
 * connection's acceptance, stopped by SessionSetupReq; every transition taken.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, SimulatedClock, type AnyActorLogic, type AnyActorRef } from 'xstate';
import type { HandshakeOutcome } from '../../machines/apphand/handshake-outcome.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { chargingStationMachine } from '../../machines/stack/charging-station.js';
import { seccConnectionMachine, type SeccAdmission, type SeccConnectionActors, type SeccConnectionInput } from '../../machines/stack/secc-connection.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { seccSessionAdmission, type SessionProtocol } from '../../actors/stack/session-machines.js';
import { flushIo } from '../shared/async.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const coverage = new TransitionCoverage();
const NEVER = new Promise<never>(() => undefined);
const SETUP_TIME = 18_000;

interface Script {
  apphand: () => Promise<HandshakeOutcome>;
  admission: () => Promise<SeccAdmission>;
  session: () => Promise<SessionOutcome>;
}
let script: Script;
const sessionsRun: string[] = [];

type Actors = SeccConnectionActors;
/** The machine under test sees of its handshake and session only their input, output and end: promises stand in. */
const as = <K extends keyof Actors>(logic: AnyActorLogic): Actors[K] => logic as Actors[K];
const standIn = (protocol: string) =>
  fromPromise<SessionOutcome>(() => {
    sessionsRun.push(protocol);
    return script.session();
  });

const connectionMachine = seccConnectionMachine.provide({
  actors: {
    apphand: as<'apphand'>(fromPromise(() => script.apphand())),
    admission: fromPromise(() => script.admission()),
    'din-secc': as<'din-secc'>(standIn('din')),
    'iso2-secc': as<'iso2-secc'>(standIn('iso2')),
    'iso20-secc': as<'iso20-secc'>(standIn('iso20')),
  },
});
const stationMachine = chargingStationMachine.provide({ actors: { connection: connectionMachine } });

const negotiated = (protocol: 'din' | 'iso2' | 'iso20-dc' | 'iso20-wpt'): HandshakeOutcome => ({ ok: true, protocol, responseCode: 'OK_SuccessfulNegotiation' });
const admitted = (protocol: SessionProtocol): SeccAdmission =>
  seccSessionAdmission(protocol, { evseId: 'DE*KPH*E0000001', newSessionId: new Uint8Array(8) }, undefined, {}, false);

function input(): SeccConnectionInput {
  return { connection: '1', supported: ['din', 'iso2'], security: 'tcp', timing: timingFor('iso2') };
}

function start(s: Partial<Script>) {
  script = {
    apphand: () => Promise.resolve(negotiated('din')),
    admission: () => Promise.resolve(admitted('din')),
    session: () => Promise.resolve({ result: 'stopped' }),
    ...s,
  };
  sessionsRun.length = 0;
  const clock = new SimulatedClock();
  const actor = createActor(connectionMachine, { input: input(), clock, inspect: coverage.inspect });
  const closes: string[] = [];
  actor.on('channel.close', (e) => closes.push(e.reason));
  actor.start();
  return { actor, clock, closes };
}

const value = (actor: AnyActorRef): unknown => actor.getSnapshot().value;

test('handshake → admission → DIN session → ended; SessionSetupReq stops V2G_SECC_CommunicationSetup_Performance_Time', async () => {
  let endSession!: (o: SessionOutcome) => void;
  const { actor, clock, closes } = start({ session: () => new Promise((resolve) => (endSession = resolve)) });
  await flushIo();
  assert.equal(value(actor), { communicating: { communicationSetup: 'running', layers: 'din' } });
  actor.send({ type: 'SessionSetupReq' });
  clock.increment(SETUP_TIME);
  assert.equal(value(actor), { communicating: { communicationSetup: 'done', layers: 'din' } });
  endSession({ result: 'stopped' });
  await flushIo();
  assert.equal(actor.getSnapshot().output, { result: 'stopped' });
  assert.equal(closes, [], 'the session closed the connection its own way');
});

test('ISO 15118-2 admitted: its session runs', async () => {
  const { actor } = start({ apphand: () => Promise.resolve(negotiated('iso2')), admission: () => Promise.resolve(admitted('iso2')), session: () => Promise.resolve({ result: 'paused' }) });
  await flushIo();
  assert.equal(sessionsRun, ['iso2']);
  assert.equal(actor.getSnapshot().output, { result: 'paused' });
});

test('ISO 15118-20 admitted: the one -20 session machine runs for its namespace, and its failure ends the connection', async () => {
  const iso20 = { apphand: () => Promise.resolve(negotiated('iso20-dc')), admission: () => Promise.resolve(admitted('iso20-dc')) };
  const { actor } = start({ ...iso20, session: () => Promise.resolve({ result: 'stopped' }) });
  await flushIo();
  assert.equal(sessionsRun, ['iso20']);
  assert.equal(actor.getSnapshot().output, { result: 'stopped' });
  const failing = start({ ...iso20, session: () => Promise.reject(new Error('-20 broke')) });
  await flushIo();
  assert.equal(failing.actor.getSnapshot().output, { result: 'failed', reason: '-20 broke' });
  assert.equal(failing.closes, ['-20 broke']);
});

test('V2G_SECC_CommunicationSetup_Performance_Time runs from the acceptance: it ends a silent EVCC, and one that negotiated but sends no SessionSetupReq', async () => {
  const cases: Array<[Partial<Script>, string]> = [
    [{ apphand: () => NEVER }, 'V2G_SECC_CommunicationSetup_Performance_Time: no supportedAppProtocolReq'],
    [{ admission: () => NEVER }, 'V2G_SECC_CommunicationSetup_Performance_Time: no SessionSetupReq'],
    [{ session: () => NEVER }, 'V2G_SECC_CommunicationSetup_Performance_Time: no SessionSetupReq'],
  ];
  for (const [s, reason] of cases) {
    const { actor, clock, closes } = start(s);
    await flushIo();
    clock.increment(SETUP_TIME - 1);
    assert.is(actor.getSnapshot().status, 'active', reason);
    clock.increment(1);
    assert.equal(actor.getSnapshot().output, { result: 'failed', reason });
    assert.equal(closes, [reason]);
  }
});

test('each layer that fails ends the connection with its reason; what the handshake ended it does not close again', async () => {
  const cases: Array<[Partial<Script>, string, boolean]> = [
    [{ apphand: () => Promise.resolve({ ok: false, reason: 'Failed_NoNegotiation: none of [x 1.0] is supported on tcp' }) }, 'Failed_NoNegotiation: none of [x 1.0] is supported on tcp', false],
    [{ apphand: () => Promise.resolve(negotiated('iso20-wpt')) }, 'iso20-wpt has no session machine yet', true],
    [{ apphand: () => Promise.reject(new Error('handshake broke')) }, 'handshake broke', true],
    [{ admission: () => Promise.resolve({ ok: false, reason: 'maxSessions 1 reached' }) }, 'maxSessions 1 reached', true],
    [{ admission: () => Promise.reject(new Error('paused sessions unreadable')) }, 'paused sessions unreadable', true],
    [{ session: () => Promise.reject(new Error('din broke')) }, 'din broke', true],
    [{ apphand: () => Promise.resolve(negotiated('iso2')), admission: () => Promise.resolve(admitted('iso2')), session: () => Promise.reject(new Error('iso2 broke')) }, 'iso2 broke', true],
  ];
  for (const [s, reason, closed] of cases) {
    const { actor, closes } = start(s);
    await flushIo();
    assert.equal(actor.getSnapshot().output, { result: 'failed', reason }, reason);
    assert.equal(closes, closed ? [reason] : [], reason);
  }
});

test('the station spawns a child per connection and lets each go when it ends or fails', async () => {
  script = { apphand: () => NEVER, admission: () => NEVER, session: () => NEVER };
  const clock = new SimulatedClock();
  const station = createActor(stationMachine, { clock, inspect: coverage.inspect });
  station.start();
  station.send({ type: 'connection.accepted', id: '1', input: input() });
  station.send({ type: 'connection.accepted', id: '2', input: { ...input(), connection: '2' } });
  const children = station.getSnapshot().children as Record<string, AnyActorRef>;
  assert.equal(Object.keys(children), ['1', '2']);
  assert.is(children['1']!._parent, station);
  clock.increment(SETUP_TIME);
  assert.equal(Object.keys(station.getSnapshot().children), []);
  // A child that fails (here: a handshake whose output breaks its contract, so a guard throws) is stopped, and the
  // station goes on.
  script = { apphand: () => Promise.resolve(undefined as unknown as HandshakeOutcome), admission: () => NEVER, session: () => NEVER };
  station.send({ type: 'connection.accepted', id: '3', input: { ...input(), connection: '3' } });
  await flushIo();
  assert.equal(Object.keys(station.getSnapshot().children), []);
  assert.is(station.getSnapshot().status, 'active');
});

test('every transition of the connection and station machines is taken', () => {
  assert.equal(coverage.missing(connectionMachine), []);
  assert.equal(coverage.missing(stationMachine), []);
});

test.run();
