/**
 * The ISO 15118-20 EVCC's pure parts, each as a table: its reading of every response it judges, what the loop does
 * between two requests, the power it aims for (Scheduled band, Dynamic target, BPT limits), the energy counted both
 * ways, the EVSE view, the request names, and the requests of every step for each service × control mode, strictly
 * encoded.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { decode, encode } from '../../codecs/exi/index.js';
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import { authorizationAnswer } from '../../machines/iso20/evcc/iso20-evcc-authorization.js';
import { authorizationChoice } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';
import { chargeParametersProblem } from '../../machines/iso20/evcc/iso20-evcc-charge-parameter-discovery.js';
import { readLoop } from '../../machines/iso20/evcc/iso20-evcc-charge-loop.js';
import { initialIso20EvccContext, NO_WISHES, type Iso20EvccContext, type Iso20EvccStep } from '../../machines/iso20/evcc/iso20-evcc-context.js';
import { energyAt, energyWithPower, NO_ENERGY } from '../../machines/iso20/evcc/iso20-evcc-energy.js';
import { iso20EvseViewAfter } from '../../machines/iso20/evcc/iso20-evcc-evse-view.js';
import { loopDecision } from '../../machines/iso20/evcc/iso20-evcc-loop.js';
import { unwrapIso20Response } from '../../machines/iso20/evcc/iso20-evcc-messages.js';
import { energyRequests, iso20EvccRequest, iso20EvccRequestOf } from '../../machines/iso20/evcc/iso20-evcc-requests.js';
import { answerScheduleExchange, stepAfterScheduleExchange } from '../../machines/iso20/evcc/iso20-evcc-schedule-exchange.js';
import { isEnergyServiceDetail, pickParameterSet, pickValueAddedParameterSet } from '../../machines/iso20/evcc/iso20-evcc-service-detail.js';
import { answerServiceDiscovery } from '../../machines/iso20/evcc/iso20-evcc-service-discovery.js';
import { dischargeCapability, dynamicTarget, evPowerWish, schedulePowerAt, setpoint } from '../../machines/iso20/evcc/iso20-evcc-setpoint.js';
import { acChargeLoopRes } from '../../machines/iso20/iso20-ac-messages.js';
import { dcChargeLoopRes, dcChargeParameterDiscoveryRes, dcPreChargeRes } from '../../machines/iso20/iso20-dc-messages.js';
import { scheduleExchangeRes, type ScheduleTupleFacts } from '../../machines/iso20/iso20-schedule-exchange.js';
import { serviceDetailRes, serviceDiscoveryRes } from '../../machines/iso20/iso20-service-messages.js';
import { ENERGY_SERVICES, type ParameterSetFacts } from '../../machines/iso20/iso20-services.js';
import { authorizationRes, authorizationSetupRes } from '../../machines/iso20/iso20-setup-messages.js';
import { UNKNOWN_EVSE } from '../../machines/session/evcc/evse-view-after.js';
import { CTX, parameterSetOf } from './session-facts.js';
import { evccInput, VEHICLE } from './evcc-wiring.js';

/** The element of a built document. */
const element = <T>(doc: { document: object }): T => Object.values(doc.document)[0] as T;

const clock = new SimulatedClock();
clock.set(1_765_000_000_000);

function context(service: (typeof ENERGY_SERVICES)[number], mode: 'Scheduled' | 'Dynamic', change: Partial<Iso20EvccContext> = {}): Iso20EvccContext {
  return { ...initialIso20EvccContext(evccInput(service, mode, clock)), ...change };
}

