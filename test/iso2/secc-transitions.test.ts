/**
 * Every transition of the ISO 15118-2 SECC's chart, each timer included, taken at least once (the last test checks):
 * V2G_SECC_Sequence_Timeout in every waiting state and its re-arming in every looping one, SessionStop (Terminate and
 * Pause) wherever it is taken, every FAILED answer that ends the session, each PowerDelivery of each state, and the
 * root's refusals. The EV is scripted, on the AC and the DC path of SESSIONS.md §2.1.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvseStatus } from '../../adapters/evse.js';
import type { BodyType, chargeProgressType } from '../../codecs/exi/generated/iso2.types.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { A, EVCC_ID, EVSE, outcomeText, scriptedSecc, seccInput, SESSION_ID, V, W } from './wiring.js';

const coverage = new TransitionCoverage();
const TIMEOUT = seccInput().timing.session.V2G_SECC_Sequence_Timeout;

const EV_STATUS = { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: 40 } as const;

/** Authorized, isolation valid and no test running: each Ongoing loop ends at its next request. */
const READY: EvseStatus = { ...EVSE, isolation: 'Valid', presentVoltage: 380 };

const sessionSetup: BodyType = { SessionSetupReq: { EVCCID: EVCC_ID } };
const serviceDiscovery: BodyType = { ServiceDiscoveryReq: {} };
const paymentServiceSelection = (option: 'ExternalPayment' | 'Contract'): BodyType => ({
  PaymentServiceSelectionReq: { SelectedPaymentOption: option, SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } },
});
const authorization: BodyType = { AuthorizationReq: {} };
const dcParameters = (mode: 'DC_extended' | 'DC_core' = 'DC_extended'): BodyType => ({
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: mode,
    DC_EVChargeParameter: { DC_EVStatus: EV_STATUS, EVMaximumCurrentLimit: A(200), EVMaximumVoltageLimit: V(450), EVMaximumPowerLimit: W(8000) },
  },
});
const acParameters = (mode: 'AC_three_phase_core' | 'AC_single_phase_core' = 'AC_three_phase_core'): BodyType => ({
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: mode,
    AC_EVChargeParameter: { EAmount: { Multiplier: 1, Unit: 'Wh', Value: 3000 }, EVMaxVoltage: V(400), EVMaxCurrent: A(32), EVMinCurrent: A(6) },
  },
});
const cableCheck: BodyType = { CableCheckReq: { DC_EVStatus: EV_STATUS } };
const preCharge: BodyType = { PreChargeReq: { DC_EVStatus: EV_STATUS, EVTargetVoltage: V(380), EVTargetCurrent: A(2) } };
const powerDelivery = (ChargeProgress: chargeProgressType, SAScheduleTupleID = 1): BodyType => ({ PowerDeliveryReq: { ChargeProgress, SAScheduleTupleID } });
const currentDemand: BodyType = {
  CurrentDemandReq: { DC_EVStatus: EV_STATUS, EVTargetCurrent: A(100), EVTargetVoltage: V(400), ChargingComplete: false },
};
const chargingStatus: BodyType = { ChargingStatusReq: {} };
const weldingDetection: BodyType = { WeldingDetectionReq: { DC_EVStatus: EV_STATUS } };
const sessionStop = (ChargingSession: 'Terminate' | 'Pause'): BodyType => ({ SessionStopReq: { ChargingSession } });

/** A DC session: the first CableCheckReq starts the insulation test (Ongoing), the second finds it done. */
const DC = [
  sessionSetup, serviceDiscovery, paymentServiceSelection('ExternalPayment'), authorization, dcParameters(), cableCheck, cableCheck,
  preCharge, powerDelivery('Start'), currentDemand, currentDemand, powerDelivery('Stop'), weldingDetection, sessionStop('Terminate'),
];
const AC = [
  sessionSetup, serviceDiscovery, paymentServiceSelection('ExternalPayment'), authorization, acParameters(), powerDelivery('Start'),
  chargingStatus, chargingStatus, powerDelivery('Stop'), sessionStop('Terminate'),
];
const PATHS = { DC, AC } as const;

type Secc = ReturnType<typeof scriptedSecc>;

