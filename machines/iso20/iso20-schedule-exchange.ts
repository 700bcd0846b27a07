/**
 * ScheduleExchange: in Scheduled control the SECC offers 1 to 3 ScheduleTuples (a power schedule to charge, in BPT one
 * to discharge, each with an absolute price or price levels) and the EV picks one in PowerDelivery; in Dynamic control
 * the EV states its departure time and energy needs and the SECC answers with its own targets and steers each loop.
 * Times are seconds: TimeAnchor since the epoch, Duration from the previous entry's start.
 */
import type {
  AbsolutePriceScheduleType,
  ChargingScheduleType,
  PowerScheduleEntryType,
  PowerScheduleType,
  PriceLevelScheduleType,
  ScheduleExchangeReqType,
  ScheduleExchangeResType,
  ScheduleTupleType,
} from '../../codecs/exi/generated/iso20-common.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { compact } from './iso20-compact.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import { readControl, writeControl, type ControlSpec, type ModeFacts } from './iso20-loop-parts.js';
import { fromRational, optionalFromRational, optionalRational, toRational } from './iso20-rational.js';
import type { ProcessingResFacts } from './iso20-response-codes.js';
import type { ControlMode } from './iso20-services.js';

type CommonDocument = V2gDocument<'iso20-common'>;

const ENERGY_REQUESTS = ['TargetEnergyRequest', 'MaximumEnergyRequest', 'MinimumEnergyRequest'];

/** The EV's side of ScheduleExchangeReq per control mode (EVEnergyOffer, the EV's own priced offer, is not built). */
export const SE_REQ_CONTROL: Readonly<Record<ControlMode, ControlSpec>> = {
  Scheduled: { element: 'Scheduled_SEReqControlMode', prefix: 'EV', required: [], optional: ENERGY_REQUESTS, requiredScalars: [], optionalScalars: ['departureTime'] },
  Dynamic: {
    element: 'Dynamic_SEReqControlMode',
    prefix: 'EV',
    required: ENERGY_REQUESTS,
    optional: ['MaximumV2XEnergyRequest', 'MinimumV2XEnergyRequest'],
    requiredScalars: ['departureTime'],
    optionalScalars: ['minimumSoc', 'targetSoc'],
  },
};

export interface ScheduleExchangeReqFacts {
  /** How many entries the EV can take per schedule (12..1024 by the XSD). */
  readonly maximumSupportingPoints: number;
  readonly control: ModeFacts;
}

export function scheduleExchangeReq(ctx: MessageContext, f: ScheduleExchangeReqFacts): CommonDocument {
  const spec = SE_REQ_CONTROL[f.control.mode];
  const req = { Header: headerOf(ctx), MaximumSupportingPoints: f.maximumSupportingPoints, [spec.element]: writeControl(spec, f.control) } as ScheduleExchangeReqType;
  return v2gDocument('iso20-common', { ScheduleExchangeReq: req });
}

export function readScheduleExchangeReq(req: ScheduleExchangeReqType): Partial<ScheduleExchangeReqFacts> & { readonly maximumSupportingPoints: number } {
  const mode: ControlMode | undefined = req.Dynamic_SEReqControlMode ? 'Dynamic' : req.Scheduled_SEReqControlMode ? 'Scheduled' : undefined;
  const element = req.Dynamic_SEReqControlMode ?? req.Scheduled_SEReqControlMode;
  return compact({
    maximumSupportingPoints: req.MaximumSupportingPoints,
    control: mode && element && readControl(SE_REQ_CONTROL[mode], mode, element),
  });
}

/** One entry of a power schedule or of the EV's power profile: W per phase, negative while discharging. */
export interface PowerEntryFacts {
  readonly durationS: number;
  readonly power: number;
  readonly power_L2?: number;
  readonly power_L3?: number;
}

export function powerEntry(e: PowerEntryFacts): PowerScheduleEntryType {
  return compact({ Duration: e.durationS, Power: toRational(e.power), Power_L2: optionalRational(e.power_L2), Power_L3: optionalRational(e.power_L3) });
}

export function readPowerEntry(e: PowerScheduleEntryType): PowerEntryFacts {
  return compact({ durationS: e.Duration, power: fromRational(e.Power), power_L2: optionalFromRational(e.Power_L2), power_L3: optionalFromRational(e.Power_L3) });
}

export interface PowerScheduleFacts {
  readonly timeAnchorS: number;
  /** Wh the station can deliver under this schedule. */
  readonly availableEnergy?: number;
  /** W the EV may deviate without breaking the schedule. */
  readonly powerTolerance?: number;
  readonly entries: readonly PowerEntryFacts[];
}

export interface PriceRuleFacts {
  /** In the schedule's currency per the unit its PriceAlgorithm prices (e.g. per kWh of energy). */
  readonly energyFee: number;
  readonly parkingFee?: number;
  readonly parkingFeePeriodS?: number;
  /** g/kWh. */
  readonly carbonDioxideEmission?: number;
  /** Percent. */
  readonly renewableGenerationPercentage?: number;
  /** W from which this rule applies. */
  readonly powerRangeStart: number;
}

