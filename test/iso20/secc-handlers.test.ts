/**
 * The -20 SECC's handlers one by one, from tables of session state × request: the response code, the route the chart
 * takes, EVSEProcessing, the power commands, the facts left and what the response says; every response, wrapped by
 * the envelope, passes the strict encoder.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvseStatus } from '../../adapters/evse.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { serviceDetailReq, serviceDiscoveryReq } from '../../machines/iso20/iso20-service-messages.js';
import { fromRational } from '../../machines/iso20/iso20-rational.js';
import type { RationalNumberType } from '../../codecs/exi/generated/iso20-types.types.js';
import { ISO20_ENVELOPE } from '../../machines/iso20/secc/iso20-envelope.js';
import type { Iso20Answer } from '../../machines/iso20/secc/iso20-secc-answer.js';
import { initialIso20Facts, type Iso20AnswerContext, type Iso20SeccFacts, type Iso20SeccInput } from '../../machines/iso20/secc/iso20-secc-context.js';
import { answerTo } from '../../machines/iso20/secc/iso20-secc-handlers.js';
import type { EnergyPlan } from '../../machines/session/secc/secc-pending.js';
import { ev, EVSE20, overTheWire, seccInput, SESSION_ID, START_MS, type Step } from './secc-harness.js';

const NOW_S = START_MS / 1000;
const DC = ev('DC', 'Scheduled');
const DC_BPT_DYNAMIC = ev('DC_BPT', 'Dynamic');
const AC = ev('AC', 'Scheduled');
const AC_BPT_DYNAMIC = ev('AC_BPT', 'Dynamic');

/** A plan with a discharge slot from 60 s to 90 s after now. */
const SCHEDULED: EnergyPlan = {
  control: 'Scheduled',
  tuples: [
    {
      id: 1,
      charging: { power: { timeAnchorS: NOW_S, entries: [{ durationS: 60, power: 40_000 }, { durationS: 30, power: -10_000 }, { durationS: 86_310, power: 40_000 }] } },
      discharging: { power: { timeAnchorS: NOW_S, entries: [{ durationS: 86_400, power: -10_000 }] } },
    },
  ],
};
const DYNAMIC: EnergyPlan = { control: 'Dynamic', timeAnchorS: NOW_S, departureS: 3_600, targetSoc: 80, targets: [{ durationS: 60, power: 20_000 }, { durationS: 86_340, power: -8_000 }] };

interface Row {
  readonly name: string;
  readonly step: Step;
  readonly facts?: Partial<Iso20SeccFacts> & { readonly pending?: Iso20AnswerContext['pending'] };
  readonly input?: Partial<Iso20SeccInput>;
  readonly evse?: Partial<EvseStatus>;
  /** The connection's namespace; default by the request's schema, DC for the common messages. */
  readonly protocol?: 'iso20-ac' | 'iso20-dc';
  /** Seconds after START the request comes. */
  readonly at?: number;
  readonly code: string;
  readonly route?: string;
  readonly processing?: string;
  readonly commands?: readonly object[];
  readonly update?: Partial<Iso20SeccFacts>;
  readonly response?: (element: Record<string, unknown>) => void;
}

const selected = (service: 'DC' | 'DC_BPT' | 'AC' | 'AC_BPT', control: 'Scheduled' | 'Dynamic' = 'Scheduled') =>
  ({ selection: { service, control, parameterSetId: control === 'Scheduled' ? 1 : 2 } }) as const;

function run(row: Row): { answer: Iso20Answer; element: Record<string, unknown> } {
  const nowMs = START_MS + (row.at ?? 0) * 1000;
  const request = row.step({ sessionId: SESSION_ID, nowMs });
  const protocol = row.protocol ?? (request.schema === 'iso20-ac' ? 'iso20-ac' : 'iso20-dc');
  const [name, element] = Object.entries(request.document)[0] as [string, { Header: { SessionID: Uint8Array } }];
  const { pending = {}, ...facts } = row.facts ?? {};
  const ctx: Iso20AnswerContext = { ...initialIso20Facts(), ...facts, input: seccInput(protocol, row.input), sessionId: SESSION_ID, evse: { ...EVSE20, ...row.evse }, pending };
  const answer = answerTo(name, element, ctx, element.Header.SessionID, nowMs);
  if (answer === undefined) throw new Error(`${name}: no handler`);
  // The response as the EV reads it: wrapped by the envelope, through the strict codec.
  const sent = overTheWire(ISO20_ENVELOPE.wrap(answer.sessionId ?? SESSION_ID, answer.body, nowMs) as V2gDocument);
  return { answer, element: Object.values(sent.document)[0] as Record<string, unknown> };
}

