/**
 * Every transition of the ISO 15118-20 SECC's chart, each timer included, taken at least once (the last test checks):
 * V2G_SECC_Sequence_Timeout in every waiting state and V2G_SECC_Sequence_Timeout_ChargeLoop in the loops, their
 * re-arming in every looping state, SessionStop (Terminate, Pause, ServiceRenegotiation) wherever it is taken, every
 * FAILED answer that ends the session and the WARNINGs that do not, each PowerDelivery of each state, schedule
 * renegotiation, and the root's refusals: FAILED_SequenceError for each request out of sequence, FAILED_UnknownSession.
 * The EV is scripted on a DC Scheduled and an AC Dynamic path, under the simulated clock.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvseStatus } from '../../adapters/evse.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { powerDeliveryReq } from '../../machines/iso20/iso20-power-delivery.js';
import { serviceDetailReq } from '../../machines/iso20/iso20-service-messages.js';
import { authorizationReq, sessionSetupRes } from '../../machines/iso20/iso20-setup-messages.js';
import { meteringConfirmationReq } from '../../machines/iso20/iso20-metering.js';
import type { MessageContext } from '../../machines/iso20/iso20-header.js';
import { iso20SeccMachine, type Iso20SeccInput } from '../../machines/iso20/secc/iso20-secc.js';
import { ISO20_TIMING } from '../../machines/timing/v2g-timers.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { ev, EVSE20, scriptedSecc, seccInput, sessionPath, SESSION_ID, type ScriptedSecc, type Step } from './secc-harness.js';

const coverage = new TransitionCoverage();
const TIMEOUT = ISO20_TIMING.session.V2G_SECC_Sequence_Timeout;
const LOOP_TIMEOUT = ISO20_TIMING.session.V2G_SECC_Sequence_Timeout_ChargeLoop;

const PATHS = {
  DC: { service: 'DC', mode: 'Scheduled', protocol: 'iso20-dc' },
  AC: { service: 'AC', mode: 'Dynamic', protocol: 'iso20-ac' },
} as const;
type Path = keyof typeof PATHS;
const DC = ev('DC', 'Scheduled');
const AC = ev('AC', 'Dynamic');

/** The SECC after the first `steps` requests of `path`, every one answered OK, 100 ms apart. */
function at(path: Path, steps: number, input: Partial<Iso20SeccInput> = {}, evse: EvseStatus = EVSE20): ScriptedSecc {
  const { service, mode, protocol } = PATHS[path];
  const s = scriptedSecc(seccInput(protocol, input), evse, coverage.inspect);
  sessionPath(service, mode)
    .slice(0, steps)
    .forEach((step, i) => {
      // The insulation test takes 300 ms: the second DC_CableCheckReq finds it done.
      s.advance(i === 10 && path === 'DC' ? 400 : 100);
      s.receive(step(s.ctx()));
      assert.ok(/:OK/.test(s.last()), `${path} step ${i}: ${s.last()}`);
      if (s.actor.getSnapshot().context.pending.schedule === 'asked') s.reply({ kind: 'schedule' });
    });
  return s;
}

const send = (s: ScriptedSecc, step: Step, evse?: EvseStatus) => s.receive(step(s.ctx()), evse);

/** Plug & Charge's AuthorizationReq, which this station does not offer (its signature is not checked before the mode). */
function pncAuthorization(c: MessageContext): V2gDocument {
  const chain = { Certificate: new Uint8Array(8), SubCertificates: { Certificate: [new Uint8Array(8)] } };
  return authorizationReq(c, { service: 'PnC', pnc: { '@Id': 'id1', GenChallenge: new Uint8Array(16), ContractCertificateChain: chain } });
}

function meteringConfirmation(c: MessageContext): V2gDocument {
  return meteringConfirmationReq(c, { id: 'id1', meter: { meterId: 'DE*KPR*E1234567*1', chargedWh: 0 } });
}

