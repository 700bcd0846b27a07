/**
 * The power the ISO 15118-20 EV aims for in the charge loop, signed (negative: it discharges into the grid or the
 * home, BPT), W:
 *
 * - Scheduled: the picked ScheduleTuple is a band. Its ChargingSchedule's power is the most the EV may take, its
 *   DischargingSchedule's (negative) the most it may give. The EV takes what its BMS asks for within the band; where
 *   the band's top is below zero the station commands a discharge and the EV gives the least the band asks for, as far
 *   as its own discharge limits allow (decided without the standard's text, as the band's reading the XSD suggests).
 * - Dynamic: the SECC steers. AC: EVSETargetActivePower (the first phase's, with _L2 and _L3 when the SECC states
 *   phases apart, else the total); DC: the SECC sets the current itself within the EV's limits, so the EV aims at
 *   nothing and reads what flows.
 *
 * Either way the EV never exceeds its own limits, never discharges without the V2X permission of its energy manager,
 * below its minimum SoC, or in a session that is not BPT. Pure, table-tested.
 */
import type { VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import type { ModeFacts } from '../iso20-loop-parts.js';
import type { ChargingScheduleFacts } from '../iso20-schedule-exchange.js';
import { isBidirectional } from '../iso20-services.js';
import type { Iso20EvccContext } from './iso20-evcc-context.js';

/** What the BMS asks for now, W: nothing when it wants to stop or is at its target. */
export function evPowerWish(vehicle: VehicleStatus): number {
  if (vehicle.stopRequested || !vehicle.ready) return 0;
  return Math.min(vehicle.maxPower, vehicle.targetCurrent * vehicle.batteryVoltage);
}

/** The most the battery may give now, W, as a magnitude: 0 without V2X permission or at its minimum SoC. */
export function dischargeCapability(vehicle: VehicleStatus): number {
  if (vehicle.dischargeAllowed !== true || !vehicle.ready || vehicle.soc <= (vehicle.minSoc ?? 0)) return 0;
  const byCurrent = (vehicle.maxDischargeCurrent ?? 0) * vehicle.batteryVoltage;
  return Math.max(0, Math.min(vehicle.maxDischargePower ?? 0, byCurrent));
}

/** The power of a schedule `elapsedS` after it began, W; undefined after its last entry. */
export function schedulePowerAt(schedule: ChargingScheduleFacts | undefined, elapsedS: number): number | undefined {
  if (schedule === undefined) return undefined;
  let start = 0;
  for (const entry of schedule.power.entries) {
    if (elapsedS < start + entry.durationS) return entry.power + (entry.power_L2 ?? 0) + (entry.power_L3 ?? 0);
    start += entry.durationS;
  }
  return undefined;
}

/** `power` held within what the vehicle can take and give. */
function withinVehicle(power: number, vehicle: VehicleStatus, bpt: boolean): number {
  const give = bpt ? dischargeCapability(vehicle) : 0;
  return Math.max(-give, Math.min(power, vehicle.maxPower));
}

/** Scheduled: the BMS's wish within the picked tuple's band at `nowMs`; past the schedule's end, nothing. */
export function scheduledSetpoint(context: Iso20EvccContext, nowMs: number): number {
  const { schedule, scheduleAnchorMs, vehicle, input } = context;
  if (schedule === undefined || context.standby) return 0;
  const elapsedS = Math.max(0, (nowMs - (scheduleAnchorMs ?? nowMs)) / 1000);
  const top = schedulePowerAt(schedule.charging, elapsedS) ?? 0;
  const bpt = isBidirectional(input.service);
  if (top >= 0) return Math.min(evPowerWish(vehicle), top);
  // The station asks for a discharge: the least the band allows, bounded by the discharging schedule's floor.
  const floor = schedulePowerAt(schedule.discharging, elapsedS) ?? top;
  return withinVehicle(Math.max(floor, top), vehicle, bpt);
}

/** AC Dynamic: the SECC's EVSETargetActivePower of the last loop response, W. */
export function dynamicTarget(control: ModeFacts | undefined): number {
  const q = control?.quantities ?? {};
  const first = q['TargetActivePower'] ?? 0;
  return first + (q['TargetActivePower_L2'] ?? 0) + (q['TargetActivePower_L3'] ?? 0);
}

/** The power the EV aims for now, W, signed. DC Dynamic has none: the EVSE sets it (see the file comment). */
export function setpoint(context: Iso20EvccContext, nowMs: number): number {
  if (context.standby) return 0;
  if (context.input.controlMode === 'Scheduled') return scheduledSetpoint(context, nowMs);
  return withinVehicle(dynamicTarget(context.loopControl), context.vehicle, isBidirectional(context.input.service));
}