function check(rows: readonly Row[]): void {
  for (const row of rows) {
    const { answer, element } = run(row);
    assert.is(answer.code, row.code, row.name);
    assert.is(element.ResponseCode, row.code, `${row.name}: the response carries the code`);
    assert.is(answer.route, row.route, `${row.name}: route`);
    assert.is(answer.processing, row.processing, `${row.name}: processing`);
    if (row.commands) assert.equal(answer.commands, row.commands, `${row.name}: commands`);
    if (row.update) for (const [key, value] of Object.entries(row.update)) assert.equal(answer.update?.[key as keyof Iso20SeccFacts], value, `${row.name}: ${key}`);
    row.response?.(element);
  }
}

test('SessionSetup, AuthorizationSetup, Authorization', () => {
  check([
    { name: 'SessionSetup new', step: DC.sessionSetup, code: 'OK_NewSessionEstablished', response: (e) => assert.is(e.EVSEID, 'DE*KPR*E1234567*1') },
    {
      name: 'SessionSetup joins a paused one',
      step: (c) => DC.sessionSetup({ ...c, sessionId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9) }),
      input: { pausedSessionIds: [Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9)] },
      code: 'OK_OldSessionJoined',
      response: (e) => assert.equal((e.Header as { SessionID: Uint8Array }).SessionID, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9)),
    },
    { name: 'AuthorizationSetup: EIM only', step: DC.authorizationSetup, code: 'OK', response: (e) => assert.equal([e.AuthorizationServices, e.EIM_ASResAuthorizationMode, e.CertificateInstallationService], [['EIM'], {}, false]) },
    { name: 'Authorization accepted at the EVSE', step: DC.authorization, code: 'OK', processing: 'Finished' },
    { name: 'Authorization pending', step: DC.authorization, evse: { authorized: false }, code: 'OK', processing: 'Ongoing_WaitingForCustomerInteraction', response: (e) => assert.is(e.EVSEProcessing, 'Ongoing_WaitingForCustomerInteraction') },
    { name: 'Authorization accepted by the backend', step: DC.authorization, evse: { authorized: false }, facts: { pending: { authorization: { kind: 'authorization', verdict: 'accepted' } } }, code: 'OK', processing: 'Finished' },
    { name: 'Authorization refused', step: DC.authorization, evse: { authorized: false }, facts: { pending: { authorization: { kind: 'authorization', verdict: 'refused' } } }, code: 'WARNING_EIMAuthorizationFailure', route: 'refused' },
  ]);
});

test('ServiceDiscovery, ServiceDetail, ServiceSelection', () => {
  const vas = { valueAddedServices: [{ service: 'Internet', id: 1, protocol: 'https', port: 443 }, { service: 'ParkingStatus', id: 1, intendedService: 'VehicleCheckIn', parkingStatus: 'AutoInternal' }] } as const;
  check([
    {
      name: 'ServiceDiscovery: the namespace\'s services, VAS left out when none',
      step: DC.serviceDiscovery,
      code: 'OK',
      update: { selection: undefined },
      response: (e) => assert.equal([e.EnergyTransferServiceList, e.VASList, e.ServiceRenegotiationSupported], [{ Service: [{ ServiceID: 2, FreeService: false }, { ServiceID: 6, FreeService: false }] }, undefined, true]),
    },
    {
      name: 'ServiceDiscovery AC with VAS, filtered by the EV',
      step: (c) => serviceDiscoveryReq(c, [1, 65]),
      protocol: 'iso20-ac',
      input: vas,
      code: 'OK',
      response: (e) => assert.equal([e.EnergyTransferServiceList, e.VASList], [{ Service: [{ ServiceID: 1, FreeService: false }] }, { Service: [{ ServiceID: 65, FreeService: true }] }]),
    },
    { name: 'ServiceDiscovery with nothing offered in the namespace', step: DC.serviceDiscovery, input: { services: ['AC'] }, code: 'FAILED' },
    { name: 'ServiceDetail DC: a set per control mode', step: DC.serviceDetail, code: 'OK', response: (e) => assert.is((e.ServiceParameterList as { ParameterSet: unknown[] }).ParameterSet.length, 2) },
    { name: 'ServiceDetail of a VAS', step: (c) => serviceDetailReq(c, 66), input: vas, code: 'OK' },
    { name: 'ServiceDetail of AC on a DC connection', step: AC.serviceDetail, code: 'FAILED_ServiceIDInvalid' },
    { name: 'ServiceSelection DC Scheduled', step: DC.serviceSelection, code: 'OK', update: { selection: { service: 'DC', parameterSetId: 1, control: 'Scheduled' } } },
    { name: 'ServiceSelection DC_BPT Dynamic', step: DC_BPT_DYNAMIC.serviceSelection, code: 'OK', update: { selection: { service: 'DC_BPT', parameterSetId: 2, control: 'Dynamic' } } },
    { name: 'ServiceSelection of a control mode not offered', step: DC_BPT_DYNAMIC.serviceSelection, input: { controlModes: ['Scheduled'] }, code: 'FAILED_ServiceSelectionInvalid' },
    { name: 'ServiceSelection of AC on a DC connection', step: AC.serviceSelection, code: 'FAILED_ServiceSelectionInvalid' },
  ]);
});