/** Where each waiting state is first reached: a path and a number of steps. */
const WAITING: readonly (readonly [string, Path, number])[] = [
  ['WaitForSessionSetup', 'DC', 0],
  ['WaitForAuthorizationSetup', 'DC', 1],
  ['WaitForAuthorization', 'DC', 2],
  ['WaitForServiceDiscovery', 'DC', 3],
  ['WaitForServiceDetailOrSelection', 'DC', 4],
  ['WaitForChargeParameterDiscovery', 'DC', 6],
  ['WaitForScheduleExchange', 'DC', 7],
  ['WaitForCableCheck', 'DC', 9],
  ['WaitForPreCharge', 'DC', 11],
  ['WaitForPreChargeOrPowerDelivery', 'DC', 12],
  ['WaitForChargeLoop', 'DC', 13],
  ['ChargeLoop', 'DC', 14],
  ['WaitForWeldingDetectionOrSessionStop', 'DC', 16],
  ['WaitForPowerDelivery', 'AC', 9],
  ['WaitForChargeLoop', 'AC', 10],
  ['ChargeLoop', 'AC', 11],
  ['WaitForSessionStop', 'AC', 13],
];
const IN_LOOP = new Set(['ChargeLoop']);

test('the paths reach each waiting state, and both end stopped', () => {
  for (const [name, path, steps] of WAITING) assert.is(at(path, steps).state(), name);
  assert.is(at('DC', 18).state(), 'stopped');
  assert.is(at('AC', 14).state(), 'stopped');
});

test('the sequence timer in every waiting state: V2G_SECC_Sequence_Timeout, in the loops V2G_SECC_Sequence_Timeout_ChargeLoop', () => {
  for (const [name, path, steps] of WAITING) {
    const s = at(path, steps);
    const timeout = IN_LOOP.has(name) ? LOOP_TIMEOUT : TIMEOUT;
    s.advance(timeout - 10, 5);
    assert.is(s.state(), name);
    s.advance(20, 5);
    assert.is(s.state(), 'failed: V2G_SECC_Sequence_Timeout', name);
    assert.equal(s.closes, ['V2G_SECC_Sequence_Timeout'], name);
    assert.ok(s.emitted.includes('evse.stop'), `${name}: the output made safe`);
  }
});

test('the loop timer is the deployment\'s: a slow EV gets its own', () => {
  const s = at('DC', 14, { timing: { ...ISO20_TIMING, session: { ...ISO20_TIMING.session, V2G_SECC_Sequence_Timeout_ChargeLoop: 5_000 } } });
  s.advance(4_000);
  send(s, DC.chargeLoop);
  s.advance(4_990);
  assert.is(s.state(), 'ChargeLoop');
  s.advance(20);
  assert.is(s.state(), 'failed: V2G_SECC_Sequence_Timeout');
});

/** A request that keeps the session in its looping state (on a path), with the EVSE status that makes it so. */
const STAYS: readonly (readonly [string, Path, Step, EvseStatus?])[] = [
  ['WaitForAuthorization', 'DC', DC.authorization, { ...EVSE20, authorized: false }],
  ['WaitForServiceDetailOrSelection', 'DC', DC.serviceDetail],
  ['WaitForScheduleExchange', 'DC', DC.scheduleExchange],
  ['WaitForCableCheck', 'DC', DC.cableCheck, { ...EVSE20, isolationCheckRunning: true }],
  ['WaitForPreChargeOrPowerDelivery', 'DC', DC.preCharge],
  ['ChargeLoop', 'DC', DC.chargeLoop],
  ['ChargeLoop', 'AC', AC.chargeLoop],
  ['WaitForWeldingDetectionOrSessionStop', 'DC', DC.weldingDetection],
  ['WaitForPowerDelivery', 'AC', (c) => powerDeliveryReq(c, { processing: 'Ongoing', progress: 'Start' })],
];