/** The SECC after the first `steps` requests of `path`, every step answered OK. */
function at(path: keyof typeof PATHS, steps: number, evse: EvseStatus = READY): Secc {
  const s = scriptedSecc(seccInput(), evse, coverage.inspect);
  PATHS[path].slice(0, steps).forEach((body, i) => {
    s.receive(body, i === 0 ? new Uint8Array(8) : SESSION_ID);
    assert.ok(/:OK/.test(s.last()), `${path} step ${i}: ${s.last()}`);
  });
  return s;
}

function state(s: Secc): string {
  const { output, value } = s.actor.getSnapshot();
  return output ? outcomeText(output) : String(value);
}

/** Where each waiting state is first reached: a path and a number of steps. */
const WAITING: readonly (readonly [string, keyof typeof PATHS, number])[] = [
  ['WaitForSessionSetup', 'DC', 0],
  ['WaitForServiceDiscovery', 'DC', 1],
  ['WaitForServiceDetailOrPaymentServiceSelection', 'DC', 2],
  ['WaitForAuthorization', 'DC', 3],
  ['WaitForChargeParameterDiscovery', 'DC', 4],
  ['WaitForCableCheck', 'DC', 5],
  ['WaitForPreCharge', 'DC', 7],
  ['WaitForPreChargeOrPowerDelivery', 'DC', 8],
  ['WaitForCurrentDemand', 'DC', 9],
  ['WaitForCurrentDemandOrPowerDelivery', 'DC', 10],
  ['WaitForWeldingDetectionOrSessionStop', 'DC', 12],
  ['WaitForPowerDelivery', 'AC', 5],
  ['WaitForChargingStatus', 'AC', 6],
  ['WaitForChargingStatusOrPowerDelivery', 'AC', 7],
  ['WaitForSessionStop', 'AC', 9],
];

test('the paths reach each waiting state, and both end stopped', () => {
  for (const [name, path, steps] of WAITING) assert.is(state(at(path, steps)), name);
  assert.is(state(at('DC', DC.length)), 'stopped');
  assert.is(state(at('AC', AC.length)), 'stopped');
});

test('V2G_SECC_Sequence_Timeout in every waiting state: nothing before it runs out, failed when it does', () => {
  // Before SessionSetupReq the connection's machine ends the wait sooner, by V2G_SECC_CommunicationSetup_Performance_Time
  // (test/stack/secc-connection.test.ts); the session's own bound there is this one.
  for (const [name, path, steps] of WAITING) {
    const s = at(path, steps);
    s.advance(TIMEOUT - 10);
    assert.is(state(s), name);
    s.advance(20);
    assert.is(state(s), 'failed: V2G_SECC_Sequence_Timeout', name);
    assert.equal(s.closes, ['V2G_SECC_Sequence_Timeout'], name);
  }
});

/** A request that keeps the session in its looping state, with the EVSE status that makes it so. */
const STAYS: readonly (readonly [string, BodyType, EvseStatus?])[] = [
  ['WaitForServiceDetailOrPaymentServiceSelection', { ServiceDetailReq: { ServiceID: 1 } }],
  ['WaitForAuthorization', authorization, { ...READY, authorized: false }],
  ['WaitForChargeParameterDiscovery', dcParameters(), { ...READY, maxPower: 0 }],
  ['WaitForCableCheck', cableCheck],
  ['WaitForPreChargeOrPowerDelivery', preCharge],
  ['WaitForCurrentDemandOrPowerDelivery', currentDemand],
  ['WaitForChargingStatusOrPowerDelivery', chargingStatus],
  ['WaitForWeldingDetectionOrSessionStop', weldingDetection],
];

test('a request that keeps the session in its state pushes the timeout back: the timer re-arms once, then fails', () => {
  for (const [name, body, evse] of STAYS) {
    const [, path, steps] = WAITING.find(([waiting]) => waiting === name)!;
    const s = at(path, steps);
    s.advance(TIMEOUT / 2);
    s.receive(body, SESSION_ID, evse);
    assert.is(state(s), name, `${name} stays`);
    s.advance(TIMEOUT / 2 + 10);
    assert.is(state(s), name, `${name}: the timer fired before the pushed-back deadline and runs again`);
    s.advance(TIMEOUT / 2);
    assert.is(state(s), 'failed: V2G_SECC_Sequence_Timeout', name);
  }
});