test('ChargeParameterDiscovery: the stage\'s limits, BPT by variant, the other variant refused', () => {
  check([
    {
      name: 'DC',
      step: DC.chargeParameterDiscovery,
      facts: selected('DC'),
      code: 'OK',
      update: { evMaxVoltage: 450 },
      response: (e) => assert.ok(e.DC_CPDResEnergyTransferMode && !e.BPT_DC_CPDResEnergyTransferMode),
    },
    {
      name: 'DC_BPT: the discharge limits',
      step: DC_BPT_DYNAMIC.chargeParameterDiscovery,
      facts: selected('DC_BPT', 'Dynamic'),
      code: 'OK',
      response: (e) => assert.is(n((e.BPT_DC_CPDResEnergyTransferMode as Record<string, unknown>).EVSEMaximumDischargeCurrent), 100),
    },
    { name: 'DC plain after DC_BPT was selected', step: DC.chargeParameterDiscovery, facts: selected('DC_BPT'), code: 'FAILED_WrongChargeParameter' },
    { name: 'AC', step: AC.chargeParameterDiscovery, facts: selected('AC'), code: 'OK', response: (e) => assert.ok(e.AC_CPDResEnergyTransferMode) },
    { name: 'AC_BPT', step: AC_BPT_DYNAMIC.chargeParameterDiscovery, facts: selected('AC_BPT', 'Dynamic'), code: 'OK', response: (e) => assert.ok(e.BPT_AC_CPDResEnergyTransferMode) },
  ]);
});

test('ScheduleExchange: asked once, Ongoing until the plan, the plan offered; asked again when renegotiating', () => {
  check([
    { name: 'first: asks', step: DC.scheduleExchange, facts: selected('DC'), code: 'OK', processing: 'Ongoing' },
    { name: 'asked: Ongoing', step: DC.scheduleExchange, facts: { ...selected('DC'), pending: { schedule: 'asked' } }, code: 'OK', processing: 'Ongoing' },
    {
      name: 'the manager\'s plan',
      step: DC.scheduleExchange,
      facts: { ...selected('DC'), pending: { schedule: { kind: 'schedule', plan: SCHEDULED } } },
      code: 'OK',
      processing: 'Finished',
      route: 'dc',
      update: { plan: SCHEDULED },
      response: (e) => assert.is((e.Scheduled_SEResControlMode as { ScheduleTuple: unknown[] }).ScheduleTuple.length, 1),
    },
    {
      name: 'no manager: the stage\'s limits for a day',
      step: AC.scheduleExchange,
      facts: { ...selected('AC'), pending: { schedule: { kind: 'schedule' } } },
      code: 'OK',
      processing: 'Finished',
      route: 'ac',
    },
    {
      name: 'Dynamic: departure and target SoC',
      step: DC_BPT_DYNAMIC.scheduleExchange,
      facts: { ...selected('DC_BPT', 'Dynamic'), pending: { schedule: { kind: 'schedule', plan: DYNAMIC } } },
      code: 'OK',
      processing: 'Finished',
      route: 'dc',
      response: (e) => assert.equal(e.Dynamic_SEResControlMode, { DepartureTime: 3_600, TargetSOC: 80 }),
    },
    { name: 'renegotiating: asked again', step: DC.scheduleExchange, facts: { ...selected('DC'), renegotiating: true, pending: { schedule: { kind: 'schedule' } } }, code: 'OK', processing: 'Ongoing', update: { replanned: true } },
    { name: 'renegotiated', step: DC.scheduleExchange, facts: { ...selected('DC'), renegotiating: true, replanned: true, pending: { schedule: { kind: 'schedule' } } }, code: 'OK', processing: 'Finished', route: 'renegotiated' },
    { name: 'the other control mode', step: DC_BPT_DYNAMIC.scheduleExchange, facts: selected('DC'), code: 'FAILED' },
  ]);
  const asked = run({ name: 'ask', step: DC_BPT_DYNAMIC.scheduleExchange, facts: selected('DC_BPT', 'Dynamic'), code: 'OK' }).answer.ask;
  assert.equal(asked && asked.kind === 'schedule' && [asked.control, asked.bidirectional, asked.departureS, asked.targetEnergy, asked.maxDischargePower, asked.maxEntries], ['Dynamic', true, 7_200, 40_000, 50_000, 24]);
});

