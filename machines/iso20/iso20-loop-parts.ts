/**
 * The parts the -20 charge loops (AC and DC) share: the EV's DisplayParameters, the SECC's MeterInfo (energy counted
 * both ways in BPT) and the control-mode element, chosen by substitution group: Scheduled or Dynamic, BPT or not.
 */
import type { ChargeLoopReqType, ChargeLoopResType, DisplayParametersType, MeterInfoType, responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import { evseStatus, readEvseStatus, type NotificationFacts } from './iso20-notifications.js';
import { compact } from './iso20-compact.js';
import { fromRational, optionalRational } from './iso20-rational.js';
import { Iso20FactsError, readQuantities, writeQuantities, type ElementSpec, type Quantities } from './iso20-quantities.js';
import type { ControlMode } from './iso20-services.js';

export interface DisplayFacts {
  readonly presentSoc?: number;
  readonly minimumSoc?: number;
  readonly targetSoc?: number;
  readonly maximumSoc?: number;
  readonly remainingTimeToMinimumSocS?: number;
  readonly remainingTimeToTargetSocS?: number;
  readonly remainingTimeToMaximumSocS?: number;
  readonly chargingComplete?: boolean;
  /** Wh. */
  readonly batteryEnergyCapacity?: number;
  readonly inletHot?: boolean;
}

export function displayParameters(f: DisplayFacts): DisplayParametersType {
  return compact({
    PresentSOC: f.presentSoc,
    MinimumSOC: f.minimumSoc,
    TargetSOC: f.targetSoc,
    MaximumSOC: f.maximumSoc,
    RemainingTimeToMinimumSOC: f.remainingTimeToMinimumSocS,
    RemainingTimeToTargetSOC: f.remainingTimeToTargetSocS,
    RemainingTimeToMaximumSOC: f.remainingTimeToMaximumSocS,
    ChargingComplete: f.chargingComplete,
    BatteryEnergyCapacity: optionalRational(f.batteryEnergyCapacity),
    InletHot: f.inletHot,
  });
}

export function readDisplayParameters(d: DisplayParametersType): DisplayFacts {
  return compact({
    presentSoc: d.PresentSOC,
    minimumSoc: d.MinimumSOC,
    targetSoc: d.TargetSOC,
    maximumSoc: d.MaximumSOC,
    remainingTimeToMinimumSocS: d.RemainingTimeToMinimumSOC,
    remainingTimeToTargetSocS: d.RemainingTimeToTargetSOC,
    remainingTimeToMaximumSocS: d.RemainingTimeToMaximumSOC,
    chargingComplete: d.ChargingComplete,
    batteryEnergyCapacity: d.BatteryEnergyCapacity && fromRational(d.BatteryEnergyCapacity),
    inletHot: d.InletHot,
  });
}

/** The meter's readings; BPT counts the energy discharged into the grid beside the energy charged. */
export interface MeterFacts {
  readonly meterId: string;
  readonly chargedWh: number;
  readonly dischargedWh?: number;
  readonly capacitiveVarh?: number;
  readonly inductiveVarh?: number;
  readonly signature?: Uint8Array;
  readonly status?: number;
  /** Seconds since the epoch. */
  readonly timestampS?: number;
}

const big = (n: number | undefined): bigint | undefined => (n === undefined ? undefined : BigInt(Math.round(n)));
const num = (n: bigint | undefined): number | undefined => (n === undefined ? undefined : Number(n));

export function meterInfo(f: MeterFacts): MeterInfoType {
  return compact({
    MeterID: f.meterId,
    ChargedEnergyReadingWh: BigInt(Math.round(f.chargedWh)),
    BPT_DischargedEnergyReadingWh: big(f.dischargedWh),
    CapacitiveEnergyReadingVARh: big(f.capacitiveVarh),
    BPT_InductiveEnergyReadingVARh: big(f.inductiveVarh),
    MeterSignature: f.signature,
    MeterStatus: f.status,
    MeterTimestamp: big(f.timestampS),
  });
}

export function readMeterInfo(m: MeterInfoType): MeterFacts {
  return compact({
    meterId: m.MeterID,
    chargedWh: Number(m.ChargedEnergyReadingWh),
    dischargedWh: num(m.BPT_DischargedEnergyReadingWh),
    capacitiveVarh: num(m.CapacitiveEnergyReadingVARh),
    inductiveVarh: num(m.BPT_InductiveEnergyReadingVARh),
    signature: m.MeterSignature,
    status: m.MeterStatus,
    timestampS: num(m.MeterTimestamp),
  });
}

/** The plain (not RationalNumber) fields of the control-mode elements, by fact name and XSD name. */
const SCALARS = { departureTime: 'DepartureTime', minimumSoc: 'MinimumSOC', targetSoc: 'TargetSOC', ackMaxDelay: 'AckMaxDelay' } as const;
export type ControlScalar = keyof typeof SCALARS;

/** A control-mode element's content: its mode, its quantities and its plain fields. */
export interface ModeFacts {
  readonly mode: ControlMode;
  readonly quantities: Quantities;
  /** Seconds until the EV wants to leave, as the XSD's unsignedInt. */
  readonly departureTime?: number;
  /** Percent. */
  readonly minimumSoc?: number;
  readonly targetSoc?: number;
  /** Seconds the SECC allows the EV to follow a new target (Dynamic). */
  readonly ackMaxDelay?: number;
}

/** A charge loop's control-mode element: Scheduled or Dynamic, and whether the BPT variant. */
export interface ControlFacts extends ModeFacts {
  /** The BPT variant of the element (bidirectional power transfer). */
  readonly bpt: boolean;
}

export interface ControlSpec extends ElementSpec {
  readonly requiredScalars: readonly ControlScalar[];
  readonly optionalScalars: readonly ControlScalar[];
}

/** The control-mode element's fields: its quantities and its plain fields. */
export function writeControl(spec: ControlSpec, f: ModeFacts): Record<string, unknown> {
  const out: Record<string, unknown> = writeQuantities(spec, f.quantities);
  for (const key of spec.requiredScalars) {
    if (f[key] === undefined) throw new Iso20FactsError(spec.element, `needs ${SCALARS[key]}`);
    out[SCALARS[key]] = f[key];
  }
  for (const key of spec.optionalScalars) if (f[key] !== undefined) out[SCALARS[key]] = f[key];
  for (const key of Object.keys(SCALARS) as ControlScalar[]) {
    if (f[key] !== undefined && !spec.requiredScalars.includes(key) && !spec.optionalScalars.includes(key)) throw new Iso20FactsError(spec.element, `has no ${SCALARS[key]}`);
  }
  return out;
}

export function readControl(spec: ControlSpec, mode: ControlMode, element: object): ModeFacts {
  const fields = element as Readonly<Record<string, number | undefined>>;
  const scalars: Partial<Record<ControlScalar, number>> = {};
  for (const key of [...spec.requiredScalars, ...spec.optionalScalars]) {
    if (fields[SCALARS[key]] !== undefined) scalars[key] = fields[SCALARS[key]];
  }
  return { mode, quantities: readQuantities(spec, element), ...scalars };
}

/** The four control-mode variants of one place in a message, by the element name each has in the XSD. */
export type ControlSpecs = Readonly<Record<ControlMode, Readonly<Record<'plain' | 'bpt', ControlSpec>>>>;

/** The element (name and content) of `f` among `specs`. */
export function controlElement(specs: ControlSpecs, f: ControlFacts): Record<string, Record<string, unknown>> {
  const spec = specs[f.mode][f.bpt ? 'bpt' : 'plain'];
  return { [spec.element]: writeControl(spec, f) };
}

/** The control-mode facts of a received message: the one variant it carries, or undefined (e.g. a generic CLReqControlMode). */
export function readControlElement(specs: ControlSpecs, message: object): ControlFacts | undefined {
  const fields = message as Readonly<Record<string, object | undefined>>;
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    for (const variant of ['plain', 'bpt'] as const) {
      const spec = specs[mode][variant];
      const element = fields[spec.element];
      if (element) return { ...readControl(spec, mode, element), bpt: variant === 'bpt' };
    }
  }
  return undefined;
}