test('AuthorizationSetupRes and AuthorizationRes', () => {
  const setup = (services: ('EIM' | 'PnC')[]) => element<never>(authorizationSetupRes(CTX, { responseCode: 'OK', services, certificateInstallationService: false }));
  assert.is(authorizationChoice({ authorization: 'EIM' }, setup(['PnC', 'EIM'])), 'EIM');
  assert.is(authorizationChoice({ authorization: 'EIM' }, setup(['PnC'])), undefined);
  const table = [
    ['OK', 'Finished', 'granted'],
    ['OK', 'Ongoing', 'ongoing'],
    ['OK', 'Ongoing_WaitingForCustomerInteraction', 'ongoing'],
    ['WARNING_EIMAuthorizationFailure', 'Finished', 'refused'],
    ['WARNING_AuthorizationSelectionInvalid', 'Ongoing', 'refused'],
  ] as const;
  for (const [code, processing, answer] of table) {
    assert.is(authorizationAnswer(element(authorizationRes(CTX, { responseCode: code, processing }))), answer, `${code} ${processing}`);
  }
});

test('ServiceDiscoveryRes: the energy service must be offered; details asked for it first, then the wanted VAS offered', () => {
  const res = (ids: number[], vas: number[], renegotiation = true) =>
    element<never>(serviceDiscoveryRes(CTX, {
      responseCode: 'OK',
      serviceRenegotiationSupported: renegotiation,
      energyServices: ids.map((serviceId) => ({ serviceId, free: false })),
      valueAddedServices: vas.map((serviceId) => ({ serviceId, free: true })),
    }));
  assert.equal(answerServiceDiscovery({ service: 'DC' }, res([1], [])), { usable: false });
  assert.equal(answerServiceDiscovery({ service: 'DC_BPT', valueAddedServices: [65, 66] }, res([2, 6], [66], false)), {
    usable: true,
    serviceDetailQueue: [6, 66],
    serviceRenegotiationSupported: false,
  });
});

test('ServiceDetailRes: a parameter set of the control mode, Unified BPTChannel first', () => {
  const separated: ParameterSetFacts = { ...(parameterSetOf('DC_BPT', 'Dynamic') as Extract<ParameterSetFacts, { service: 'DC_BPT' }>), id: 4, bptChannel: 'Separated' };
  const unified: ParameterSetFacts = { ...parameterSetOf('DC_BPT', 'Dynamic'), id: 5 };
  const res = (sets: ParameterSetFacts[]) => element<never>(serviceDetailRes(CTX, { responseCode: 'OK', serviceId: 6, parameterSets: sets }));
  assert.is(pickParameterSet({ service: 'DC_BPT', controlMode: 'Dynamic' }, res([separated, unified]))?.id, 5);
  assert.is(pickParameterSet({ service: 'DC_BPT', controlMode: 'Dynamic' }, res([separated]))?.id, 4);
  assert.is(pickParameterSet({ service: 'DC_BPT', controlMode: 'Scheduled' }, res([separated, unified])), undefined);
  assert.ok(isEnergyServiceDetail({ service: 'DC_BPT' }, res([unified])));
  const internet = element<never>(serviceDetailRes(CTX, { responseCode: 'OK', serviceId: 65, parameterSets: [{ service: 'Internet', id: 3, protocol: 'https', port: 443 }, { service: 'Internet', id: 4, protocol: 'http', port: 80 }] }));
  assert.equal(pickValueAddedParameterSet(internet), { serviceId: 65, parameterSetId: 3 });
  assert.not.ok(isEnergyServiceDetail({ service: 'DC' }, res([unified])));
});