test('DC_CableCheck, DC_PreCharge, DC_WeldingDetection', () => {
  check([
    { name: 'CableCheck starts the test', step: DC.cableCheck, facts: { evMaxVoltage: 450 }, code: 'OK', processing: 'Ongoing', commands: [{ type: 'contactors', closed: true }, { type: 'isolationCheck', voltage: 450 }] },
    { name: 'CableCheck running', step: DC.cableCheck, facts: { isolationCheckStarted: true }, evse: { isolationCheckRunning: true }, code: 'OK', processing: 'Ongoing' },
    { name: 'CableCheck valid', step: DC.cableCheck, facts: { isolationCheckStarted: true }, code: 'OK', processing: 'Finished' },
    { name: 'CableCheck fault', step: DC.cableCheck, facts: { isolationCheckStarted: true }, evse: { isolation: 'Fault' }, code: 'FAILED' },
    { name: 'PreCharge: 2 A at most', step: DC.preCharge, evse: { presentVoltage: 380 }, code: 'OK', commands: [{ type: 'precharge', voltage: 400, current: 2 }], response: (e) => assert.is(n(e.EVSEPresentVoltage), 380) },
    { name: 'WeldingDetection', step: DC.weldingDetection, evse: { presentVoltage: 12 }, code: 'OK' },
  ]);
});

test('PowerDelivery: Start by the tuple picked, Stop, Standby, ScheduleRenegotiation, refusals', () => {
  const plan = { ...selected('DC'), plan: SCHEDULED };
  const bpt = { ...selected('DC_BPT'), plan: SCHEDULED };
  check([
    { name: 'Start', step: DC.powerDelivery('Start'), facts: plan, code: 'OK', route: 'Start', commands: [], update: { scheduleTupleId: 1, standby: false, channel: 'Charge' } },
    { name: 'Start BPT Discharge', step: DC.powerDelivery('Start', 1, 'Discharge'), facts: bpt, code: 'OK', route: 'Start', update: { channel: 'Discharge' } },
    { name: 'Start AC closes the contactor', step: AC.powerDelivery('Start'), facts: { ...selected('AC'), plan: SCHEDULED }, code: 'OK', route: 'Start', commands: [{ type: 'contactors', closed: true }] },
    { name: 'Start from Standby: ExitStandby acted on', step: DC.powerDelivery('Start'), facts: { ...plan, standby: true }, code: 'OK', route: 'Start', update: { standby: false, actedOn: 'ExitStandby' } },
    { name: 'Start: a tuple never offered', step: DC.powerDelivery('Start', 2), facts: plan, code: 'FAILED_ScheduleSelectionInvalid' },
    { name: 'Start: Discharge without BPT', step: DC.powerDelivery('Start', 1, 'Discharge'), facts: plan, code: 'FAILED_PowerDeliveryNotApplied' },
    { name: 'no service selected', step: DC.powerDelivery('Start'), code: 'FAILED_PowerDeliveryNotApplied' },
    { name: 'Stop DC keeps the contactors for WeldingDetection', step: DC.powerDelivery('Stop'), facts: plan, code: 'OK', route: 'dc.Stop', commands: [{ type: 'stop' }] },
    { name: 'Stop AC opens them', step: AC.powerDelivery('Stop'), facts: { ...selected('AC'), plan: SCHEDULED }, code: 'OK', route: 'ac.Stop', commands: [{ type: 'stop' }, { type: 'contactors', closed: false }] },
    { name: 'Standby', step: DC.powerDelivery('Standby'), facts: plan, code: 'OK', route: 'Start', commands: [{ type: 'stop' }], update: { standby: true } },
    { name: 'Standby not allowed', step: DC.powerDelivery('Standby'), facts: plan, input: { standbyAllowed: false }, code: 'WARNING_StandbyNotAllowed', route: 'Start' },
    { name: 'ScheduleRenegotiation', step: DC.powerDelivery('ScheduleRenegotiation'), facts: plan, code: 'OK', route: 'ScheduleRenegotiation', update: { renegotiating: true, replanned: false } },
    {
      name: 'the EVSE\'s notification in EVSEStatus',
      step: DC.powerDelivery('Stop'),
      facts: plan,
      evse: { sessionNotification: { kind: 'Pause', maxDelayS: 20 } },
      code: 'OK',
      route: 'dc.Stop',
      response: (e) => assert.equal(e.EVSEStatus, { NotificationMaxDelay: 20, EVSENotification: 'Pause' }),
    },
  ]);
});