/**
 * A price schedule: absolute prices (a currency, price rule stacks in time) or price levels (an index 0..N-1, cheap
 * to expensive). Tax rules, overstay rules and additional services of the absolute schedule are not built here.
 */
export type PriceScheduleFacts =
  | {
      readonly kind: 'absolute';
      readonly id: number;
      readonly timeAnchorS: number;
      readonly description?: string;
      readonly currency: string;
      readonly language: string;
      /** A URN naming how prices apply, e.g. urn:iso:std:iso:15118:-20:PriceAlgorithm:1-Power. */
      readonly priceAlgorithm: string;
      readonly minimumCost?: number;
      readonly maximumCost?: number;
      readonly stacks: readonly { readonly durationS: number; readonly rules: readonly PriceRuleFacts[] }[];
    }
  | {
      readonly kind: 'levels';
      readonly id: number;
      readonly timeAnchorS: number;
      readonly description?: string;
      readonly numberOfLevels: number;
      readonly entries: readonly { readonly durationS: number; readonly level: number }[];
    };

export interface ChargingScheduleFacts {
  readonly power: PowerScheduleFacts;
  readonly price?: PriceScheduleFacts;
}

export interface ScheduleTupleFacts {
  readonly id: number;
  readonly charging: ChargingScheduleFacts;
  /** BPT: what the station may discharge the EV by. */
  readonly discharging?: ChargingScheduleFacts;
}

function absolutePrice(p: Extract<PriceScheduleFacts, { kind: 'absolute' }>): AbsolutePriceScheduleType {
  return compact({
    TimeAnchor: BigInt(p.timeAnchorS),
    PriceScheduleID: p.id,
    PriceScheduleDescription: p.description,
    Currency: p.currency,
    Language: p.language,
    PriceAlgorithm: p.priceAlgorithm,
    MinimumCost: optionalRational(p.minimumCost),
    MaximumCost: optionalRational(p.maximumCost),
    PriceRuleStacks: {
      PriceRuleStack: p.stacks.map((s) => ({
        Duration: s.durationS,
        PriceRule: s.rules.map((r) =>
          compact({
            EnergyFee: toRational(r.energyFee),
            ParkingFee: optionalRational(r.parkingFee),
            ParkingFeePeriod: r.parkingFeePeriodS,
            CarbonDioxideEmission: r.carbonDioxideEmission,
            RenewableGenerationPercentage: r.renewableGenerationPercentage,
            PowerRangeStart: toRational(r.powerRangeStart),
          }),
        ),
      })),
    },
  });
}

function priceLevels(p: Extract<PriceScheduleFacts, { kind: 'levels' }>): PriceLevelScheduleType {
  return compact({
    TimeAnchor: BigInt(p.timeAnchorS),
    PriceScheduleID: p.id,
    PriceScheduleDescription: p.description,
    NumberOfPriceLevels: p.numberOfLevels,
    PriceLevelScheduleEntries: { PriceLevelScheduleEntry: p.entries.map((e) => ({ Duration: e.durationS, PriceLevel: e.level })) },
  });
}

/** The price element of a schedule: AbsolutePriceSchedule or PriceLevelSchedule by kind. */
function priceElement(p: PriceScheduleFacts | undefined): Pick<ChargingScheduleType, 'AbsolutePriceSchedule' | 'PriceLevelSchedule'> {
  if (!p) return {};
  return p.kind === 'absolute' ? { AbsolutePriceSchedule: absolutePrice(p) } : { PriceLevelSchedule: priceLevels(p) };
}

function readPrice(s: Pick<ChargingScheduleType, 'AbsolutePriceSchedule' | 'PriceLevelSchedule'>): PriceScheduleFacts | undefined {
  const a = s.AbsolutePriceSchedule;
  if (a) {
    return compact({
      kind: 'absolute' as const,
      id: a.PriceScheduleID,
      timeAnchorS: Number(a.TimeAnchor),
      description: a.PriceScheduleDescription,
      currency: a.Currency,
      language: a.Language,
      priceAlgorithm: a.PriceAlgorithm,
      minimumCost: optionalFromRational(a.MinimumCost),
      maximumCost: optionalFromRational(a.MaximumCost),
      stacks: a.PriceRuleStacks.PriceRuleStack.map((stack) => ({
        durationS: stack.Duration,
        rules: stack.PriceRule.map((r) =>
          compact({
            energyFee: fromRational(r.EnergyFee),
            parkingFee: optionalFromRational(r.ParkingFee),
            parkingFeePeriodS: r.ParkingFeePeriod,
            carbonDioxideEmission: r.CarbonDioxideEmission,
            renewableGenerationPercentage: r.RenewableGenerationPercentage,
            powerRangeStart: fromRational(r.PowerRangeStart),
          }),
        ),
      })),
    });
  }
  const l = s.PriceLevelSchedule;
  if (!l) return undefined;
  return compact({
    kind: 'levels' as const,
    id: l.PriceScheduleID,
    timeAnchorS: Number(l.TimeAnchor),
    description: l.PriceScheduleDescription,
    numberOfLevels: l.NumberOfPriceLevels,
    entries: l.PriceLevelScheduleEntries.PriceLevelScheduleEntry.map((e) => ({ durationS: e.Duration, level: e.PriceLevel })),
  });
}