test('ChargeParameterDiscoveryRes: the BPT element for a BPT service, the plain one otherwise, limits that can charge the vehicle', () => {
  const missing = 'ChargeParameterDiscoveryRes without the energy transfer mode of the service selected';
  const chargeParametersUsable = (input: { service: 'DC' | 'DC_BPT' }, res: never) => chargeParametersProblem(input, VEHICLE, res) === undefined;
  const q = { MaximumChargePower: 1, MinimumChargePower: 0, MaximumChargeCurrent: 1, MinimumChargeCurrent: 0, MaximumVoltage: 500, MinimumVoltage: 0 };
  const bptQ = { ...q, MaximumDischargePower: 1, MinimumDischargePower: 0, MaximumDischargeCurrent: 1, MinimumDischargeCurrent: 0 };
  const plain = element<never>(dcChargeParameterDiscoveryRes(CTX, { responseCode: 'OK', limits: { bpt: false, quantities: q } }));
  const bpt = element<never>(dcChargeParameterDiscoveryRes(CTX, { responseCode: 'OK', limits: { bpt: true, quantities: bptQ } }));
  assert.equal([chargeParametersUsable({ service: 'DC' }, plain), chargeParametersUsable({ service: 'DC' }, bpt)], [true, false]);
  assert.equal([chargeParametersUsable({ service: 'DC_BPT' }, plain), chargeParametersUsable({ service: 'DC_BPT' }, bpt)], [false, true]);
  const failed = { Header: { SessionID: CTX.sessionId, TimeStamp: 0n }, ResponseCode: 'FAILED' } as never;
  assert.not.ok(chargeParametersUsable({ service: 'DC' }, failed));
  assert.is(chargeParametersProblem({ service: 'DC' }, VEHICLE, bpt), missing);
  const low = element<never>(dcChargeParameterDiscoveryRes(CTX, { responseCode: 'OK', limits: { bpt: false, quantities: { ...q, MaximumVoltage: 300 } } }));
  assert.is(chargeParametersProblem({ service: 'DC' }, VEHICLE, low), "the EVSE cannot charge this vehicle: EVSEMaximumVoltageLimit 300 V is below the battery's 380 V");
});

const tuple = (id: number, power: number): ScheduleTupleFacts => ({ id, charging: { power: { timeAnchorS: 0, entries: [{ durationS: 3600, power }] } } });

test('ScheduleExchangeRes: the tuple picked, a pause, a failed renegotiation, a mode the EV did not ask for', () => {
  const scheduled = (tuples: ScheduleTupleFacts[], extra: object = {}) =>
    element<never>(scheduleExchangeRes(CTX, { responseCode: 'OK', processing: 'Finished', control: { mode: 'Scheduled', tuples }, ...extra }));
  const dynamic = element<never>(scheduleExchangeRes(CTX, { responseCode: 'OK', processing: 'Finished', control: { mode: 'Dynamic' } }));
  assert.equal(answerScheduleExchange({ controlMode: 'Scheduled' }, scheduled([tuple(1, 0), tuple(2, 11_000)]), false), { next: 'scheduled', schedule: tuple(2, 11_000) });
  assert.equal(answerScheduleExchange({ controlMode: 'Scheduled' }, scheduled([tuple(1, -3_000)]), false), { next: 'scheduled', schedule: tuple(1, -3_000) });
  assert.equal(answerScheduleExchange({ controlMode: 'Scheduled' }, dynamic, false), { next: 'unusable' });
  assert.equal(answerScheduleExchange({ controlMode: 'Dynamic' }, dynamic, false), { next: 'dynamic' });
  assert.equal(answerScheduleExchange({ controlMode: 'Dynamic' }, scheduled([tuple(1, 1)], { goToPause: true }), false), { next: 'pause' });
  const warning = element<never>(scheduleExchangeRes(CTX, { responseCode: 'WARNING_ScheduleRenegotiationFailed', processing: 'Finished', control: { mode: 'Scheduled', tuples: [tuple(4, 1)] } }));
  assert.equal(answerScheduleExchange({ controlMode: 'Scheduled' }, warning, true), { next: 'keep' });
  assert.equal(answerScheduleExchange({ controlMode: 'Scheduled' }, warning, false), { next: 'scheduled', schedule: tuple(4, 1) });
  const input = (protocol: 'iso20-dc' | 'iso20-ac') => ({ controlMode: 'Scheduled' as const, protocol });
  const table = [
    [input('iso20-dc'), false, scheduled([tuple(1, 1)]), 'cableCheck'],
    [input('iso20-dc'), true, scheduled([tuple(1, 1)]), 'powerDelivery'],
    [input('iso20-ac'), false, scheduled([tuple(1, 1)]), 'powerDelivery'],
    [input('iso20-dc'), true, warning, 'powerDelivery'],
    [input('iso20-dc'), false, scheduled([tuple(1, 1)], { goToPause: true }), 'end'],
    [input('iso20-dc'), true, scheduled([tuple(1, 1)], { goToPause: true }), 'stopThenPause'],
    [input('iso20-dc'), false, dynamic, 'end'],
  ] as const;
  for (const [i, renegotiating, res, step] of table) assert.is(stepAfterScheduleExchange({ input: i, renegotiating }, res), step);
});