test('SessionStopReq before charging: Terminate stops, Pause is refused with FAILED [SESSIONS §2.3]', () => {
  const before = WAITING.filter(([name]) =>
    ['ServiceDiscovery', 'ServiceDetailOrPaymentServiceSelection', 'Authorization', 'ChargeParameterDiscovery', 'CableCheck', 'PreCharge',
      'PreChargeOrPowerDelivery', 'PowerDelivery'].some((n) => name === `WaitFor${n}`));
  assert.is(before.length, 8);
  for (const [name, path, steps] of before) {
    const terminate = at(path, steps);
    terminate.receive(sessionStop('Terminate'));
    assert.is(state(terminate), 'stopped', name);
    const pause = at(path, steps);
    pause.receive(sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:FAILED', name);
    assert.is(state(pause), 'failed: FAILED answered to SessionStopReq', name);
  }
});

test('SessionStopReq after charging: Terminate stops, Pause pauses', () => {
  for (const [path, steps] of [['DC', 12], ['AC', 9]] as const) {
    const terminate = at(path, steps);
    terminate.receive(sessionStop('Terminate'));
    assert.is(state(terminate), 'stopped');
    const pause = at(path, steps);
    pause.receive(sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:OK');
    assert.is(state(pause), 'paused');
  }
});

test('a FAILED answer ends the session: ServiceDetail, PaymentServiceSelection, ChargeParameterDiscovery, CableCheck', () => {
  const cases: readonly (readonly [keyof typeof PATHS, number, BodyType, string, EvseStatus?])[] = [
    ['DC', 2, { ServiceDetailReq: { ServiceID: 42 } }, 'ServiceDetailRes:FAILED_ServiceIDInvalid'],
    ['DC', 2, paymentServiceSelection('Contract'), 'PaymentServiceSelectionRes:FAILED_PaymentSelectionInvalid'],
    ['DC', 4, dcParameters('DC_core'), 'ChargeParameterDiscoveryRes:FAILED_WrongEnergyTransferMode'],
    ['AC', 4, acParameters('AC_single_phase_core'), 'ChargeParameterDiscoveryRes:FAILED_WrongEnergyTransferMode'],
    ['DC', 6, cableCheck, 'CableCheckRes:FAILED', { ...READY, isolation: 'Fault' }],
  ];
  for (const [path, steps, body, answer, evse] of cases) {
    const s = at(path, steps);
    s.receive(body, SESSION_ID, evse);
    assert.is(s.last(), answer);
    assert.ok(state(s).startsWith('failed'), `${answer}: ${state(s)}`);
  }
});

/** Where PowerDelivery leads on each path. */
const AFTER_POWER_DELIVERY = {
  DC: { Start: 'WaitForCurrentDemand', Stop: 'WaitForWeldingDetectionOrSessionStop', Renegotiate: 'WaitForChargeParameterDiscovery' },
  AC: { Start: 'WaitForChargingStatus', Stop: 'WaitForSessionStop', Renegotiate: 'WaitForChargeParameterDiscovery' },
} as const;

/** The states that take PowerDeliveryReq: after PreCharge and in the CurrentDemand loop; WaitForPowerDelivery and the ChargingStatus loop. */
const TAKE_POWER_DELIVERY = [['DC', 8], ['DC', 10], ['AC', 5], ['AC', 7]] as const;

test('PowerDeliveryReq in each state that takes it: Start, Stop, Renegotiate, and a tariff never offered', () => {
  for (const [path, steps] of TAKE_POWER_DELIVERY) {
    for (const [progress, next] of Object.entries(AFTER_POWER_DELIVERY[path]) as [chargeProgressType, string][]) {
      const s = at(path, steps);
      s.receive(powerDelivery(progress));
      assert.is(state(s), next, `${path} ${steps} ${progress}`);
    }
    const s = at(path, steps);
    s.receive(powerDelivery('Start', 9));
    assert.is(s.last(), 'PowerDeliveryRes:FAILED_TariffSelectionInvalid');
    assert.ok(state(s).startsWith('failed'));
  }
});

test('a DC renegotiation: ChargeParameterDiscovery leads straight to PowerDelivery, whose Start and Stop are DC', () => {
  for (const [progress, next] of [['Start', 'WaitForCurrentDemand'], ['Stop', 'WaitForWeldingDetectionOrSessionStop']] as const) {
    const s = at('DC', 10);
    s.receive(powerDelivery('Renegotiate'));
    s.receive(dcParameters());
    assert.is(state(s), 'WaitForPowerDelivery');
    s.receive(powerDelivery(progress));
    assert.is(state(s), next);
  }
});

test('the root: not a request, another session, a request no state takes, the channel closed or invalid', () => {
  const response = at('DC', 2);
  response.receive({ SessionStopRes: { ResponseCode: 'OK' } });
  assert.is(state(response), 'failed: SessionStopRes is not a request');
  const unknown = at('DC', 2);
  unknown.receive(authorization, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9));
  assert.is(unknown.last(), 'AuthorizationRes:FAILED_UnknownSession');
  const early = at('DC', 2);
  early.receive(cableCheck);
  assert.is(early.last(), 'CableCheckRes:FAILED_SequenceError');
  for (const type of ['channel.closed', 'channel.invalid'] as const) {
    const s = at('DC', 10);
    s.actor.send({ type, reason: 'the test' });
    assert.ok(state(s).startsWith('failed'), `${type}: ${state(s)}`);
  }
});

test('an EV asking beyond the EVSE\'s limits: answered OK with the limit flags, the power stage never commanded beyond them', () => {
  const s = at('DC', 7, { ...READY, maxVoltage: 500, maxCurrent: 200, maxPower: 50_000 });
  s.receive({ PreChargeReq: { DC_EVStatus: EV_STATUS, EVTargetVoltage: V(950), EVTargetCurrent: A(600) } });
  s.receive(powerDelivery('Start'));
  s.receive({ CurrentDemandReq: { DC_EVStatus: EV_STATUS, EVTargetCurrent: A(600), EVTargetVoltage: V(950), ChargingComplete: false } });
  assert.is(s.last(), 'CurrentDemandRes:OK', 'a target beyond the limits is no reason to refuse');
  const demand = s.sent.at(-1)!.V2G_Message.Body.CurrentDemandRes!;
  assert.equal([demand.EVSEVoltageLimitAchieved, demand.EVSECurrentLimitAchieved, demand.EVSEPowerLimitAchieved], [true, true, true]);
  assert.equal(s.emitted.filter((e) => /"type":"(precharge|deliver)"/.test(e)), [
    'evse.command {"type":"precharge","voltage":500,"current":100}',
    'evse.command {"type":"deliver","voltage":500,"current":100}',
  ]);
});

test('EIM by a backend: asked at PaymentServiceSelection; Ongoing until the verdict, accepted → Finished, refused → FAILED', () => {
  const NOT_YET: EvseStatus = { ...READY, authorized: false };
  for (const verdict of ['accepted', 'refused'] as const) {
    const s = at('AC', 3, NOT_YET);
    assert.ok(s.emitted.some((e) => e === 'backend.ask'), 'asked once EIM is chosen');
    s.receive(authorization);
    assert.is(s.sent.at(-1)!.V2G_Message.Body.AuthorizationRes?.EVSEProcessing, 'Ongoing_WaitingForCustomerInteraction');
    s.advance(30_000);
    s.actor.send({ type: 'backend.reply', reply: { kind: 'authorization', verdict } });
    s.receive(authorization);
    assert.is(s.last(), verdict === 'accepted' ? 'AuthorizationRes:OK' : 'AuthorizationRes:FAILED');
    assert.is(state(s), verdict === 'accepted' ? 'WaitForChargeParameterDiscovery' : 'failed: FAILED answered to AuthorizationReq');
    assert.is(s.emitted.filter((e) => e === 'backend.ask').length, 1);
  }
});

test('every transition of the ISO-2 SECC was taken', () => {
  assert.equal(coverage.missing(iso2SeccMachine), []);
});

test.run();
