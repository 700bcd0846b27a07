/**
 * The EVCC's communication machine on a simulated clock, its children stood in for by logic each test scripts: the
 * layers in order, each way a layer fails, V2G_EVCC_CommunicationSetup_Timeout in each phase and stopped by
 * SessionSetupRes, the vehicle's status the session starts with; every transition taken.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, SimulatedClock, type AnyActorLogic, type AnyActorRef } from 'xstate';
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { HandshakeOutcome } from '../../machines/apphand/handshake-outcome.js';
import type { DiscoveredSecc, SdpResult } from '../../machines/sdp/evcc-sdp.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { evccSessionInputs } from '../../actors/stack/session-machines.js';
import { evccStackMachine, type DialedConnection, type EvccStackActors, type EvccStackInput } from '../../machines/stack/evcc-stack.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { flushIo } from '../shared/async.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const coverage = new TransitionCoverage();
const SECC: DiscoveredSecc = { address: '::1', port: 50000, security: 'tcp', transport: 'tcp' };
const NEVER = new Promise<never>(() => undefined);

/** What each stand-in child does in the test running now. */
interface Script {
  sdp: () => Promise<SdpResult>;
  dial: () => Promise<DialedConnection>;
  apphand: () => Promise<HandshakeOutcome>;
  session: (input: { vehicle: VehicleStatus }) => Promise<SessionOutcome>;
}
let script: Script;
const sessionInputs: Array<{ protocol: string; vehicle: VehicleStatus }> = [];

const standIn = (protocol: string) =>
  fromPromise<SessionOutcome, { vehicle: VehicleStatus }>(({ input }) => {
    sessionInputs.push({ protocol, vehicle: input.vehicle });
    return script.session(input);
  });

type Actors = EvccStackActors;
/** The machine under test sees of its handshake and session only their input, output and end: promises stand in. */
const as = <K extends keyof Actors>(logic: AnyActorLogic): Actors[K] => logic as Actors[K];

const machine = evccStackMachine.provide({
  actors: {
    sdp: fromPromise(() => script.sdp()),
    dial: fromPromise(() => script.dial()),
    apphand: as<'apphand'>(fromPromise(() => script.apphand())),
    'din-evcc': as<'din-evcc'>(standIn('din')),
    'iso2-evcc': as<'iso2-evcc'>(standIn('iso2')),
    'iso20-evcc': as<'iso20-evcc'>(standIn('iso20')),
  },
});

const SETUP_TIMEOUT = 20_000;
const vehicle = (soc: number) => ({ soc }) as VehicleStatus;

function input(): EvccStackInput {
  const preferred = ['iso20-dc', 'iso2', 'din'] as const;
  return { timing: timingFor('iso2'), preferred, sessions: evccSessionInputs({ evccId: new Uint8Array(6), loopInterval: 5, clock: { now: () => 0 } }, {}, preferred) };
}

function start(s: Partial<Script>) {
  script = {
    sdp: () => Promise.resolve({ ok: true, secc: SECC }),
    dial: () => Promise.resolve({ security: 'tcp' }),
    apphand: () => Promise.resolve({ ok: true, protocol: 'din', responseCode: 'OK_SuccessfulNegotiation' }),
    session: () => Promise.resolve({ result: 'stopped' }),
    ...s,
  };
  sessionInputs.length = 0;
  const clock = new SimulatedClock();
  const actor = createActor(machine, { input: input(), clock, inspect: coverage.inspect });
  const closes: string[] = [];
  actor.on('channel.close', (e) => closes.push(e.reason));
  actor.start();
  return { actor, clock, closes };
}

const value = (actor: AnyActorRef): unknown => actor.getSnapshot().value;

test('SDP → dial → handshake → DIN session → ended: the session starts with the latest vehicle status; SessionSetupRes stops the setup timer', async () => {
  let endSession!: (o: SessionOutcome) => void;
  const { actor, clock, closes } = start({ session: () => new Promise((resolve) => (endSession = resolve)) });
  actor.send({ type: 'vehicle.status', status: vehicle(40) });
  actor.send({ type: 'vehicle.status', status: vehicle(41) });
  await flushIo();
  assert.equal(value(actor), { communicating: { communicationSetup: 'running', layers: 'din' } });
  assert.equal(sessionInputs, [{ protocol: 'din', vehicle: vehicle(41) }]);
  actor.send({ type: 'SessionSetupRes' });
  clock.increment(SETUP_TIMEOUT);
  assert.equal(value(actor), { communicating: { communicationSetup: 'done', layers: 'din' } });
  endSession({ result: 'stopped' });
  await flushIo();
  assert.equal(actor.getSnapshot().output, { outcome: { result: 'stopped' }, secc: SECC, security: 'tcp', protocol: 'din' });
  assert.equal(closes, ['session stopped']);
});

test('ISO 15118-2 chosen: its session runs and its outcome is the output', async () => {
  const { actor } = start({
    apphand: () => Promise.resolve({ ok: true, protocol: 'iso2', responseCode: 'OK_SuccessfulNegotiation' }),
    session: () => Promise.resolve({ result: 'paused' }),
  });
  actor.send({ type: 'vehicle.status', status: vehicle(50) });
  await flushIo();
  assert.equal(sessionInputs.map((s) => s.protocol), ['iso2']);
  assert.equal(actor.getSnapshot().output?.outcome, { result: 'paused' });
  assert.is(actor.getSnapshot().output?.protocol, 'iso2');
});

