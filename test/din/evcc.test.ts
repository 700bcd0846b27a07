/**
 * The DIN EVCC against a scripted SECC: each request is answered at once with what the real SECC's answer builders
 * give for a chosen EvseStatus, unless the scenario edits or withholds the answer. Every transition of the machine
 * is taken by some scenario (checked by the last test).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor } from 'xstate';
import type { EvseStatus } from '../../adapters/evse.js';
import type { VehicleCommand } from '../../adapters/vehicle/vehicle-adapter.js';
import type { BodyType, DC_EVSEStatusType } from '../../codecs/exi/generated/din.types.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import type { DinEvccInput } from '../../machines/din/din-input.js';
import { bodyName, dinMessage, type DinMessage, type DinRequestName } from '../../machines/din/din-messages.js';
import { hexOf, NO_SESSION_ID } from '../../machines/session/session-id.js';
import { fromPhysicalValue } from '../../machines/session/physical-value.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { EVSE, evccInput, LOOP_INTERVAL, newClock, overTheWire, received, seccAnswerTo, seccInput, SESSION_ID, VEHICLE } from './harness.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';

const coverage = new TransitionCoverage();

/** An EVSE that lets everything through at once: authorized, isolation tested, output at the battery's voltage. */
const READY_EVSE: EvseStatus = { ...EVSE, isolation: 'Valid', presentVoltage: VEHICLE.batteryVoltage, presentCurrent: 100, ready: true };

/** The answer the scripted SECC sends for the `nth` (from 1) `request`; undefined withholds it. */
type Script = (request: DinRequestName, nth: number, answer: DinMessage) => DinMessage | undefined;

const asIs: Script = (_, __, answer) => answer;

function withBody(answer: DinMessage, edit: (body: BodyType) => BodyType): DinMessage {
  return dinMessage(answer.V2G_Message.Header.SessionID, edit(answer.V2G_Message.Body));
}

function scenario(options: { script?: Script; evse?: Partial<EvseStatus>; input?: Partial<DinEvccInput> } = {}) {
  const clock = newClock();
  const actor = createActor(dinEvccMachine, { clock, input: evccInput(options.input), inspect: coverage.inspect });
  const requests: DinMessage[] = [];
  const vehicle: VehicleCommand[] = [];
  const closes: string[] = [];
  const state = { evse: { ...READY_EVSE, ...options.evse } };
  const counts = new Map<DinRequestName, number>();
  const script = options.script ?? asIs;
  actor.on('channel.send', ({ message: { document: message } }) => {
    requests.push(overTheWire(message));
    const request = bodyName(message) as DinRequestName;
    const nth = (counts.get(request) ?? 0) + 1;
    counts.set(request, nth);
    // WeldingDetection after the output was discharged, unless the scenario says otherwise.
    const evse = request === 'WeldingDetectionReq' && options.evse?.presentVoltage === undefined ? { ...state.evse, presentVoltage: 0 } : state.evse;
    const answer = seccAnswerTo(message, evse, seccInput({ evseId: 'DE*KPH*E0001*1' }));
    if (answer === undefined) throw new Error(`the EVCC sent ${request}, which no SECC state accepts`);
    const reply = script(request, nth, dinMessage(SESSION_ID, answer.body));
    if (reply !== undefined) actor.send({ type: 'channel.received', message: v2gDocument('din', overTheWire(reply)) });
  });
  actor.on('vehicle.command', ({ command }) => vehicle.push(command));
  actor.on('channel.close', ({ reason }) => closes.push(reason));
  const names = () => requests.map((m) => bodyName(m));
  // SimulatedClock moves to the end of an increment before it fires timers, so time goes in steps of at most the loop's.
  const run = (ms: number) => {
    for (let left = ms; left > 0; left -= LOOP_INTERVAL) clock.increment(Math.min(LOOP_INTERVAL, left));
  };
  return { clock, actor, requests, names, vehicle, closes, state, run };
}

const SEQUENCE: readonly DinRequestName[] = [
  'SessionSetupReq', 'ServiceDiscoveryReq', 'ServicePaymentSelectionReq', 'ContractAuthenticationReq', 'ChargeParameterDiscoveryReq',
  'CableCheckReq', 'PreChargeReq', 'PowerDeliveryReq', 'CurrentDemandReq', 'PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq',
];

