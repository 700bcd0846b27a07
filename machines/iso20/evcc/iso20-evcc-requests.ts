/**
 * What the ISO 15118-20 EVCC sends: one pure builder per step, from the session context and the vehicle's last
 * status, through the message builders of ../. Each request gets its own
 * Header: the SessionID the envelope passes in and the run's clock at the moment it is built.
 */
import type { VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import { acChargeLoopReq, acChargeParameterDiscoveryReq } from '../iso20-ac-messages.js';
import { dcCableCheckReq, dcChargeLoopReq, dcChargeParameterDiscoveryReq, dcPreChargeReq, dcWeldingDetectionReq } from '../iso20-dc-messages.js';
import type { MessageContext } from '../iso20-header.js';
import type { ControlFacts, DisplayFacts } from '../iso20-loop-parts.js';
import { meteringConfirmationReq } from '../iso20-metering.js';
import { powerDeliveryReq, type PowerProfileFacts } from '../iso20-power-delivery.js';
import type { Quantities } from '../iso20-quantities.js';
import { scheduleExchangeReq } from '../iso20-schedule-exchange.js';
import { serviceDetailReq, serviceDiscoveryReq, serviceSelectionReq } from '../iso20-service-messages.js';
import { SERVICE_IDS, isBidirectional } from '../iso20-services.js';
import { authorizationReq, authorizationSetupReq, sessionSetupReq, sessionStopReq } from '../iso20-setup-messages.js';
import { chargingComplete, percent } from '../../session/evcc/dc-request-fields.js';
import { dcTargetsWithin } from '../../session/evse-limits.js';
import { hexOf } from '../../session/session-id.js';
import type { Iso20EvccContext, Iso20EvccStep } from './iso20-evcc-context.js';
import { certificateInstallationReq, pncAuthorizationMode, pncAuthorizationReq, withHeaderSignature } from './iso20-evcc-pnc.js';
import { dischargeCapability, setpoint } from './iso20-evcc-setpoint.js';
import { loopLimits } from './iso20-evcc-limits.js';

export type Iso20Document = V2gDocument<'iso20-common' | 'iso20-ac' | 'iso20-dc'>;

/** A request waiting for its Header's SessionID (the envelope's, ../../session/evcc/evcc-adapter.ts). */
export type Iso20Request = (sessionId: Uint8Array) => Iso20Document;

const DEFAULT_MAXIMUM_SUPPORTING_POINTS = 1024;
const DEFAULT_DEPARTURE_TIME_S = 43_200;

/** The EV's three energy requests, Wh, kept in order (minimum ≤ target ≤ maximum) as the SECC checks them. */
export function energyRequests(v: VehicleStatus): Quantities {
  const capacityShare = (soc: number) => ((soc - v.soc) / 100) * v.energyCapacity;
  const maximum = Math.max(0, v.maximumEnergyRequest ?? capacityShare(v.fullSoc));
  const target = Math.min(maximum, Math.max(0, v.energyRequest));
  const minimum = Math.min(target, v.minimumEnergyRequest ?? capacityShare(v.minSoc ?? 0));
  return { TargetEnergyRequest: Math.round(target), MaximumEnergyRequest: Math.round(maximum), MinimumEnergyRequest: Math.round(minimum) };
}

/** BPT: the range the grid may cycle the battery over, Wh (EVMaximum/MinimumV2XEnergyRequest). */
function v2xEnergyRequests(v: VehicleStatus): Quantities {
  const own = energyRequests(v);
  return {
    MaximumV2XEnergyRequest: Math.round(v.maximumV2XEnergyRequest ?? own['MaximumEnergyRequest']!),
    MinimumV2XEnergyRequest: Math.round(Math.min(v.minimumV2XEnergyRequest ?? own['MinimumEnergyRequest']!, own['MaximumEnergyRequest']!)),
  };
}

/** Seconds until departure: the vehicle's, else the configured default (Dynamic control requires one). */
function departureTime(context: Iso20EvccContext): number {
  return Math.max(0, Math.round(context.vehicle.departureTime ?? context.input.defaultDepartureTime ?? DEFAULT_DEPARTURE_TIME_S));
}

/** The battery's discharge limits as BPT states them; zero power without the V2X permission. */
function dischargeLimits(v: VehicleStatus, withCurrent: boolean, withMinimumCurrent: boolean): Quantities {
  const allowed = dischargeCapability(v) > 0;
  return {
    MaximumDischargePower: allowed ? (v.maxDischargePower ?? 0) : 0,
    MinimumDischargePower: allowed ? (v.minDischargePower ?? 0) : 0,
    ...(withCurrent ? { MaximumDischargeCurrent: allowed ? (v.maxDischargeCurrent ?? 0) : 0 } : {}),
    ...(withMinimumCurrent ? { MinimumDischargeCurrent: allowed ? (v.minDischargeCurrent ?? 0) : 0 } : {}),
  };
}

/** EVMinimumVoltage: the vehicle's, else its battery's present voltage, below which no current can flow into it. */
function minimumVoltage(v: VehicleStatus): number {
  return Math.floor(v.minVoltage ?? v.batteryVoltage);
}

function display(v: VehicleStatus): DisplayFacts {
  return {
    presentSoc: percent(v.soc),
    ...(v.minSoc === undefined ? {} : { minimumSoc: percent(v.minSoc) }),
    ...(v.targetSoc === undefined ? {} : { targetSoc: percent(v.targetSoc) }),
    maximumSoc: percent(v.fullSoc),
    ...(v.remainingTimeToFullSoc === undefined ? {} : { remainingTimeToMaximumSocS: Math.round(v.remainingTimeToFullSoc) }),
    chargingComplete: chargingComplete(v),
    batteryEnergyCapacity: Math.round(v.energyCapacity),
  };
}

function chargeParameterDiscovery(context: Iso20EvccContext, ctx: MessageContext): Iso20Document {
  const v = context.vehicle;
  const bpt = isBidirectional(context.input.service);
  if (context.input.protocol === 'iso20-ac') {
    const quantities = { MaximumChargePower: v.maxPower, MinimumChargePower: v.minPower ?? 0, ...(bpt ? dischargeLimits(v, false, false) : {}) };
    return acChargeParameterDiscoveryReq(ctx, { bpt, quantities });
  }
  const quantities = {
    MaximumChargePower: v.maxPower,
    MinimumChargePower: v.minPower ?? 0,
    MaximumChargeCurrent: v.maxCurrent,
    MinimumChargeCurrent: 0,
    MaximumVoltage: v.maxVoltage,
    MinimumVoltage: minimumVoltage(v),
    ...(bpt ? dischargeLimits(v, true, true) : {}),
  };
  return dcChargeParameterDiscoveryReq(ctx, { bpt, quantities, ...(v.targetSoc === undefined ? {} : { targetSoc: percent(v.targetSoc) }) });
}

function scheduleExchange(context: Iso20EvccContext, ctx: MessageContext): Iso20Document {
  const v = context.vehicle;
  const maximumSupportingPoints = context.input.maximumSupportingPoints ?? DEFAULT_MAXIMUM_SUPPORTING_POINTS;
  if (context.input.controlMode === 'Scheduled') {
    const departure = v.departureTime === undefined ? {} : { departureTime: Math.round(v.departureTime) };
    return scheduleExchangeReq(ctx, { maximumSupportingPoints, control: { mode: 'Scheduled', ...departure, quantities: energyRequests(v) } });
  }
  const bpt = isBidirectional(context.input.service);
  const socs = { ...(v.minSoc === undefined ? {} : { minimumSoc: percent(v.minSoc) }), ...(v.targetSoc === undefined ? {} : { targetSoc: percent(v.targetSoc) }) };
  const quantities = { ...energyRequests(v), ...(bpt ? v2xEnergyRequests(v) : {}) };
  return scheduleExchangeReq(ctx, { maximumSupportingPoints, control: { mode: 'Dynamic', departureTime: departureTime(context), ...socs, quantities } });
}

/** The EV's power profile with PowerDelivery(Start): what it means to draw (or give) until it leaves. */
function powerProfile(context: Iso20EvccContext, nowMs: number): PowerProfileFacts {
  const entries = [{ durationS: departureTime(context), power: Math.round(setpoint(context, nowMs)) }];
  const timeAnchorS = Math.floor(nowMs / 1000);
  if (context.input.controlMode === 'Dynamic') return { timeAnchorS, control: { mode: 'Dynamic' }, entries };
  const tuple = context.schedule?.id ?? 0;
  return { timeAnchorS, control: { mode: 'Scheduled', selectedScheduleTupleId: tuple }, entries };
}

/** DC: the loop's control element, Scheduled with the targets, Dynamic with the limits the SECC steers within. */
function dcLoopControl(context: Iso20EvccContext, nowMs: number): ControlFacts {
  const v = context.vehicle;
  const bpt = isBidirectional(context.input.service);
  const limits = { MaximumChargePower: v.maxPower, MaximumChargeCurrent: v.maxCurrent, MaximumVoltage: v.maxVoltage };
  if (context.input.controlMode === 'Scheduled') {
    const power = setpoint(context, nowMs);
    const voltage = Math.max(1, v.batteryVoltage);
    const charge = dcTargetsWithin({ voltage: v.targetVoltage, current: Math.max(0, power) / voltage }, loopLimits(context));
    const current = power >= 0 ? charge.current : power / voltage;
    const { MaximumDischargePower, MaximumDischargeCurrent } = dischargeLimits(v, true, false);
    const discharge: Quantities = bpt ? { MaximumDischargePower: MaximumDischargePower!, MaximumDischargeCurrent: MaximumDischargeCurrent! } : {};
    return { mode: 'Scheduled', bpt, quantities: { TargetCurrent: round1(current), TargetVoltage: round1(charge.voltage), ...limits, ...discharge } };
  }
  const wish = v.stopRequested ? 0 : v.maxPower;
  const quantities = {
    ...energyRequests(v),
    MaximumChargePower: wish,
    MinimumChargePower: 0,
    MaximumChargeCurrent: v.stopRequested ? 0 : Math.min(v.maxCurrent, Math.max(0, v.targetCurrent)),
    MaximumVoltage: v.maxVoltage,
    MinimumVoltage: minimumVoltage(v),
    ...(bpt ? { ...dischargeLimits(v, true, false), ...v2xEnergyRequests(v) } : {}),
  };
  return { mode: 'Dynamic', bpt, departureTime: departureTime(context), quantities };
}

/** AC: Scheduled states what the EV draws; Dynamic adds its limits and energy requests. */
function acLoopControl(context: Iso20EvccContext, nowMs: number): ControlFacts {
  const v = context.vehicle;
  const bpt = isBidirectional(context.input.service);
  const present = Math.round(setpoint(context, nowMs));
  const discharge = bpt ? dischargeLimits(v, false, false) : {};
  if (context.input.controlMode === 'Scheduled') {
    return { mode: 'Scheduled', bpt, quantities: { PresentActivePower: present, MaximumChargePower: v.maxPower, ...discharge } };
  }
  const quantities = {
    ...energyRequests(v),
    MaximumChargePower: v.stopRequested ? 0 : v.maxPower,
    MinimumChargePower: 0,
    PresentActivePower: present,
    PresentReactivePower: 0,
    ...(bpt ? { ...discharge, ...v2xEnergyRequests(v) } : {}),
  };
  return { mode: 'Dynamic', bpt, departureTime: departureTime(context), quantities };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function chargeLoop(context: Iso20EvccContext, ctx: MessageContext): Iso20Document {
  const v = context.vehicle;
  const meterInfoRequested = context.input.meterInfoRequested ?? false;
  if (context.input.protocol === 'iso20-ac') {
    return acChargeLoopReq(ctx, { display: display(v), meterInfoRequested, control: acLoopControl(context, ctx.nowMs) });
  }
  return dcChargeLoopReq(ctx, { display: display(v), meterInfoRequested, presentVoltage: round1(v.batteryVoltage), control: dcLoopControl(context, ctx.nowMs) });
}

/** The BPT direction PowerDelivery(Start) selects: Discharge when the EV starts by giving energy, else Charge. */
function channel(context: Iso20EvccContext, nowMs: number) {
  if (!isBidirectional(context.input.service)) return {};
  return { channel: setpoint(context, nowMs) < 0 ? ('Discharge' as const) : ('Charge' as const) };
}

type Builder = (context: Iso20EvccContext, ctx: MessageContext) => Iso20Document;

/** EIM's AuthorizationReq; PnC's, signed; while a contract is being installed, CertificateInstallationReq. */
function authorization(context: Iso20EvccContext, ctx: MessageContext): Iso20Document {
  if (context.authorizationChoice === 'EIM' || context.authorizationChoice === undefined) return authorizationReq(ctx, { service: 'EIM' });
  const pnc = chartEnsured(context.input.pnc, 'the vehicle\'s PnC certificates');
  if (context.installing) return withHeaderSignature(certificateInstallationReq(ctx, pnc, chartEnsured(pnc.provisioningChain, 'OEM provisioning chain')), context.signature);
  return pncAuthorizationReq(ctx, pncAuthorizationMode(chartEnsured(context.genChallenge, 'GenChallenge'), chartEnsured(context.contractChain, 'contract chain')), context.signature);
}

const BUILDERS: Readonly<Record<Iso20EvccStep, Builder>> = {
  SessionSetup: (context, ctx) => sessionSetupReq(ctx, context.input.evccIdentifier ?? hexOf(context.input.evccId).toUpperCase()),
  AuthorizationSetup: (_, ctx) => authorizationSetupReq(ctx),
  Authorization: authorization,
  // The EV names the services it can use, so the station lists no others.
  ServiceDiscovery: (context, ctx) => serviceDiscoveryReq(ctx, [SERVICE_IDS[context.input.service]]),
  ServiceDetail: (context, ctx) => serviceDetailReq(ctx, context.serviceDetailQueue[0] ?? SERVICE_IDS[context.input.service]),
  ServiceSelection: (context, ctx) =>
    serviceSelectionReq(ctx, {
      energy: { serviceId: SERVICE_IDS[context.input.service], parameterSetId: context.parameterSet?.id ?? 0 },
      valueAddedServices: context.selectedValueAddedServices,
    }),
  ChargeParameterDiscovery: chargeParameterDiscovery,
  ScheduleExchange: scheduleExchange,
  CableCheck: (_, ctx) => dcCableCheckReq(ctx),
  // Ongoing in every PreChargeReq: PowerDeliveryReq(Start) ends PreCharge, as the open -20 stacks run it (decided
  // without the standard's text, which an EV sending Finished first also satisfies).
  PreCharge: (context, ctx) => {
    const voltage = round1(context.vehicle.batteryVoltage);
    return dcPreChargeReq(ctx, { processing: 'Ongoing', presentVoltage: voltage, targetVoltage: voltage });
  },
  PowerDeliveryStart: (context, ctx) =>
    powerDeliveryReq(ctx, { processing: 'Finished', progress: 'Start', profile: powerProfile(context, ctx.nowMs), ...channel(context, ctx.nowMs) }),
  ChargeLoop: chargeLoop,
  // EIM has no contract key to sign the meter reading with: the confirmation goes unsigned, as -2's MeteringReceipt.
  MeteringConfirmation: (context, ctx) =>
    meteringConfirmationReq(ctx, {
      id: `MC${context.meteringConfirmations + 1}`,
      meter: chartEnsured(context.meter, 'MeterInfo'),
      ...(context.schedule === undefined ? {} : { selectedScheduleTupleId: context.schedule.id }),
    }),
  PowerDeliveryStandby: (_, ctx) => powerDeliveryReq(ctx, { processing: 'Finished', progress: 'Standby' }),
  PowerDeliveryScheduleRenegotiation: (_, ctx) => powerDeliveryReq(ctx, { processing: 'Finished', progress: 'ScheduleRenegotiation' }),
  PowerDeliveryStop: (_, ctx) => powerDeliveryReq(ctx, { processing: 'Finished', progress: 'Stop' }),
  // Ongoing until the EV has seen its contactors open: SessionStopReq ends WeldingDetection, as PowerDelivery ends PreCharge.
  WeldingDetection: (_, ctx) => dcWeldingDetectionReq(ctx, 'Ongoing'),
  SessionStop: (context, ctx) => sessionStopReq(ctx, { chargingSession: context.stopKind }),
};

/** The request `step` sends, waiting for its SessionID. */
export function iso20EvccRequest(context: Iso20EvccContext, step: Iso20EvccStep): Iso20Request {
  const nowMs = context.input.clock.now();
  return (sessionId) => BUILDERS[step](context, { sessionId, nowMs });
}

const DC_PREFIXED: ReadonlySet<Iso20EvccStep> = new Set(['CableCheck', 'PreCharge', 'WeldingDetection']);
const BY_NAMESPACE: ReadonlySet<Iso20EvccStep> = new Set(['ChargeParameterDiscovery', 'ChargeLoop']);

/** The request's name on the wire: DC_ and AC_ by the namespace, PowerDeliveryReq for each ChargeProgress. */
export function iso20EvccRequestOf(step: Iso20EvccStep, context: Pick<Iso20EvccContext, 'input' | 'installing'>): string {
  if (step === 'Authorization' && context.installing) return 'CertificateInstallationReq';
  if (step.startsWith('PowerDelivery')) return 'PowerDeliveryReq';
  if (DC_PREFIXED.has(step)) return `DC_${step}Req`;
  if (BY_NAMESPACE.has(step)) return `${context.input.protocol === 'iso20-ac' ? 'AC' : 'DC'}_${step}Req`;
  return `${step}Req`;
}

/** A value the chart guarantees before the request is built: MeteringConfirmation comes only after a MeterInfo. */
function chartEnsured<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ISO 15118-20 EVCC: ${what} missing when building a request (a chart defect)`);
  return value;
}