test('ISO 15118-20 chosen: the -20 session of the namespace the EV offered runs, told its namespace', async () => {
  const { actor } = start({
    apphand: () => Promise.resolve({ ok: true, protocol: 'iso20-dc', responseCode: 'OK_SuccessfulNegotiation' }),
    session: () => Promise.resolve({ result: 'stopped' }),
  });
  actor.send({ type: 'vehicle.status', status: vehicle(60) });
  await flushIo();
  assert.equal(sessionInputs.map((s) => s.protocol), ['iso20']);
  assert.equal(actor.getSnapshot().output?.outcome, { result: 'stopped' });
  assert.is(actor.getSnapshot().output?.protocol, 'iso20-dc');
  const failing = start({ apphand: () => Promise.resolve({ ok: true, protocol: 'iso20-dc', responseCode: 'OK_SuccessfulNegotiation' }), session: () => Promise.reject(new Error('-20 broke')) });
  failing.actor.send({ type: 'vehicle.status', status: vehicle(60) });
  await flushIo();
  assert.equal(failing.actor.getSnapshot().output?.outcome, { result: 'failed', reason: '-20 broke' });
});

test('V2G_EVCC_CommunicationSetup_Timeout ends the communication in whichever layer it runs out', async () => {
  const phases: Array<[Partial<Script>, string, number]> = [
    [{ sdp: () => NEVER }, 'V2G_EVCC_CommunicationSetup_Timeout during SDP', 0],
    [{ dial: () => NEVER }, 'V2G_EVCC_CommunicationSetup_Timeout while connecting', 0],
    [{ apphand: () => NEVER }, 'V2G_EVCC_CommunicationSetup_Timeout during the supportedAppProtocol handshake', 1],
    [{ session: () => NEVER }, 'V2G_EVCC_CommunicationSetup_Timeout before SessionSetupRes', 1],
  ];
  for (const [s, reason, closed] of phases) {
    const { actor, clock, closes } = start(s);
    actor.send({ type: 'vehicle.status', status: vehicle(40) });
    await flushIo();
    clock.increment(SETUP_TIMEOUT - 1);
    assert.is(actor.getSnapshot().status, 'active', reason);
    clock.increment(1);
    assert.equal(actor.getSnapshot().output?.outcome, { result: 'failed', reason });
    // The channel is closed once there is one; before, stopping SDP or the dial is all there is to do.
    assert.equal(closes, closed ? [reason] : [], reason);
  }
});

test('each layer that fails ends the communication with its reason', async () => {
  const cases: Array<[Partial<Script>, string]> = [
    [{ sdp: () => Promise.resolve({ ok: false, reason: 'no response after 50 requests' }) }, 'SDP: no response after 50 requests'],
    [{ sdp: () => Promise.reject(new Error('no UDP socket')) }, 'SDP: no UDP socket'],
    [{ dial: () => Promise.reject(new Error('TransportError: refused')) }, 'TransportError: refused'],
    [{ apphand: () => Promise.resolve({ ok: false, reason: 'SECC answered Failed_NoNegotiation' }) }, 'SECC answered Failed_NoNegotiation'],
    [{ apphand: () => Promise.resolve({ ok: true, protocol: 'iso20-wpt', responseCode: 'OK_SuccessfulNegotiation' }) }, 'iso20-wpt has no session machine yet'],
    [{ apphand: () => Promise.reject(new Error('handshake broke')) }, 'handshake broke'],
    [{ session: () => Promise.reject(new Error('vehicle adapter threw')) }, 'vehicle adapter threw'],
    [
      { apphand: () => Promise.resolve({ ok: true, protocol: 'iso2', responseCode: 'OK_SuccessfulNegotiation' }), session: () => Promise.reject(new Error('BMS gone')) },
      'BMS gone',
    ],
  ];
  for (const [s, reason] of cases) {
    const { actor } = start(s);
    actor.send({ type: 'vehicle.status', status: vehicle(40) });
    await flushIo();
    assert.equal(actor.getSnapshot().output?.outcome, { result: 'failed', reason }, reason);
  }
});

test('no session without the vehicle\'s status: none reported, or its stream failed', async () => {
  const silent = start({});
  await flushIo();
  assert.equal(silent.actor.getSnapshot().output?.outcome, { result: 'failed', reason: 'the vehicle did not report its status' });
  assert.equal(silent.closes, ['the vehicle did not report its status'], 'the connection, open by then, is closed');
  const failing = start({});
  failing.actor.send({ type: 'vehicle.failed', reason: "the vehicle's status failed: CAN bus off" });
  await flushIo();
  assert.equal(failing.actor.getSnapshot().output?.outcome, { result: 'failed', reason: "the vehicle's status failed: CAN bus off" });
});

test('the children are XState\'s own: invoked under the communication, by the names the shell wires', async () => {
  const { actor } = start({ apphand: () => NEVER });
  await flushIo();
  assert.equal(Object.keys(actor.getSnapshot().children), ['apphand']);
  assert.is((actor.getSnapshot().children.apphand as AnyActorRef)._parent, actor);
  actor.stop();
});

test('every transition of the communication machine is taken', () => {
  assert.equal(coverage.missing(machine), []);
});

test.run();