test('ChargeLoopRes: the control element AC and DC, and a MeterInfo only when it can be repeated exactly', () => {
  const meter = { meterId: 'M', chargedWh: 1_000, dischargedWh: 20 };
  const dcRes = element<never>(dcChargeLoopRes(CTX, {
    responseCode: 'OK', meter, presentCurrent: -20, presentVoltage: 400, powerLimitAchieved: false, currentLimitAchieved: false, voltageLimitAchieved: false,
    control: { mode: 'Dynamic', bpt: true, quantities: { MaximumChargePower: 1, MinimumChargePower: 0, MaximumChargeCurrent: 1, MaximumVoltage: 500, MaximumDischargePower: 9, MinimumDischargePower: 0, MaximumDischargeCurrent: 2, MinimumVoltage: 100 } },
  }));
  assert.equal(readLoop(dcRes).meter, meter);
  assert.is(readLoop(dcRes).control?.quantities['MaximumDischargePower'], 9);
  const acRes = element<never>(acChargeLoopRes(CTX, { responseCode: 'OK', control: { mode: 'Dynamic', bpt: false, quantities: { TargetActivePower: -3_000 } } }));
  assert.equal(readLoop(acRes), { control: { mode: 'Dynamic', quantities: { TargetActivePower: -3_000 }, bpt: false } });
  const huge = { ...(dcRes as object), MeterInfo: { MeterID: 'M', ChargedEnergyReadingWh: 2n ** 64n - 1n } } as never;
  assert.is(readLoop(huge).meter, undefined);
});

test('between two loop requests: stops first, then renegotiation, metering confirmation, standby', () => {
  const base = context('DC', 'Scheduled');
  type Notification = NonNullable<Iso20EvccContext['notification']>['notification'];
  const at = (change: Partial<Iso20EvccContext>, notification?: Notification, limits = {}) =>
    loopDecision({ ...base, ...change, evse: { ...UNKNOWN_EVSE, limits }, ...(notification ? { notification: { notification, in: 'DC_ChargeLoopRes' } } : {}) });
  const table: readonly (readonly [Partial<Iso20EvccContext>, Notification | undefined, ReturnType<typeof loopDecision>])[] = [
    [{}, undefined, { next: 'continue' }],
    [{ evseEnding: 'earlier' }, undefined, { next: 'stop', kind: 'Terminate' }],
    [{}, 'Terminate', { next: 'stop', kind: 'Terminate', evseEnding: 'EVSENotification Terminate in DC_ChargeLoopRes' }],
    [{}, 'Pause', { next: 'stop', kind: 'Pause', evseEnding: 'EVSENotification Pause in DC_ChargeLoopRes' }],
    [{}, 'ServiceRenegotiation', { next: 'stop', kind: 'ServiceRenegotiation', evseEnding: 'EVSENotification ServiceRenegotiation in DC_ChargeLoopRes' }],
    [{ vehicle: { ...VEHICLE, stopRequested: true } }, undefined, { next: 'stop', kind: 'Terminate' }],
    [{ vehicle: { ...VEHICLE, soc: 90 } }, undefined, { next: 'stop', kind: 'Terminate' }],
    [{ wishes: { ...NO_WISHES, pause: true } }, undefined, { next: 'stop', kind: 'Pause' }],
    [{ wishes: { ...NO_WISHES, serviceRenegotiation: true }, serviceRenegotiationSupported: true }, undefined, { next: 'stop', kind: 'ServiceRenegotiation' }],
    [{ wishes: { ...NO_WISHES, serviceRenegotiation: true } }, undefined, { next: 'continue' }],
    [{}, 'ScheduleRenegotiation', { next: 'scheduleRenegotiation' }],
    [{ wishes: { ...NO_WISHES, scheduleRenegotiation: true } }, undefined, { next: 'scheduleRenegotiation' }],
    [{ meter: { meterId: 'M', chargedWh: 1 } }, 'MeteringConfirmation', { next: 'meteringConfirmation' }],
    [{}, 'MeteringConfirmation', { next: 'continue' }],
    [{ wishes: { ...NO_WISHES, standby: true } }, undefined, { next: 'standby' }],
    [{ wishes: { ...NO_WISHES, standby: true }, standby: true }, undefined, { next: 'continue' }],
    [{ wishes: { ...NO_WISHES, standby: true }, standby: true }, 'ExitStandby', { next: 'exitStandby' }],
    [{ standby: true }, undefined, { next: 'exitStandby' }],
    // Every stop before any other reaction.
    [{ wishes: { ...NO_WISHES, pause: true, standby: true, scheduleRenegotiation: true } }, 'ScheduleRenegotiation', { next: 'stop', kind: 'Pause' }],
  ];
  for (const [change, notification, decision] of table) assert.equal(at(change, notification), decision, JSON.stringify([change, notification]));
  assert.equal(at({}, undefined, { maxVoltage: 300 }), { next: 'stop', kind: 'Terminate', evseEnding: "the EVSE cannot charge this vehicle: EVSEMaximumVoltageLimit 300 V is below the battery's 380 V" });
});