test('a SECC that is ready at once: one request of each step, the vehicle full after the first CurrentDemandRes', () => {
  const s = scenario({ input: { vehicle: { ...VEHICLE, soc: 80 } } });
  s.actor.start();
  s.run(1_000);
  assert.equal(s.names(), SEQUENCE);
  assert.equal(s.actor.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID });
  assert.equal(s.closes, ['SessionStop done']);
  const first = s.requests[0]!.V2G_Message;
  assert.equal(first.Header.SessionID, NO_SESSION_ID, 'the first SessionSetupReq carries the all-zero SessionID');
  assert.equal(first.Body.SessionSetupReq?.EVCCID, evccInput().evccId);
  assert.ok(s.requests.slice(1).every((m) => m.V2G_Message.Header.SessionID.every((b, i) => b === SESSION_ID[i])), 'then the SECC\'s SessionID');
  const body = (i: number) => s.requests[i]!.V2G_Message.Body;
  assert.equal(body(2).ServicePaymentSelectionReq, { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } });
  assert.is(body(4).ChargeParameterDiscoveryReq?.EVRequestedEnergyTransferType, 'DC_extended');
  assert.is(body(7).PowerDeliveryReq?.ReadyToChargeState, true);
  assert.is(body(8).CurrentDemandReq?.ChargingComplete, true);
  assert.is(body(9).PowerDeliveryReq?.ReadyToChargeState, false);
  assert.equal(s.vehicle, [
    { type: 'controlPilot', state: 'C' },
    { type: 'contactors', closed: true },
    { type: 'charging', active: false, voltage: 0, current: 0 },
    { type: 'contactors', closed: false },
    { type: 'controlPilot', state: 'B' },
  ]);
});

test('vehicle.status: the next request carries the vehicle\'s latest values', () => {
  const s = scenario({ input: { loopInterval: 1_000 } });
  s.actor.start();
  s.actor.send({ type: 'vehicle.status', status: { ...VEHICLE, soc: 79, targetCurrent: 50 } });
  s.run(1_000);
  const demand = s.requests.filter((m) => m.V2G_Message.Body.CurrentDemandReq).at(-1)?.V2G_Message.Body.CurrentDemandReq;
  assert.is(demand?.DC_EVStatus.EVRESSSOC, 79);
  assert.is(demand && fromPhysicalValue(demand.EVTargetCurrent), 50);
  s.actor.stop();
});

/** Where each request is sent from: [request, which one of its kind, what makes the SECC's answers lead there]. */
const EXCHANGES: readonly [DinRequestName, number, Partial<EvseStatus>?][] = [
  ['SessionSetupReq', 1], ['ServiceDiscoveryReq', 1], ['ServicePaymentSelectionReq', 1],
  ['ContractAuthenticationReq', 1, { authorized: false }], ['ContractAuthenticationReq', 2, { authorized: false }],
  ['ChargeParameterDiscoveryReq', 1], ['ChargeParameterDiscoveryReq', 2],
  ['CableCheckReq', 1], ['PreChargeReq', 1], ['PowerDeliveryReq', 1], ['CurrentDemandReq', 1],
  ['PowerDeliveryReq', 2], ['WeldingDetectionReq', 1], ['SessionStopReq', 1],
];

/** The second ChargeParameterDiscoveryReq exists when the first is answered Ongoing. */
const cpdOngoingOnce: Script = (request, nth, answer) =>
  request === 'ChargeParameterDiscoveryReq' && nth === 1
    ? withBody(answer, (b) => ({ ChargeParameterDiscoveryRes: { ...b.ChargeParameterDiscoveryRes!, EVSEProcessing: 'Ongoing' } }))
    : answer;

test('V2G_EVCC_Msg_Timeout on every request: 2 s, CurrentDemand 250 ms; then channel.close and failed', () => {
  for (const [request, nth, evse] of EXCHANGES) {
    const s = scenario({
      evse,
      script: (r, n, answer) => (r === request && n === nth ? undefined : cpdOngoingOnce(r, n, answer)),
      input: { vehicle: { ...VEHICLE, soc: 80 } },
    });
    s.actor.start();
    s.run(30_000);
    const reason = `V2G_EVCC_Msg_Timeout on ${request}`;
    assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason, sessionId: request === 'SessionSetupReq' ? undefined : SESSION_ID }, `${request} #${nth}`);
    assert.equal(s.closes, [reason]);
    assert.equal(s.vehicle.slice(-2), [{ type: 'controlPilot', state: 'B' }, { type: 'contactors', closed: false }], 'safe state');
  }
});