/** What every charge loop response carries: the code, a notification for the EV if any, the meter if asked. */
export interface LoopResFacts {
  readonly responseCode: responseCodeType;
  readonly notification?: NotificationFacts;
  readonly meter?: MeterFacts;
}

export function loopResCommon(ctx: MessageContext, f: LoopResFacts): ChargeLoopResType {
  return compact({
    Header: headerOf(ctx),
    ResponseCode: f.responseCode,
    EVSEStatus: f.notification && evseStatus(f.notification),
    MeterInfo: f.meter && meterInfo(f.meter),
  });
}

export function readLoopResCommon(res: ChargeLoopResType): LoopResFacts {
  return compact({
    responseCode: res.ResponseCode,
    notification: res.EVSEStatus && readEvseStatus(res.EVSEStatus),
    meter: res.MeterInfo && readMeterInfo(res.MeterInfo),
  });
}

/** What every charge loop request carries: the EV's display values, whether it wants the meter, its control mode. */
export interface LoopReqFacts {
  readonly display?: DisplayFacts;
  readonly meterInfoRequested: boolean;
  readonly control: ControlFacts;
}

export function loopReqCommon(ctx: MessageContext, specs: ControlSpecs, f: LoopReqFacts): ChargeLoopReqType {
  return compact({
    Header: headerOf(ctx),
    DisplayParameters: f.display && displayParameters(f.display),
    MeterInfoRequested: f.meterInfoRequested,
    ...controlElement(specs, f.control),
  });
}