test('the power the EV aims for: its wish, the schedule band, the SECC target, the discharge bounds', () => {
  assert.is(evPowerWish(VEHICLE), 38_000);
  assert.is(evPowerWish({ ...VEHICLE, stopRequested: true }), 0);
  assert.is(dischargeCapability(VEHICLE), 11_000);
  assert.is(dischargeCapability({ ...VEHICLE, maxDischargeCurrent: 10 }), 3_800);
  assert.is(dischargeCapability({ ...VEHICLE, dischargeAllowed: false }), 0);
  assert.is(dischargeCapability({ ...VEHICLE, soc: 20 }), 0, 'at the minimum SoC');
  const band: ScheduleTupleFacts = {
    id: 1,
    charging: { power: { timeAnchorS: 0, entries: [{ durationS: 10, power: 20_000 }, { durationS: 10, power: -5_000 }, { durationS: 10, power: 1_000, power_L2: 1_000, power_L3: 1_000 }] } },
    discharging: { power: { timeAnchorS: 0, entries: [{ durationS: 30, power: -8_000 }] } },
  };
  assert.equal([0, 9.9, 10, 20, 30].map((s) => schedulePowerAt(band.charging, s)), [20_000, 20_000, -5_000, 3_000, undefined]);
  const scheduled = (service: 'DC' | 'DC_BPT', atS: number, vehicle: VehicleStatus = VEHICLE) =>
    setpoint(context(service, 'Scheduled', { schedule: band, scheduleAnchorMs: 0, vehicle }), atS * 1000);
  assert.equal([scheduled('DC_BPT', 0), scheduled('DC_BPT', 15), scheduled('DC_BPT', 25), scheduled('DC_BPT', 40)], [20_000, -5_000, 3_000, 0]);
  assert.is(scheduled('DC', 15), 0, 'no discharge outside BPT');
  assert.is(scheduled('DC_BPT', 15, { ...VEHICLE, maxDischargePower: 2_000 }), -2_000, 'within the vehicle discharge limit');
  assert.is(scheduled('DC_BPT', 0, { ...VEHICLE, targetCurrent: 10 }), 3_800, 'the BMS asks for less than the schedule allows');
  assert.is(setpoint(context('DC', 'Scheduled', { schedule: band, standby: true }), 0), 0, 'standby');
  const dynamic = (quantities: Record<string, number>, service: 'AC' | 'AC_BPT' = 'AC_BPT') =>
    setpoint(context(service, 'Dynamic', { loopControl: { mode: 'Dynamic', quantities } }), 0);
  assert.is(dynamicTarget({ mode: 'Dynamic', quantities: { TargetActivePower: 3_000, TargetActivePower_L2: 3_000, TargetActivePower_L3: 3_000 } }), 9_000);
  assert.equal([dynamic({ TargetActivePower: 11_000 }), dynamic({ TargetActivePower: -20_000 }), dynamic({ TargetActivePower: -4_000 }, 'AC'), dynamic({ TargetActivePower: 1e6 })], [11_000, -11_000, 0, 80_000]);
});