/** A RationalNumber of a response, as a number. */
const n = (value: unknown): number => fromRational(value as RationalNumberType);

const deliver = (row: Row) => run(row).answer.commands?.[0] as { type: 'deliver'; voltage: number; current: number };

test('DC_ChargeLoop Scheduled: the EV\'s target within the tuple in force; a discharge slot bounds it to discharging', () => {
  const plan = { ...selected('DC'), plan: SCHEDULED, scheduleTupleId: 1 };
  check([
    { name: 'charging', step: DC.chargeLoop, facts: plan, code: 'OK', commands: [{ type: 'deliver', voltage: 400, current: 100 }], response: (e) => assert.ok(e.MeterInfo && e.Scheduled_DC_CLResControlMode) },
    { name: 'standby', step: DC.chargeLoop, facts: { ...plan, standby: true }, code: 'OK', commands: [{ type: 'deliver', voltage: 400, current: 0 }] },
    { name: 'the other mode', step: DC_BPT_DYNAMIC.chargeLoop, facts: plan, code: 'FAILED' },
  ]);
  // 40 kW at 400 V: 100 A; in the slot the plain DC session may neither charge nor discharge.
  assert.equal(deliver({ name: 'slot', step: DC.chargeLoop, facts: plan, at: 70, code: 'OK' }), { type: 'deliver', voltage: 400, current: 0 });
  const bpt = { ...selected('DC_BPT'), plan: SCHEDULED, scheduleTupleId: 1 };
  const discharging = (c: Parameters<Step>[0]) => ev('DC_BPT', 'Scheduled').chargeLoop(c);
  assert.equal(deliver({ name: 'BPT charging', step: discharging, facts: bpt, code: 'OK' }), { type: 'deliver', voltage: 400, current: 100 });
  const { element } = run({ name: 'BPT limits', step: discharging, facts: bpt, at: 70, code: 'OK' });
  assert.is(n((element.BPT_Scheduled_DC_CLResControlMode as Record<string, unknown>).EVSEMaximumDischargePower), 10_000);
  assert.equal((element.MeterInfo as Record<string, unknown>).BPT_DischargedEnergyReadingWh, 0n);
});

