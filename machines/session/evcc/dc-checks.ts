/**
 * The EV's own DC checks, the same in DIN 70121 and ISO 15118-2 (and ISO 15118-20's DC): when PreCharge has brought
 * the EVSE's output to the battery's voltage, so the contactors may close without a surge; when WeldingDetection saw
 * the output discharged, so the contactors did open. Pure, table-tested in test/session/evcc-dc-checks.test.ts.
 */
import type { VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import type { EvseView } from './evse-view-after.js';

/** PreCharge is done once |EVSEPresentVoltage − battery voltage| is below `tolerance`, V. */
export function prechargeDone(evse: EvseView, vehicle: VehicleStatus, tolerance: number): boolean {
  return Math.abs(evse.presentVoltage - vehicle.batteryVoltage) < tolerance;
}

export interface WeldingDetectionBound {
  /** The output is discharged below this, V. */
  readonly voltage: number;
  /** ... or this many WeldingDetectionReq were sent, so a charger that never discharges cannot hold the EV. */
  readonly maxRequests: number;
}

/** WeldingDetection is done after `sent` requests when the output read `evse.presentVoltage`. */
export function weldingDetectionDone(evse: EvseView, sent: number, bound: WeldingDetectionBound): boolean {
  return evse.presentVoltage < bound.voltage || sent >= bound.maxRequests;
}
