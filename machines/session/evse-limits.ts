/**
 * The EVSE's limits as the EV last heard them, and the EV's targets kept within them, the same in DIN 70121 and
 * ISO 15118-2: the EV may ask for no more than the charger announced (EVSEMaximumVoltageLimit,
 * EVSEMaximumCurrentLimit, EVSEMaximumPowerLimit; AC EVSEMaxCurrent per phase) and, in ISO 15118-2, than the selected
 * SAScheduleTuple's PMax [V2G2-224]. When the charger cannot give what the vehicle needs at all, the EV ends the
 * session instead of asking for what it cannot have. The SECC keeps the EV's targets within the same bounds, read
 * from its power module's EvseStatus, before it commands the power stage (`dcGrant`).
 */
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { ResponseElement } from './evse-verdict.js';
import { fromPhysicalValue } from './physical-value.js';

export interface EvseLimits {
  readonly maxVoltage?: number;
  readonly maxCurrent?: number;
  /** EVSEMaximumPowerLimit, lowered to the selected schedule's PMax where there is one. */
  readonly maxPower?: number;
  /** DC EVSEMinimumVoltageLimit, V. */
  readonly minVoltage?: number;
}

export const NO_LIMITS: EvseLimits = {};

type Quantity = { readonly Multiplier: number; readonly Value: number };

/** A PhysicalValue field of `record`, in SI; undefined when absent. */
function quantity(record: ResponseElement | undefined, field: string): number | undefined {
  const value = record?.[field] as Quantity | undefined;
  return value === undefined ? undefined : fromPhysicalValue(value);
}

/**
 * `limits` updated by a response: ChargeParameterDiscoveryRes's DC_ or AC_EVSEChargeParameter, CurrentDemandRes's
 * optional EVSEMaximum* and ChargingStatusRes's optional EVSEMaxCurrent. A field the response leaves out keeps the
 * value heard before.
 */
export function limitsAfter(limits: EvseLimits, response: ResponseElement): EvseLimits {
  const dc = (response['DC_EVSEChargeParameter'] as ResponseElement | undefined) ?? response;
  const ac = (response['AC_EVSEChargeParameter'] as ResponseElement | undefined) ?? response;
  const heard: Record<string, number | undefined> = {
    maxVoltage: quantity(dc, 'EVSEMaximumVoltageLimit'),
    maxCurrent: quantity(dc, 'EVSEMaximumCurrentLimit') ?? quantity(ac, 'EVSEMaxCurrent'),
    maxPower: quantity(dc, 'EVSEMaximumPowerLimit'),
    minVoltage: quantity(dc, 'EVSEMinimumVoltageLimit'),
  };
  const changed = Object.fromEntries(Object.entries(heard).filter(([, value]) => value !== undefined));
  return Object.keys(changed).length === 0 ? limits : Object.assign({}, limits, changed);
}

/** `limits` with the power no higher than `pMax` (the schedule's), W. */
export function withPowerCap(limits: EvseLimits, pMax: number | undefined): EvseLimits {
  if (pMax === undefined) return limits;
  return Object.assign({}, limits, { maxPower: Math.min(limits.maxPower ?? Infinity, pMax) });
}

export interface DcTargets {
  readonly voltage: number;
  readonly current: number;
}

/**
 * EVTargetVoltage and EVTargetCurrent within `limits`: the voltage at most the maximum voltage, the current at most the
 * maximum current and the maximum power at that voltage (the target voltage is the highest the bus reaches, so the
 * power stays within the limit at any voltage below it). Never negative.
 */
export function dcTargetsWithin(wanted: DcTargets, limits: EvseLimits): DcTargets {
  const voltage = Math.max(0, Math.min(wanted.voltage, limits.maxVoltage ?? Infinity));
  const byPower = limits.maxPower === undefined || voltage === 0 ? Infinity : limits.maxPower / voltage;
  const current = Math.max(0, Math.min(wanted.current, limits.maxCurrent ?? Infinity, byPower));
  return { voltage, current };
}

/** The EV's DC targets as PreChargeReq and CurrentDemandReq carry them, in DIN 70121 and ISO 15118-2 alike. */
export interface EvTargetFields {
  readonly EVTargetVoltage: Quantity;
  readonly EVTargetCurrent: Quantity;
}

/** What the SECC grants of the EV's targets, and which of its limits held them back (CurrentDemandRes's flags). */
export interface DcGrant extends DcTargets {
  readonly voltageLimitAchieved: boolean;
  readonly currentLimitAchieved: boolean;
  readonly powerLimitAchieved: boolean;
}

/**
 * The SECC's view: the EV's targets within the power module's own limits, which is what the power stage is commanded,
 * whatever the EV asks. A target beyond a limit is no reason to refuse the request: the SECC answers with its limits
 * and EVSEVoltageLimitAchieved, EVSECurrentLimitAchieved, EVSEPowerLimitAchieved set where the EV's target reaches
 * that limit (the power: the current asked at the voltage granted), so the EV knows the EVSE gives what it can.
 */
export function dcGrant(request: EvTargetFields, limits: Required<Pick<EvseLimits, 'maxVoltage' | 'maxCurrent' | 'maxPower'>>): DcGrant {
  const wanted = { voltage: fromPhysicalValue(request.EVTargetVoltage), current: fromPhysicalValue(request.EVTargetCurrent) };
  const granted = dcTargetsWithin(wanted, limits);
  return {
    voltage: granted.voltage,
    current: granted.current,
    voltageLimitAchieved: wanted.voltage >= limits.maxVoltage,
    currentLimitAchieved: wanted.current >= limits.maxCurrent,
    powerLimitAchieved: granted.voltage * wanted.current >= limits.maxPower,
  };
}

/**
 * AC: the current per phase the EV draws, at most EVSEMaxCurrent (per phase) and the power limit spread over
 * `phaseVolts`, the nominal voltage times the phases in use.
 */
export function acCurrentWithin(wanted: number, limits: EvseLimits, phaseVolts: number): number {
  const byPower = limits.maxPower === undefined || !(phaseVolts > 0) ? Infinity : limits.maxPower / phaseVolts;
  return Math.max(0, Math.min(wanted, limits.maxCurrent ?? Infinity, byPower));
}

/**
 * Why the charger cannot charge this vehicle at all, or undefined when it can: a maximum voltage below the battery's
 * (no current can flow into it), a minimum voltage above the vehicle's maximum, no current or power, or (AC) less
 * current than the vehicle's EVMinCurrent.
 */
export function evseShortfall(limits: EvseLimits, vehicle: VehicleStatus): string | undefined {
  const { maxVoltage, maxCurrent, maxPower, minVoltage } = limits;
  if (maxVoltage !== undefined && maxVoltage < vehicle.batteryVoltage) {
    return `EVSEMaximumVoltageLimit ${maxVoltage} V is below the battery's ${round(vehicle.batteryVoltage)} V`;
  }
  if (minVoltage !== undefined && minVoltage > vehicle.maxVoltage) {
    return `EVSEMinimumVoltageLimit ${minVoltage} V is above the vehicle's maximum ${vehicle.maxVoltage} V`;
  }
  if (maxCurrent !== undefined && maxCurrent <= 0) return `the EVSE's maximum current is ${maxCurrent} A`;
  if (maxCurrent !== undefined && maxCurrent < vehicle.minCurrent) {
    return `the EVSE's maximum current ${maxCurrent} A is below the vehicle's minimum ${vehicle.minCurrent} A`;
  }
  if (maxPower !== undefined && maxPower <= 0) return `the EVSE's maximum power is ${maxPower} W`;
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