test('DC_ChargeLoop Dynamic: the SECC steers to the plan\'s target, charging then discharging, with departure and target SoC', () => {
  const facts = { ...selected('DC_BPT', 'Dynamic'), plan: DYNAMIC };
  const charging = run({ name: 'charge', step: DC_BPT_DYNAMIC.chargeLoop, facts, evse: { presentVoltage: 400 }, at: 10, code: 'OK' });
  assert.equal(charging.answer.commands, [{ type: 'deliver', voltage: 450, current: 50 }]);
  const mode = charging.element.BPT_Dynamic_DC_CLResControlMode as Record<string, unknown>;
  assert.equal([n(mode.EVSEMaximumChargePower), n(mode.EVSEMaximumDischargePower), mode.DepartureTime, mode.TargetSOC], [20_000, 0, 3_590, 80]);
  const back = run({ name: 'discharge', step: DC_BPT_DYNAMIC.chargeLoop, facts, evse: { presentVoltage: 400 }, at: 100, code: 'OK' });
  assert.equal(back.answer.commands, [{ type: 'deliver', voltage: 450, current: -20 }]);
  const steering = back.element.BPT_Dynamic_DC_CLResControlMode as Record<string, unknown>;
  assert.equal([n(steering.EVSEMaximumChargePower), n(steering.EVSEMinimumDischargePower)], [0, 8_000]);
  // The EV's own discharge limit bounds the target: 11 kW here, so 8 kW stands; a plain DC session never discharges.
  assert.equal(deliver({ name: 'plain', step: ev('DC', 'Dynamic').chargeLoop, facts: { ...selected('DC', 'Dynamic'), plan: DYNAMIC }, evse: { presentVoltage: 400 }, at: 100, code: 'OK' }), { type: 'deliver', voltage: 450, current: 0 });
});

test('AC_ChargeLoop: Scheduled target power from the tuple, Dynamic steering both ways', () => {
  const scheduled = run({ name: 'AC scheduled', step: AC.chargeLoop, facts: { ...selected('AC'), plan: SCHEDULED, scheduleTupleId: 1 }, code: 'OK' });
  assert.is(n((scheduled.element.Scheduled_AC_CLResControlMode as Record<string, unknown>).EVSETargetActivePower), 40_000);
  // 40 kW over 3 × 230 V.
  assert.equal(scheduled.answer.commands, [{ type: 'deliver', voltage: 230, current: 40_000 / (3 * 230) }]);
  const facts = { ...selected('AC_BPT', 'Dynamic'), plan: DYNAMIC };
  const charging = run({ name: 'AC dynamic', step: AC_BPT_DYNAMIC.chargeLoop, facts, at: 10, code: 'OK' });
  assert.is(n((charging.element.BPT_Dynamic_AC_CLResControlMode as Record<string, unknown>).EVSETargetActivePower), 11_000);
  const back = run({ name: 'AC dynamic back', step: AC_BPT_DYNAMIC.chargeLoop, facts, at: 100, code: 'OK' });
  assert.is(n((back.element.BPT_Dynamic_AC_CLResControlMode as Record<string, unknown>).EVSETargetActivePower), -8_000);
  assert.ok((back.answer.commands?.[0] as { current: number }).current < 0, 'discharging');
});

test('SessionStop and MeteringConfirmation', () => {
  check([
    { name: 'Terminate', step: DC.sessionStop('Terminate'), code: 'OK', route: 'Terminate', commands: [{ type: 'stop' }, { type: 'contactors', closed: false }] },
    { name: 'Pause', step: DC.sessionStop('Pause'), code: 'OK', route: 'Pause' },
    { name: 'Pause refused', step: DC.sessionStop('Pause'), input: { pauseAllowed: false }, code: 'FAILED_PauseNotAllowed' },
    { name: 'ServiceRenegotiation', step: DC.sessionStop('ServiceRenegotiation'), evse: { sessionNotification: { kind: 'ServiceRenegotiation', maxDelayS: 60 } }, code: 'OK', route: 'ServiceRenegotiation', update: { actedOn: 'ServiceRenegotiation' } },
    { name: 'ServiceRenegotiation refused', step: DC.sessionStop('ServiceRenegotiation'), input: { serviceRenegotiationSupported: false }, code: 'FAILED_NoServiceRenegotiationSupported' },
  ]);
});

test('a notification acted on is forgotten once the EVSE asks for something else', () => {
  const row: Row = { name: 'stale', step: DC.sessionStop('Terminate'), facts: { actedOn: 'ScheduleRenegotiation' }, evse: { sessionNotification: { kind: 'Pause', maxDelayS: 5 } }, code: 'OK', route: 'Terminate' };
  assert.is(run(row).answer.update?.actedOn, undefined);
  assert.ok(run(row).answer.update && 'actedOn' in run(row).answer.update!);
  const still = run({ ...row, evse: { sessionNotification: { kind: 'ScheduleRenegotiation', maxDelayS: 5 } } });
  assert.is(still.answer.update, undefined);
});

test.run();