function powerSchedule(p: PowerScheduleFacts): PowerScheduleType {
  return compact({
    TimeAnchor: BigInt(p.timeAnchorS),
    AvailableEnergy: optionalRational(p.availableEnergy),
    PowerTolerance: optionalRational(p.powerTolerance),
    PowerScheduleEntries: { PowerScheduleEntry: p.entries.map(powerEntry) },
  });
}

function chargingSchedule(c: ChargingScheduleFacts): ChargingScheduleType {
  return { PowerSchedule: powerSchedule(c.power), ...priceElement(c.price) };
}

function readChargingSchedule(c: ChargingScheduleType): ChargingScheduleFacts {
  const p = c.PowerSchedule;
  return compact({
    power: compact({
      timeAnchorS: Number(p.TimeAnchor),
      availableEnergy: optionalFromRational(p.AvailableEnergy),
      powerTolerance: optionalFromRational(p.PowerTolerance),
      entries: p.PowerScheduleEntries.PowerScheduleEntry.map(readPowerEntry),
    }),
    price: readPrice(c),
  });
}

function scheduleTuple(t: ScheduleTupleFacts): ScheduleTupleType {
  return compact({ ScheduleTupleID: t.id, ChargingSchedule: chargingSchedule(t.charging), DischargingSchedule: t.discharging && chargingSchedule(t.discharging) });
}

function readScheduleTuple(t: ScheduleTupleType): ScheduleTupleFacts {
  return compact({ id: t.ScheduleTupleID, charging: readChargingSchedule(t.ChargingSchedule), discharging: t.DischargingSchedule && readChargingSchedule(t.DischargingSchedule) });
}

/** What the SECC answers per control mode. */
export type ScheduleResControlFacts =
  | { readonly mode: 'Scheduled'; readonly tuples: readonly ScheduleTupleFacts[] }
  | {
      readonly mode: 'Dynamic';
      readonly departureTime?: number;
      readonly minimumSoc?: number;
      readonly targetSoc?: number;
      readonly price?: PriceScheduleFacts;
    };

export interface ScheduleExchangeResFacts extends ProcessingResFacts {
  /** The SECC asks the EV to pause the session (e.g. no energy for now). */
  readonly goToPause?: boolean;
  /** Mandatory by the XSD even while Ongoing or FAILED: see placeholderScheduleControl. */
  readonly control: ScheduleResControlFacts;
}

/**
 * The control element of a ScheduleExchangeRes that offers nothing yet (EVSEProcessing=Ongoing) or fails: the XSD
 * requires one of the two. Dynamic: the empty element. Scheduled: one tuple of one 0 W entry, since the element needs
 * a tuple; the EV reads no schedule from a response that is not Finished and OK. Decided without the standard's text
 * (libiso15118 answers Ongoing with the selected mode's element, too).
 */
export function placeholderScheduleControl(mode: ControlMode, nowS: number): ScheduleResControlFacts {
  if (mode === 'Dynamic') return { mode };
  return { mode, tuples: [{ id: 1, charging: { power: { timeAnchorS: nowS, entries: [{ durationS: 0, power: 0 }] } } }] };
}

function resControl(c: ScheduleResControlFacts): Pick<ScheduleExchangeResType, 'Scheduled_SEResControlMode' | 'Dynamic_SEResControlMode'> {
  if (c.mode === 'Scheduled') return { Scheduled_SEResControlMode: { ScheduleTuple: c.tuples.map(scheduleTuple) } };
  return { Dynamic_SEResControlMode: compact({ DepartureTime: c.departureTime, MinimumSOC: c.minimumSoc, TargetSOC: c.targetSoc, ...priceElement(c.price) }) };
}

export function scheduleExchangeRes(ctx: MessageContext, f: ScheduleExchangeResFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    ScheduleExchangeRes: compact({
      Header: headerOf(ctx),
      ResponseCode: f.responseCode,
      EVSEProcessing: f.processing,
      GoToPause: f.goToPause,
      ...resControl(f.control),
    }),
  });
}

export function readScheduleExchangeRes(res: ScheduleExchangeResType): ScheduleExchangeResFacts {
  const d = res.Dynamic_SEResControlMode;
  const s = res.Scheduled_SEResControlMode;
  // The XSD's choice holds exactly one of the two: a decoded document has one.
  const control: ScheduleResControlFacts = s
    ? { mode: 'Scheduled', tuples: s.ScheduleTuple.map(readScheduleTuple) }
    : compact({ mode: 'Dynamic' as const, departureTime: d?.DepartureTime, minimumSoc: d?.MinimumSOC, targetSoc: d?.TargetSOC, price: d && readPrice(d) });
  return compact({ responseCode: res.ResponseCode, processing: res.EVSEProcessing, goToPause: res.GoToPause, control });
}