test('V2G_EVCC_Msg_Timeout runs from the request: not a millisecond early', () => {
  const s = scenario({ script: () => undefined });
  s.actor.start();
  s.run(1_999);
  assert.is(s.actor.getSnapshot().status, 'active');
  s.clock.increment(1);
  assert.is(s.actor.getSnapshot().output?.reason, 'V2G_EVCC_Msg_Timeout on SessionSetupReq');

  const loop = scenario({ script: (r, _, answer) => (r === 'CurrentDemandReq' ? undefined : answer) });
  loop.actor.start();
  loop.clock.increment(249);
  assert.is(loop.actor.getSnapshot().status, 'active');
  loop.clock.increment(1);
  assert.is(loop.actor.getSnapshot().output?.reason, 'V2G_EVCC_Msg_Timeout on CurrentDemandReq');
});

interface Wrong {
  readonly what: string;
  /** SessionStopRes is the right type for SessionStopReq; SessionSetupRes brings the SessionID, so any is right. */
  readonly applies: (response: string) => boolean;
  readonly edit: (answer: DinMessage) => DinMessage;
  readonly reason: (response: string) => string;
}

const WRONG: readonly Wrong[] = [
  {
    what: 'a FAILED code',
    // A FAILED WeldingDetectionRes comes after the charge: the EV ends with SessionStop (tested below).
    applies: (response) => response !== 'WeldingDetectionRes',
    edit: (a) => withBody(a, (b) => Object.fromEntries(Object.entries(b).map(([name, body]) => [name, { ...body, ResponseCode: 'FAILED' }]))),
    reason: (response) => `FAILED in ${response}`,
  },
  {
    what: 'another type',
    applies: (response) => response !== 'SessionStopRes',
    edit: (a) => dinMessage(a.V2G_Message.Header.SessionID, { SessionStopRes: { ResponseCode: 'OK' } }),
    reason: (response) => `SessionStopRes received while waiting for ${response}`,
  },
  {
    what: 'another SessionID',
    applies: (response) => response !== 'SessionSetupRes',
    edit: (a) => dinMessage(Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9), a.V2G_Message.Body),
    reason: (response) => `${response} with SessionID 0909090909090909 in session ${hexOf(SESSION_ID)}`,
  },
];

test('a FAILED code, a response of another type or another session ends the session, naming it', () => {
  const kinds = new Set<string>();
  EXCHANGES.forEach(([request, nth, evse], i) => {
    const response = request.replace(/Req$/, 'Res');
    const wrong = [WRONG[i % WRONG.length]!, ...WRONG].find((w) => w.applies(response))!;
    kinds.add(wrong.what);
    const s = scenario({
      evse,
      script: (r, n, answer) => (r === request && n === nth ? wrong.edit(answer) : cpdOngoingOnce(r, n, answer)),
      input: { vehicle: { ...VEHICLE, soc: 80 } },
    });
    s.actor.start();
    s.run(30_000);
    const outcome = s.actor.getSnapshot().output;
    assert.is(outcome?.result, 'failed');
    assert.is(outcome?.reason, wrong.reason(response), `${request} #${nth} with ${wrong.what}`);
    assert.equal(s.closes, [wrong.reason(response)]);
  });
  assert.is(kinds.size, WRONG.length);
});

test('ContractAuthentication: repeated every loopInterval while Ongoing, V2G_EVCC_Ongoing_Timeout 60 s from the first Ongoing', () => {
  const s = scenario({ evse: { authorized: false }, input: { loopInterval: 1_000 } });
  s.actor.start();
  s.run(59_999);
  assert.is(s.names().filter((n) => n === 'ContractAuthenticationReq').length, 60, 'the first, then one per second');
  assert.is(s.actor.getSnapshot().status, 'active');
  s.clock.increment(1);
  assert.is(s.actor.getSnapshot().output?.reason, 'V2G_EVCC_Ongoing_Timeout on ContractAuthenticationReq');
});