test('energy counted both ways over the clock', () => {
  let count = energyWithPower(NO_ENERGY, 36_000, 0);
  count = energyWithPower(count, -18_000, 100_000);
  count = energyAt(count, 300_000);
  assert.equal([count.chargedWh, count.dischargedWh], [1_000, 1_000]);
});

test('energy requests kept in order, derived from the SoC where the vehicle does not state them', () => {
  assert.equal(energyRequests(VEHICLE), { TargetEnergyRequest: 24_000, MaximumEnergyRequest: 30_000, MinimumEnergyRequest: -12_000 });
  assert.equal(energyRequests({ ...VEHICLE, energyRequest: 90_000, minimumEnergyRequest: 50_000, maximumEnergyRequest: 40_000 }), {
    TargetEnergyRequest: 40_000,
    MaximumEnergyRequest: 40_000,
    MinimumEnergyRequest: 40_000,
  });
});

test('the EVSE view: present values, the limits of ChargeParameterDiscoveryRes, the notification, Terminate as a stop', () => {
  const pre = element<never>(dcPreChargeRes(CTX, { responseCode: 'OK', presentVoltage: 379.5 }));
  assert.is(iso20EvseViewAfter(UNKNOWN_EVSE, 'DC_PreChargeRes', pre).presentVoltage, 379.5);
  const cpd = element<never>(dcChargeParameterDiscoveryRes(CTX, {
    responseCode: 'OK',
    limits: { bpt: false, quantities: { MaximumChargePower: 150_000, MinimumChargePower: 0, MaximumChargeCurrent: 300, MinimumChargeCurrent: 0, MaximumVoltage: 920, MinimumVoltage: 150 } },
  }));
  assert.equal(iso20EvseViewAfter(UNKNOWN_EVSE, 'DC_ChargeParameterDiscoveryRes', cpd).limits, { maxVoltage: 920, maxCurrent: 300, maxPower: 150_000, minVoltage: 150 });
  const loop = (notification?: 'Terminate' | 'Pause') => element<never>(dcChargeLoopRes(CTX, {
    responseCode: 'OK', ...(notification ? { notification: { notification, maxDelayS: 5 } } : {}), presentCurrent: -12.5, presentVoltage: 401,
    powerLimitAchieved: false, currentLimitAchieved: false, voltageLimitAchieved: false, control: { mode: 'Scheduled', bpt: false, quantities: {} },
  }));
  const terminated = iso20EvseViewAfter(UNKNOWN_EVSE, 'DC_ChargeLoopRes', loop('Terminate'));
  assert.equal([terminated.presentCurrent, terminated.notification, terminated.verdict], [-12.5, 'Terminate', { action: 'stop', reason: 'EVSENotification Terminate in DC_ChargeLoopRes' }]);
  assert.equal([iso20EvseViewAfter(terminated, 'DC_ChargeLoopRes', loop()).notification, iso20EvseViewAfter(terminated, 'x', loop('Pause')).verdict], ['None', undefined]);
});

