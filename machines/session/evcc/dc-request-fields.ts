/**
 * The EV's DC request fields, the same in DIN 70121 and ISO 15118-2: DC_EVStatus, the DC charge parameters, the
 * PreCharge and CurrentDemand targets (held within the EVSE's limits, ../evse-limits.ts) and the PowerDelivery
 * parameter, built once from the vehicle's snapshot. Quantities go out as PhysicalValue (../physical-value.ts).
 */
import type { VehicleError, VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import { dcTargetsWithin, type EvseLimits } from '../evse-limits.js';
import { targetPhysicalValue, toPhysicalValue } from '../physical-value.js';

/** percentValueType is 0..100: a BMS reporting 100.4 % must not make a request unencodable. */
export function percent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** The EV is full: ChargingComplete, and a reason to leave the charge loop. */
export function chargingComplete(vehicle: VehicleStatus): boolean {
  return vehicle.soc >= vehicle.fullSoc;
}

/** DC_EVStatus as both schemas type it: their DC_EVErrorCodeType shares every code a vehicle reports and NO_ERROR. */
export interface DcEvStatusFields {
  readonly EVReady: boolean;
  readonly EVErrorCode: VehicleError | 'NO_ERROR';
  readonly EVRESSSOC: number;
}

/** DC_EVStatus: ready, the error code (NO_ERROR when none), the SoC. */
export function dcEvStatus(vehicle: VehicleStatus): DcEvStatusFields {
  return { EVReady: vehicle.ready, EVErrorCode: vehicle.error ?? 'NO_ERROR', EVRESSSOC: percent(vehicle.soc) };
}

/** DC_EVChargeParameter of ChargeParameterDiscoveryReq. */
export function dcChargeParameter(vehicle: VehicleStatus) {
  return {
    DC_EVStatus: dcEvStatus(vehicle),
    EVMaximumCurrentLimit: toPhysicalValue(vehicle.maxCurrent, 'A'),
    EVMaximumPowerLimit: toPhysicalValue(vehicle.maxPower, 'W'),
    EVMaximumVoltageLimit: toPhysicalValue(vehicle.maxVoltage, 'V'),
    EVEnergyCapacity: toPhysicalValue(vehicle.energyCapacity, 'Wh'),
    EVEnergyRequest: toPhysicalValue(vehicle.energyRequest, 'Wh'),
    FullSOC: percent(vehicle.fullSoc),
    BulkSOC: percent(vehicle.bulkSoc),
  };
}

/** PreChargeReq: the EVSE raises its output to the battery's voltage, with at most `current`, so the contactors close without a surge. */
export function preChargeFields(vehicle: VehicleStatus, current: number, limits: EvseLimits) {
  const target = dcTargetsWithin({ voltage: vehicle.batteryVoltage, current }, limits);
  return {
    DC_EVStatus: dcEvStatus(vehicle),
    EVTargetVoltage: targetPhysicalValue(target.voltage, 'V'),
    EVTargetCurrent: targetPhysicalValue(target.current, 'A'),
  };
}

/** CurrentDemandReq: the BMS's targets within `limits`, the EV's own limits, and how far the charge is. */
export function currentDemandFields(vehicle: VehicleStatus, limits: EvseLimits) {
  const target = dcTargetsWithin({ voltage: vehicle.targetVoltage, current: vehicle.targetCurrent }, limits);
  return {
    DC_EVStatus: dcEvStatus(vehicle),
    EVTargetCurrent: targetPhysicalValue(target.current, 'A'),
    EVMaximumVoltageLimit: toPhysicalValue(vehicle.maxVoltage, 'V'),
    EVMaximumCurrentLimit: toPhysicalValue(vehicle.maxCurrent, 'A'),
    EVMaximumPowerLimit: toPhysicalValue(vehicle.maxPower, 'W'),
    BulkChargingComplete: vehicle.soc >= vehicle.bulkSoc,
    ChargingComplete: chargingComplete(vehicle),
    ...(vehicle.remainingTimeToFullSoc === undefined ? {} : { RemainingTimeToFullSoC: toPhysicalValue(vehicle.remainingTimeToFullSoc, 's') }),
    ...(vehicle.remainingTimeToBulkSoc === undefined ? {} : { RemainingTimeToBulkSoC: toPhysicalValue(vehicle.remainingTimeToBulkSoc, 's') }),
    EVTargetVoltage: targetPhysicalValue(target.voltage, 'V'),
  };
}

/** DC_EVPowerDeliveryParameter of PowerDeliveryReq. */
export function dcPowerDeliveryParameter(vehicle: VehicleStatus) {
  return { DC_EVStatus: dcEvStatus(vehicle), BulkChargingComplete: vehicle.soc >= vehicle.bulkSoc, ChargingComplete: chargingComplete(vehicle) };
}