test('ContractAuthentication: Finished after some Ongoing goes on to ChargeParameterDiscovery', () => {
  const s = scenario({ evse: { authorized: false }, input: { vehicle: { ...VEHICLE, soc: 80 } } });
  s.actor.start();
  s.run(500);
  s.state.evse = { ...s.state.evse, authorized: true };
  s.run(1_000);
  assert.ok(s.names().filter((n) => n === 'ContractAuthenticationReq').length >= 5);
  assert.is(s.actor.getSnapshot().output?.result, 'stopped');
});

test('ChargeParameterDiscovery: repeated while Ongoing, then V2G_EVCC_Ongoing_Timeout', () => {
  const ongoing: Script = (r, _, answer) => (r === 'ChargeParameterDiscoveryReq' ? cpdOngoingOnce(r, 1, answer) : answer);
  const s = scenario({ script: ongoing });
  s.actor.start();
  s.run(59_999);
  assert.is(s.names().filter((n) => n === 'ChargeParameterDiscoveryReq').length, 600, 'the first, then one per 100 ms');
  s.clock.increment(1);
  assert.is(s.actor.getSnapshot().output?.reason, 'V2G_EVCC_Ongoing_Timeout on ChargeParameterDiscoveryReq');
});

test('CableCheck: repeated while the isolation test runs, V2G_EVCC_CableCheck_Timeout 40 s from the first CableCheckReq', () => {
  const s = scenario({ evse: { isolationCheckRunning: true } });
  s.actor.start();
  s.run(39_999);
  assert.is(s.names().filter((n) => n === 'CableCheckReq').length, 400);
  assert.equal(s.vehicle, [{ type: 'controlPilot', state: 'C' }]);
  s.clock.increment(1);
  assert.is(s.actor.getSnapshot().output?.reason, 'V2G_EVCC_CableCheck_Timeout');
});

test('PreCharge: repeated until within the tolerance; V2G_EVCC_PreCharge_Timeout 7 s from the first PreChargeReq', () => {
  const s = scenario({ evse: { presentVoltage: VEHICLE.batteryVoltage - 20 } });
  s.actor.start();
  s.run(6_999);
  assert.is(s.names().filter((n) => n === 'PreChargeReq').length, 70, '20 V off is not within 20 V');
  s.clock.increment(1);
  assert.is(s.actor.getSnapshot().output?.reason, 'V2G_EVCC_PreCharge_Timeout');

  const near = scenario({ evse: { presentVoltage: VEHICLE.batteryVoltage - 20 }, input: { prechargeTolerance: 20.5 } });
  near.actor.start();
  near.run(1_000);
  assert.is(near.names().filter((n) => n === 'PreChargeReq').length, 1, 'the tolerance is input');
  const pre = near.requests.find((m) => m.V2G_Message.Body.PreChargeReq)!.V2G_Message.Body.PreChargeReq!;
  assert.is(fromPhysicalValue(pre.EVTargetVoltage), VEHICLE.batteryVoltage);
  assert.is(fromPhysicalValue(pre.EVTargetCurrent), 2);
});

test('ServiceDiscoveryRes without ExternalPayment: nothing DIN can pay with', () => {
  const s = scenario({
    script: (r, _, answer) => (r === 'ServiceDiscoveryReq'
      ? withBody(answer, (b) => ({ ServiceDiscoveryRes: { ...b.ServiceDiscoveryRes!, PaymentOptions: { PaymentOption: ['Contract'] } } }))
      : answer),
  });
  s.actor.start();
  assert.is(s.actor.getSnapshot().output?.reason, 'ServiceDiscoveryRes without ExternalPayment, the only payment DIN has');
});

/** The charge loop until something ends it: the requests after the first CurrentDemandReq. */
function chargeLoopEndedBy(evse: Partial<EvseStatus>) {
  const s = scenario();
  s.actor.start();
  s.run(1_000);
  assert.is(s.names().filter((n) => n === 'CurrentDemandReq').length, 11, 'charging, not yet stopped: at 0, 100, ... 1000 ms');
  s.state.evse = { ...s.state.evse, ...evse };
  s.run(1_000);
  return s;
}

test('the charge loop ends with PowerDelivery(false) on EVSENotification StopCharging and Malfunction; at once on EmergencyShutdown', () => {
  for (const evse of [{ notification: 'StopCharging' }, { fault: 'Malfunction' }] as const) {
    const s = chargeLoopEndedBy(evse);
    assert.equal(s.names().slice(-3), ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq'], JSON.stringify(evse));
    assert.is(s.actor.getSnapshot().output?.result, 'stopped');
    assert.is(s.actor.getSnapshot().output?.cause, 'evse');
  }
  const s = chargeLoopEndedBy({ fault: 'EmergencyShutdown' });
  assert.is(s.names().at(-1), 'CurrentDemandReq', 'nothing more is sent');
  assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason: 'EVSE_EmergencyShutdown in CurrentDemandRes', cause: 'evse', sessionId: SESSION_ID });
});