test('responses unwrapped by element and Header; AC_/DC_ dropped from the event', () => {
  const loop = dcPreChargeRes(CTX, { responseCode: 'OK', presentVoltage: 1 });
  const unwrapped = unwrapIso20Response(loop);
  assert.ok(unwrapped.ok && unwrapped.event.type === 'PreChargeRes' && unwrapped.name === 'DC_PreChargeRes');
  assert.equal(unwrapIso20Response({ schema: 'iso20-common', document: { SessionStopReq: { Header: { SessionID: CTX.sessionId, TimeStamp: 0n }, ChargingSession: 'Pause' } } }), { ok: false, reason: 'SessionStopReq received, a response expected' });
  const short = { schema: 'iso20-dc', document: { DC_PreChargeRes: { ...element<object>(loop), Header: { SessionID: new Uint8Array(4), TimeStamp: 0n } } } } as never;
  assert.equal(unwrapIso20Response(short), { ok: false, reason: 'DC_PreChargeRes with a SessionID of 4 bytes, not 8' });
});

test('request names by step and namespace', () => {
  const dc = context('DC', 'Scheduled');
  const ac = context('AC', 'Scheduled');
  const table: readonly (readonly [Iso20EvccStep, string, string])[] = [
    ['SessionSetup', 'SessionSetupReq', 'SessionSetupReq'],
    ['ChargeParameterDiscovery', 'DC_ChargeParameterDiscoveryReq', 'AC_ChargeParameterDiscoveryReq'],
    ['ChargeLoop', 'DC_ChargeLoopReq', 'AC_ChargeLoopReq'],
    ['CableCheck', 'DC_CableCheckReq', 'DC_CableCheckReq'],
    ['PowerDeliveryStandby', 'PowerDeliveryReq', 'PowerDeliveryReq'],
    ['MeteringConfirmation', 'MeteringConfirmationReq', 'MeteringConfirmationReq'],
  ];
  for (const [step, forDc, forAc] of table) assert.equal([iso20EvccRequestOf(step, dc), iso20EvccRequestOf(step, ac)], [forDc, forAc]);
});

const STEPS: readonly Iso20EvccStep[] = [
  'SessionSetup', 'AuthorizationSetup', 'Authorization', 'ServiceDiscovery', 'ServiceDetail', 'ServiceSelection', 'ChargeParameterDiscovery',
  'ScheduleExchange', 'PowerDeliveryStart', 'ChargeLoop', 'MeteringConfirmation', 'PowerDeliveryStandby', 'PowerDeliveryScheduleRenegotiation',
  'PowerDeliveryStop', 'SessionStop',
];
const DC_STEPS: readonly Iso20EvccStep[] = ['CableCheck', 'PreCharge', 'WeldingDetection'];

for (const service of ENERGY_SERVICES) {
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    test(`${service} × ${mode}: every step's request is complete and valid by the strict encoder, with its Header`, () => {
      const ctx = context(service, mode, {
        sessionId: CTX.sessionId,
        parameterSet: parameterSetOf(service, mode),
        schedule: tuple(2, 10_000),
        scheduleAnchorMs: clock.now(),
        meter: { meterId: 'M', chargedWh: 100, dischargedWh: 5 },
        loopControl: { mode, quantities: { TargetActivePower: -2_000 } },
        vehicle: { ...VEHICLE, departureTime: 3_600 },
      });
      const steps = ctx.input.protocol === 'iso20-dc' ? [...STEPS, ...DC_STEPS] : STEPS;
      for (const step of steps) {
        const doc = iso20EvccRequest(ctx, step)(CTX.sessionId);
        const back = decode(doc.schema, encode(doc.schema, doc.document));
        assert.equal(back, doc.document, step);
        assert.equal(element<{ Header: unknown }>(doc).Header, { SessionID: CTX.sessionId, TimeStamp: 1_765_000_000n }, step);
        assert.is(Object.keys(doc.document)[0], iso20EvccRequestOf(step, ctx), step);
      }
    });
  }
}

test.run();