/** The control is absent when the EV sent the generic CLReqControlMode, which says nothing. */
export function readLoopReqCommon(specs: ControlSpecs, req: ChargeLoopReqType): Omit<LoopReqFacts, 'control'> & { readonly control?: ControlFacts } {
  return compact({
    display: req.DisplayParameters && readDisplayParameters(req.DisplayParameters),
    meterInfoRequested: req.MeterInfoRequested,
    control: readControlElement(specs, req),
  });
}

/** The energy transfer mode element of a ChargeParameterDiscovery message: plain, or BPT with the discharge limits. */
export type EnergyTransferSpecs = Readonly<Record<'plain' | 'bpt', ElementSpec>>;

/** The limits one side states in AC_/DC_ChargeParameterDiscovery; with `bpt` the discharge limits too. */
export interface LimitsFacts {
  readonly bpt: boolean;
  readonly quantities: Quantities;
}

export function energyTransferMode(specs: EnergyTransferSpecs, f: LimitsFacts): Record<string, Record<string, unknown>> {
  const spec = specs[f.bpt ? 'bpt' : 'plain'];
  return { [spec.element]: writeQuantities(spec, f.quantities) };
}

/** The limits a received message states, or undefined without its energy transfer mode element. */
export function readEnergyTransferMode(specs: EnergyTransferSpecs, message: object): (LimitsFacts & { readonly element: object }) | undefined {
  const fields = message as Readonly<Record<string, object | undefined>>;
  for (const variant of ['bpt', 'plain'] as const) {
    const element = fields[specs[variant].element];
    if (element) return { bpt: variant === 'bpt', quantities: readQuantities(specs[variant], element), element };
  }
  return undefined;
}

/** A ChargeParameterDiscoveryRes as facts: its code, and its limits unless a FAILED response left them out. */
export function readEnergyTransferRes(specs: EnergyTransferSpecs, res: { readonly ResponseCode: responseCodeType }): { readonly responseCode: responseCodeType; readonly limits?: LimitsFacts } {
  const read = readEnergyTransferMode(specs, res);
  return read ? { responseCode: res.ResponseCode, limits: { bpt: read.bpt, quantities: read.quantities } } : { responseCode: res.ResponseCode };
}