test('the charge loop ends on EVSE_Shutdown, as real chargers signal a user stop', () => {
  let shutdown = false;
  const s = scenario({
    script: (r, _, answer) => (r === 'CurrentDemandReq' && shutdown
      ? withBody(answer, (b) => ({ CurrentDemandRes: { ...b.CurrentDemandRes!, DC_EVSEStatus: { ...b.CurrentDemandRes!.DC_EVSEStatus, EVSEStatusCode: 'EVSE_Shutdown' } } }))
      : answer),
  });
  s.actor.start();
  s.run(1_000);
  shutdown = true;
  s.run(1_000);
  assert.equal(s.names().slice(-3), ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']);
  assert.is(s.names().filter((n) => n === 'CurrentDemandReq').length, 12, 'the first answer with EVSE_Shutdown ends the loop');
  assert.is(s.actor.getSnapshot().output?.result, 'stopped');
});

test('the charge loop ends when the vehicle asks to stop (stopRequested)', () => {
  const s = scenario();
  s.actor.start();
  s.run(1_000);
  s.actor.send({ type: 'vehicle.status', status: { ...VEHICLE, stopRequested: true } });
  s.run(1_000);
  assert.equal(s.names().slice(-3), ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']);
  const stop = s.requests.at(-3)!.V2G_Message.Body.PowerDeliveryReq!;
  assert.is(stop.ReadyToChargeState, false);
  assert.is(stop.DC_EVPowerDeliveryParameter?.ChargingComplete, false, 'stopped by request, not full');
});

test('WeldingDetection: repeated until the output is below 20 V, at most weldingDetectionMaxRequests times', () => {
  const s = scenario({ evse: { presentVoltage: VEHICLE.batteryVoltage }, input: { vehicle: { ...VEHICLE, soc: 80 } } });
  s.actor.start();
  s.run(5_000);
  assert.is(s.names().filter((n) => n === 'WeldingDetectionReq').length, 10);
  assert.is(s.names().at(-1), 'SessionStopReq');
  assert.is(s.actor.getSnapshot().output?.result, 'stopped');
});

test('channel.closed and channel.invalid end the session failed, naming the channel\'s reason', () => {
  for (const type of ['channel.closed', 'channel.invalid'] as const) {
    const s = scenario({ script: () => undefined });
    s.actor.start();
    s.actor.send({ type, reason: 'peer reset' });
    assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason: `${type}: peer reset`, sessionId: undefined });
    assert.equal(s.closes, [`${type}: peer reset`]);
  }
});

test('a message while no request is outstanding ends the session', () => {
  const s = scenario();
  s.actor.start();
  s.run(300);
  assert.equal(s.actor.getSnapshot().value, { CurrentDemand: 'Pause' });
  s.actor.send(received(SESSION_ID, { CurrentDemandRes: seccCurrentDemandRes() }));
  assert.is(s.actor.getSnapshot().output?.reason, 'CurrentDemandRes received with no request outstanding');
});

function seccCurrentDemandRes() {
  const answer = seccAnswerTo(dinMessage(SESSION_ID, { CurrentDemandReq: {
    DC_EVStatus: { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: 50 },
    EVTargetCurrent: { Multiplier: 0, Unit: 'A', Value: 10 },
    ChargingComplete: false,
    EVTargetVoltage: { Multiplier: 0, Unit: 'V', Value: 400 },
  } }), READY_EVSE);
  return (answer!.body as BodyType).CurrentDemandRes!;
}

/** A response's DC_EVSEStatus, at its top or inside DC_EVSEChargeParameter, edited. */
function withStatus(answer: DinMessage, edit: Partial<DC_EVSEStatusType>): DinMessage {
  return withBody(answer, (b) => Object.fromEntries(Object.entries(b).map(([name, element]) => {
    const e = element as Record<string, unknown>;
    if (e['DC_EVSEStatus']) return [name, { ...e, DC_EVSEStatus: { ...(e['DC_EVSEStatus'] as object), ...edit } }];
    const parameter = e['DC_EVSEChargeParameter'] as Record<string, unknown>;
    return [name, { ...e, DC_EVSEChargeParameter: { ...parameter, DC_EVSEStatus: { ...(parameter['DC_EVSEStatus'] as object), ...edit } } }];
  })));
}