test('a request that keeps the session in its state pushes the timeout back: the timer re-arms once, then fails', () => {
  for (const [name, path, step, evse] of STAYS) {
    const [, , steps] = WAITING.find(([waiting, on]) => waiting === name && on === path)!;
    const timeout = IN_LOOP.has(name) ? LOOP_TIMEOUT : TIMEOUT;
    const s = at(path, steps);
    // WaitForScheduleExchange: the plan is not there yet, so the request is answered Ongoing.
    s.advance(timeout / 2, 5);
    send(s, step, evse);
    assert.is(s.state(), name, `${name} stays (${s.last()})`);
    s.advance(timeout / 2 + 10, 5);
    assert.is(s.state(), name, `${name}: the timer fired before the pushed-back deadline and runs again`);
    s.advance(timeout / 2, 5);
    assert.is(s.state(), 'failed: V2G_SECC_Sequence_Timeout', name);
  }
});

const BEFORE_CHARGING = [
  'WaitForAuthorizationSetup', 'WaitForAuthorization', 'WaitForServiceDiscovery', 'WaitForServiceDetailOrSelection', 'WaitForChargeParameterDiscovery',
  'WaitForScheduleExchange', 'WaitForCableCheck', 'WaitForPreCharge', 'WaitForPreChargeOrPowerDelivery', 'WaitForPowerDelivery',
];