/** Every response that carries DC_EVSEStatus: [request, which one, where the EV goes on a stop (undefined: it is already stopping)]. */
const STATUS_EXCHANGES: readonly [DinRequestName, number, readonly string[] | undefined][] = [
  ['ChargeParameterDiscoveryReq', 1, ['SessionStopReq']],
  ['ChargeParameterDiscoveryReq', 2, ['SessionStopReq']],
  ['CableCheckReq', 1, ['SessionStopReq']],
  ['PreChargeReq', 1, ['SessionStopReq']],
  // After PowerDeliveryRes the SECC takes only CurrentDemandReq: one, then the stop.
  ['PowerDeliveryReq', 1, ['CurrentDemandReq', 'PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']],
  ['CurrentDemandReq', 1, ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']],
  ['PowerDeliveryReq', 2, undefined],
  ['WeldingDetectionReq', 1, undefined],
];

/** The session with the `nth` `request`'s answer edited; the CPD answered Ongoing once so its second request exists. */
function statusScenario(request: DinRequestName, nth: number, edit: (answer: DinMessage) => DinMessage, soc = 80) {
  const s = scenario({
    input: { vehicle: { ...VEHICLE, soc } },
    script: (r, n, answer) => {
      const reply = cpdOngoingOnce(r, n, answer);
      return r === request && n === nth && reply !== undefined ? edit(reply) : reply;
    },
  });
  s.actor.start();
  s.run(10_000);
  return s;
}

test('EVSE_EmergencyShutdown in any response with DC_EVSEStatus ends the session at once: nothing more sent, safe state, the charger named', () => {
  for (const [request, nth] of STATUS_EXCHANGES) {
    const s = statusScenario(request, nth, (a) => withStatus(a, { EVSEStatusCode: 'EVSE_EmergencyShutdown' }));
    const response = request.replace(/Req$/, 'Res');
    const reason = `EVSE_EmergencyShutdown in ${response}`;
    assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason, cause: 'evse', sessionId: SESSION_ID }, `${request} #${nth}`);
    assert.is(s.names().filter((n) => n === request).length, nth, `no further ${request}`);
    assert.is(s.names().at(-1), request);
    assert.equal(s.vehicle.slice(-2), [{ type: 'controlPilot', state: 'B' }, { type: 'contactors', closed: false }]);
    assert.equal(s.closes, [reason]);
  }
});

test('PreChargeRes OK with EVSE_EmergencyShutdown: one PreChargeReq, not a loop until V2G_EVCC_PreCharge_Timeout', () => {
  const s = statusScenario('PreChargeReq', 1, (a) => withStatus(a, { EVSEStatusCode: 'EVSE_EmergencyShutdown' }));
  assert.is(s.names().filter((n) => n === 'PreChargeReq').length, 1);
  assert.is(s.actor.getSnapshot().output?.reason, 'EVSE_EmergencyShutdown in PreChargeRes');
});

test('EVSEIsolationStatus Fault is an emergency too, in CableCheckRes or later', () => {
  for (const request of ['CableCheckReq', 'CurrentDemandReq'] as const) {
    const s = statusScenario(request, 1, (a) => withStatus(a, { EVSEIsolationStatus: 'Fault' }));
    assert.is(s.actor.getSnapshot().output?.reason, `EVSEIsolationStatus Fault in ${request.replace(/Req$/, 'Res')}`);
    assert.is(s.names().at(-1), request);
  }
});

test('EVSE_Shutdown (and StopCharging) in any status: the normal way out from where the EV is, the charger named', () => {
  for (const [request, nth, then] of STATUS_EXCHANGES) {
    for (const edit of [{ EVSEStatusCode: 'EVSE_Shutdown' }, { EVSENotification: 'StopCharging' }] as const) {
      const s = statusScenario(request, nth, (a) => withStatus(a, edit));
      const response = request.replace(/Req$/, 'Res');
      const sent = s.names();
      const at = sent.findIndex((n, i) => n === request && sent.slice(0, i + 1).filter((m) => m === request).length === nth);
      const output = s.actor.getSnapshot().output;
      assert.is(output?.result, 'stopped', `${request} #${nth} ${JSON.stringify(edit)}`);
      if (then === undefined) {
        assert.is(output?.cause, undefined, 'already on its way out: the stop changes nothing');
        continue;
      }
      assert.equal(sent.slice(at + 1), then, `${request} #${nth}`);
      const what = 'EVSEStatusCode' in edit ? 'EVSE_Shutdown' : 'EVSENotification StopCharging';
      assert.equal(output, { result: 'stopped', reason: `${what} in ${response}`, cause: 'evse', sessionId: SESSION_ID });
    }
  }
});

test('limits the vehicle cannot charge with (the peer\'s 40 V / 40 A / 2.3 kW charger): SessionStop from ChargeParameterDiscovery', () => {
  for (const nth of [1, 2]) {
    const s = scenario({
      evse: { maxVoltage: 40, maxCurrent: 40, maxPower: 2_300 },
      script: (r, n, answer) => (r === 'ChargeParameterDiscoveryReq' && n === 1 && nth === 2 ? cpdOngoingOnce(r, n, answer) : answer),
    });
    s.actor.start();
    s.run(5_000);
    assert.equal(s.names().slice(-2), ['ChargeParameterDiscoveryReq', 'SessionStopReq']);
    assert.equal(s.actor.getSnapshot().output, {
      result: 'stopped',
      reason: 'the EVSE cannot charge this vehicle: EVSEMaximumVoltageLimit 40 V is below the battery\'s 380 V',
      cause: 'evse',
      sessionId: SESSION_ID,
    });
  }
});

test('a CurrentDemandRes announcing no current left: PowerDelivery stop, WeldingDetection, SessionStop', () => {
  const s = statusScenario('CurrentDemandReq', 2, (a) =>
    withBody(a, (b) => ({ CurrentDemandRes: { ...b.CurrentDemandRes!, EVSEMaximumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 0 } } })), VEHICLE.soc);
  assert.equal(s.names().slice(-3), ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']);
  assert.equal(s.actor.getSnapshot().output?.reason, 'the EVSE cannot charge this vehicle: the EVSE\'s maximum current is 0 A');
});

test('the EV\'s targets stay within the EVSE\'s limits: voltage, current, power at the target voltage', () => {
  const s = scenario({ evse: { maxVoltage: 390, maxCurrent: 60, maxPower: 15_000 } });
  s.actor.start();
  s.run(1_000);
  const demands = s.requests.map((m) => m.V2G_Message.Body.CurrentDemandReq).filter((d) => d !== undefined);
  assert.ok(demands.length > 5);
  for (const d of demands) {
    assert.is(fromPhysicalValue(d.EVTargetVoltage), 390, 'the vehicle asks 400 V');
    assert.ok(Math.abs(fromPhysicalValue(d.EVTargetCurrent) - 15_000 / 390) < 0.01, 'the vehicle asks 100 A; 60 A and 15 kW / 390 V allow 38.5 A');
  }
  const pre = s.requests.find((m) => m.V2G_Message.Body.PreChargeReq)!.V2G_Message.Body.PreChargeReq!;
  assert.is(fromPhysicalValue(pre.EVTargetVoltage), 380);
});

test('FAILED in WeldingDetectionRes after a full charge: SessionStop, both sides clean, the charger named, not an EV error', () => {
  const s = scenario({
    input: { vehicle: { ...VEHICLE, soc: 80 } },
    script: (r, _, answer) => (r === 'WeldingDetectionReq'
      ? withBody(answer, (b) => ({ WeldingDetectionRes: { ...b.WeldingDetectionRes!, ResponseCode: 'FAILED', EVSEPresentVoltage: { Multiplier: 0, Unit: 'V', Value: 0 } } }))
      : answer),
  });
  s.actor.start();
  s.run(2_000);
  assert.equal(s.names(), SEQUENCE);
  assert.equal(s.actor.getSnapshot().output, { result: 'stopped', reason: 'FAILED in WeldingDetectionRes after the charge', cause: 'evse', sessionId: SESSION_ID });
  assert.equal(s.closes, ['SessionStop done']);
});

test('every transition of din-evcc is taken by some test above', () => {
  assert.equal(coverage.missing(dinEvccMachine), []);
});

test.run();