test('SessionStopReq before charging: Terminate stops; Pause and ServiceRenegotiation are refused with their codes', () => {
  for (const name of BEFORE_CHARGING) {
    const [, path, steps] = WAITING.find(([waiting]) => waiting === name)!;
    const terminate = at(path, steps);
    send(terminate, DC.sessionStop('Terminate'));
    assert.is(terminate.state(), 'stopped', name);
    const pause = at(path, steps);
    send(pause, DC.sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:FAILED_PauseNotAllowed', name);
    assert.is(pause.state(), 'failed: FAILED_PauseNotAllowed answered to SessionStopReq', name);
    const renegotiate = at(path, steps);
    send(renegotiate, DC.sessionStop('ServiceRenegotiation'));
    assert.is(renegotiate.last(), 'SessionStopRes:FAILED_NoServiceRenegotiationSupported', name);
  }
});

test('SessionStopReq after charging: Terminate stops, Pause pauses, ServiceRenegotiation goes back to ServiceDiscovery', () => {
  for (const [path, steps] of [['DC', 16], ['AC', 13]] as const) {
    const terminate = at(path, steps);
    send(terminate, DC.sessionStop('Terminate'));
    assert.is(terminate.state(), 'stopped');
    assert.equal(terminate.closes, ['SessionStop done (stopped)']);
    const pause = at(path, steps);
    send(pause, DC.sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:OK');
    assert.is(pause.state(), 'paused');
    const renegotiate = at(path, steps);
    send(renegotiate, DC.sessionStop('ServiceRenegotiation'));
    assert.is(renegotiate.state(), 'WaitForServiceDiscovery');
    assert.equal(renegotiate.closes, [], 'the same connection goes on');
    // A whole new service on the same session: DC again from ServiceDiscovery to the loop.
    const again = path === 'DC' ? DC : AC;
    for (const step of [again.serviceDiscovery, again.serviceDetail, again.serviceSelection, again.chargeParameterDiscovery]) {
      send(renegotiate, step);
      assert.ok(/:OK/.test(renegotiate.last()), renegotiate.last());
    }
    assert.is(renegotiate.state(), 'WaitForScheduleExchange');
  }
});

test('the deployment refuses Pause or service renegotiation after charging: FAILED_PauseNotAllowed, FAILED_NoServiceRenegotiationSupported', () => {
  const pause = at('AC', 13, { pauseAllowed: false });
  send(pause, AC.sessionStop('Pause'));
  assert.is(pause.last(), 'SessionStopRes:FAILED_PauseNotAllowed');
  assert.ok(pause.state().startsWith('failed'));
  const welding = at('DC', 16, { pauseAllowed: false });
  send(welding, DC.sessionStop('Pause'));
  assert.is(welding.state(), 'failed: FAILED_PauseNotAllowed answered to SessionStopReq');
  const renegotiate = at('AC', 13, { serviceRenegotiationSupported: false });
  send(renegotiate, AC.sessionStop('ServiceRenegotiation'));
  assert.is(renegotiate.last(), 'SessionStopRes:FAILED_NoServiceRenegotiationSupported');
  assert.ok(renegotiate.state().startsWith('failed'));
});

test('a paused session is joined again by its old SessionID: OK_OldSessionJoined, the SessionID kept', () => {
  const old = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
  const s = at('DC', 0, { pausedSessionIds: [old] });
  s.receive(DC.sessionSetup({ sessionId: old, nowMs: s.clock.now() }));
  assert.is(s.last(), 'SessionSetupRes:OK_OldSessionJoined');
  assert.equal(s.sessionId, old);
  send(s, DC.authorizationSetup);
  assert.is(s.last(), 'AuthorizationSetupRes:OK');
  const unknown = at('DC', 0, { pausedSessionIds: [old] });
  unknown.receive(DC.sessionSetup({ sessionId: Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1), nowMs: 0 }));
  assert.is(unknown.last(), 'SessionSetupRes:OK_NewSessionEstablished');
  assert.equal(unknown.sessionId, SESSION_ID);
});

test('Authorization: Ongoing until the customer is identified, a refusal and PnC are WARNINGs that keep the session', () => {
  const s = at('DC', 2, {}, { ...EVSE20, authorized: false });
  send(s, DC.authorization, { ...EVSE20, authorized: false });
  assert.is(s.last(), 'AuthorizationRes:OK');
  assert.equal(s.asked, ['authorization']);
  s.reply({ kind: 'authorization', verdict: 'refused' });
  send(s, DC.authorization, { ...EVSE20, authorized: false });
  assert.is(s.last(), 'AuthorizationRes:WARNING_EIMAuthorizationFailure');
  assert.is(s.state(), 'WaitForAuthorization');
  s.receive(pncAuthorization(s.ctx()));
  assert.is(s.last(), 'AuthorizationRes:WARNING_AuthorizationSelectionInvalid');
  assert.is(s.state(), 'WaitForAuthorization');
  send(s, DC.authorization, EVSE20);
  assert.is(s.last(), 'AuthorizationRes:OK');
  assert.is(s.state(), 'WaitForServiceDiscovery');
});

test('a FAILED answer ends the session: ServiceDetail, ServiceSelection, ChargeParameterDiscovery, CableCheck, PowerDelivery, ChargeLoop', () => {
  const bpt = ev('DC_BPT', 'Scheduled');
  const dynamic = ev('DC', 'Dynamic');
  const cases: readonly (readonly [Path, number, Step, string, EvseStatus?])[] = [
    ['DC', 4, (c) => serviceDetailReq(c, 42), 'ServiceDetailRes:FAILED_ServiceIDInvalid'],
    ['DC', 5, ev('AC', 'Scheduled').serviceSelection, 'ServiceSelectionRes:FAILED_ServiceSelectionInvalid'],
    ['DC', 6, bpt.chargeParameterDiscovery, 'DC_ChargeParameterDiscoveryRes:FAILED_WrongChargeParameter'],
    ['DC', 7, dynamic.scheduleExchange, 'ScheduleExchangeRes:FAILED'],
    ['DC', 10, DC.cableCheck, 'DC_CableCheckRes:FAILED', { ...EVSE20, isolation: 'Fault' }],
    ['DC', 12, DC.powerDelivery('Start', 3), 'PowerDeliveryRes:FAILED_ScheduleSelectionInvalid'],
    ['DC', 12, DC.powerDelivery('Start', 1, 'Discharge'), 'PowerDeliveryRes:FAILED_PowerDeliveryNotApplied'],
    ['DC', 13, dynamic.chargeLoop, 'DC_ChargeLoopRes:FAILED'],
    ['DC', 14, AC.chargeLoop, 'AC_ChargeLoopRes:FAILED'],
  ];
  for (const [path, steps, step, answer, evse] of cases) {
    const s = at(path, steps);
    if (steps === 10) s.advance(400);
    send(s, step, evse);
    assert.is(s.last(), answer);
    assert.ok(s.state().startsWith('failed'), `${answer}: ${s.state()}`);
  }
});

/** The states that take PowerDeliveryReq, with where each ChargeProgress leads. */
const POWER_DELIVERY: readonly (readonly [string, Path, number, Readonly<Record<'Start' | 'Stop' | 'Standby' | 'ScheduleRenegotiation', string>>])[] = [
  ['WaitForPreChargeOrPowerDelivery', 'DC', 12, { Start: 'WaitForChargeLoop', Stop: 'WaitForWeldingDetectionOrSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
  ['WaitForChargeLoop', 'DC', 13, { Start: 'WaitForChargeLoop', Stop: 'WaitForWeldingDetectionOrSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
  ['ChargeLoop', 'DC', 14, { Start: 'WaitForChargeLoop', Stop: 'WaitForWeldingDetectionOrSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
  ['WaitForPowerDelivery', 'AC', 9, { Start: 'WaitForChargeLoop', Stop: 'WaitForSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
  ['WaitForChargeLoop', 'AC', 10, { Start: 'WaitForChargeLoop', Stop: 'WaitForSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
  ['ChargeLoop', 'AC', 11, { Start: 'WaitForChargeLoop', Stop: 'WaitForSessionStop', Standby: 'WaitForChargeLoop', ScheduleRenegotiation: 'WaitForScheduleExchange' }],
];

test('PowerDeliveryReq in each state that takes it: Start, Stop, Standby, ScheduleRenegotiation, and EVProcessing=Ongoing stays', () => {
  for (const [name, path, steps, next] of POWER_DELIVERY) {
    const r = path === 'DC' ? DC : AC;
    for (const [progress, target] of Object.entries(next) as [keyof typeof next, string][]) {
      const s = at(path, steps);
      send(s, r.powerDelivery(progress));
      assert.is(s.last(), 'PowerDeliveryRes:OK', `${name} ${progress}`);
      assert.is(s.state(), target, `${name} ${progress}`);
    }
    const ongoing = at(path, steps);
    ongoing.receive(powerDeliveryReq(ongoing.ctx(), { processing: 'Ongoing', progress: 'Start' }));
    assert.is(ongoing.last(), 'PowerDeliveryRes:OK');
    assert.is(ongoing.state(), name, `${name}: EVProcessing=Ongoing stays`);
  }
});

test('Standby: energy off while the loop goes on, Start ends it; a deployment without standby answers WARNING_StandbyNotAllowed and keeps charging', () => {
  const s = at('DC', 14);
  send(s, DC.powerDelivery('Standby'));
  assert.is(s.power.commands.at(-1)?.type, 'stop');
  send(s, DC.chargeLoop);
  assert.equal(s.power.commands.at(-1), { type: 'deliver', voltage: 400, current: 0 });
  send(s, DC.powerDelivery('Start'));
  send(s, DC.chargeLoop);
  assert.equal(s.power.commands.at(-1), { type: 'deliver', voltage: 400, current: 100 });
  const refused = at('DC', 14, { standbyAllowed: false });
  send(refused, DC.powerDelivery('Standby'));
  assert.is(refused.last(), 'PowerDeliveryRes:WARNING_StandbyNotAllowed');
  assert.is(refused.state(), 'WaitForChargeLoop');
  send(refused, DC.chargeLoop);
  assert.equal(refused.power.commands.at(-1), { type: 'deliver', voltage: 400, current: 100 });
});

test('schedule renegotiation: the plan is asked again, Ongoing until it comes, then PowerDelivery(Start) and the loop', () => {
  const s = at('DC', 14);
  send(s, DC.powerDelivery('ScheduleRenegotiation'));
  send(s, DC.scheduleExchange);
  assert.is(s.last(), 'ScheduleExchangeRes:OK');
  assert.equal(s.asked, ['authorization', 'schedule', 'schedule']);
  assert.is(s.state(), 'WaitForScheduleExchange');
  send(s, DC.scheduleExchange);
  assert.is(s.state(), 'WaitForScheduleExchange', 'still Ongoing: no plan yet');
  s.reply({ kind: 'schedule' });
  send(s, DC.scheduleExchange);
  assert.is(s.state(), 'WaitForPowerDelivery');
  send(s, DC.powerDelivery('Start'));
  assert.is(s.state(), 'WaitForChargeLoop');
  // After a renegotiation the EV may also stop instead: DC goes on to WeldingDetection.
  const stop = at('DC', 14);
  send(stop, DC.powerDelivery('ScheduleRenegotiation'));
  send(stop, DC.scheduleExchange);
  stop.reply({ kind: 'schedule' });
  send(stop, DC.scheduleExchange);
  send(stop, DC.powerDelivery('Stop'));
  assert.is(stop.state(), 'WaitForWeldingDetectionOrSessionStop');
});

/** A request for each name the SECC takes somewhere, as the DC (or AC) EV builds it. */
const REQUESTS: readonly (readonly [string, Step])[] = [
  ['SessionSetupReq', DC.sessionSetup],
  ['AuthorizationSetupReq', DC.authorizationSetup],
  ['AuthorizationReq', DC.authorization],
  ['ServiceDiscoveryReq', DC.serviceDiscovery],
  ['ServiceDetailReq', DC.serviceDetail],
  ['ServiceSelectionReq', DC.serviceSelection],
  ['DC_ChargeParameterDiscoveryReq', DC.chargeParameterDiscovery],
  ['ScheduleExchangeReq', DC.scheduleExchange],
  ['DC_CableCheckReq', DC.cableCheck],
  ['DC_PreChargeReq', DC.preCharge],
  ['PowerDeliveryReq', DC.powerDelivery('Stop')],
  ['DC_ChargeLoopReq', DC.chargeLoop],
  ['DC_WeldingDetectionReq', DC.weldingDetection],
  ['SessionStopReq', DC.sessionStop('Terminate')],
];
const AC_REQUESTS: readonly (readonly [string, Step])[] = [
  ['AC_ChargeParameterDiscoveryReq', AC.chargeParameterDiscovery],
  ['AC_ChargeLoopReq', AC.chargeLoop],
];

test('every request out of sequence: FAILED_SequenceError in its own response type, the session ended', () => {
  let refused = 0;
  for (const [name, path, steps] of WAITING) {
    const taken = Object.keys(iso20SeccMachine.root.states[name].on ?? {});
    for (const [request, step] of path === 'DC' ? REQUESTS : [...REQUESTS, ...AC_REQUESTS]) {
      if (taken.includes(request)) continue;
      const s = at(path, steps);
      send(s, step);
      assert.is(s.last(), `${request.slice(0, -3)}Res:FAILED_SequenceError`, `${request} in ${name}`);
      assert.is(s.state(), `failed: FAILED_SequenceError answered to ${request}`, `${request} in ${name}`);
      refused++;
    }
  }
  assert.ok(refused > 150, `${refused} refusals`);
});

test('MeteringConfirmationReq out of the loop, and a request never taken (VehicleCheckIn): FAILED_SequenceError', () => {
  const s = at('DC', 16);
  s.receive({ schema: 'iso20-common', document: { VehicleCheckInReq: { Header: { SessionID: SESSION_ID, TimeStamp: 0n }, EVCheckInStatus: 'CheckIn', ParkingMethod: 'AutoParking' } } } as V2gDocument);
  assert.is(s.last(), 'VehicleCheckInRes:FAILED_SequenceError');
});

test('another session\'s SessionID: FAILED_UnknownSession in the request\'s response type', () => {
  const s = at('DC', 14);
  s.receive(DC.chargeLoop({ sessionId: Uint8Array.of(7, 7, 7, 7, 7, 7, 7, 7), nowMs: s.clock.now() }));
  assert.is(s.last(), 'DC_ChargeLoopRes:FAILED_UnknownSession');
  assert.ok(s.state().startsWith('failed'));
});

test('not a request (a response), the channel closed or an undecodable message: failed, closed without answer', () => {
  const response = at('DC', 3);
  response.receive(sessionSetupRes({ sessionId: SESSION_ID, nowMs: 0 }, { responseCode: 'OK_NewSessionEstablished', evseId: 'X' }));
  assert.is(response.state(), 'failed: SessionSetupRes is not a request');
  const closed = at('DC', 14);
  closed.actor.send({ type: 'channel.closed', reason: 'EVCC closed TCP' });
  assert.is(closed.state(), 'failed: channel closed: EVCC closed TCP');
  const invalid = at('AC', 11);
  invalid.actor.send({ type: 'channel.invalid', reason: 'EXI error' });
  assert.is(invalid.state(), 'failed: invalid message: EXI error');
  assert.ok(invalid.emitted.includes('evse.contactors'), 'the output made safe');
});

test('the EVSE notifies in the loop: EVSEStatus with NotificationMaxDelay; an acted-on ScheduleRenegotiation is not repeated', () => {
  const s = at('DC', 14);
  const notifying = { ...EVSE20, sessionNotification: { kind: 'ScheduleRenegotiation', maxDelayS: 30 } } as const;
  send(s, DC.chargeLoop, notifying);
  const status = (s.sent.at(-1)!.document as { DC_ChargeLoopRes: { EVSEStatus?: unknown } }).DC_ChargeLoopRes.EVSEStatus;
  assert.equal(status, { NotificationMaxDelay: 30, EVSENotification: 'ScheduleRenegotiation' });
  send(s, DC.powerDelivery('ScheduleRenegotiation'), notifying);
  send(s, DC.scheduleExchange, notifying);
  s.reply({ kind: 'schedule' });
  send(s, DC.scheduleExchange, notifying);
  send(s, DC.powerDelivery('Start'), notifying);
  send(s, DC.chargeLoop, notifying);
  assert.is((s.sent.at(-1)!.document as { DC_ChargeLoopRes: { EVSEStatus?: unknown } }).DC_ChargeLoopRes.EVSEStatus, undefined, 'acted on');
  send(s, DC.chargeLoop, { ...EVSE20, notification: 'StopCharging' });
  assert.equal((s.sent.at(-1)!.document as { DC_ChargeLoopRes: { EVSEStatus?: unknown } }).DC_ChargeLoopRes.EVSEStatus, { NotificationMaxDelay: 0, EVSENotification: 'Terminate' }, 'DIN/-2 StopCharging read as Terminate');
});

test('MeteringConfirmation on the EVSE\'s notification: answered in the loop, then no longer notified', () => {
  const dc = at('DC', 14);
  send(dc, meteringConfirmation);
  assert.is(dc.state(), 'ChargeLoop');
  const s = at('AC', 11);
  const notifying = { ...EVSE20, sessionNotification: { kind: 'MeteringConfirmation', maxDelayS: 10 } } as const;
  send(s, AC.chargeLoop, notifying);
  assert.equal((s.sent.at(-1)!.document as { AC_ChargeLoopRes: { EVSEStatus?: unknown } }).AC_ChargeLoopRes.EVSEStatus, { NotificationMaxDelay: 10, EVSENotification: 'MeteringConfirmation' });
  send(s, meteringConfirmation, notifying);
  assert.is(s.last(), 'MeteringConfirmationRes:OK');
  assert.is(s.state(), 'ChargeLoop');
  send(s, AC.chargeLoop, notifying);
  assert.is((s.sent.at(-1)!.document as { AC_ChargeLoopRes: { EVSEStatus?: unknown } }).AC_ChargeLoopRes.EVSEStatus, undefined);
});

test('every transition of the -20 SECC chart was taken (Plug & Charge\'s CertificateInstallation: secc-pnc.test.ts)', () => {
  assert.equal(coverage.missing(iso20SeccMachine).filter((m) => !m.includes('--CertificateInstallationReq-->')), []);
});

test.run();
