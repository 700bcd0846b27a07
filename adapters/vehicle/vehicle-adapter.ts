/**
 * The EV side's boundary to the vehicle: the status its BMS, VCU and EMS report (in, one snapshot per change) and the
 * charging control the EVCC asks of it (out). The types, split by concern, live in base/vehicle/ so the session
 * machines need nothing from adapters/. A real vehicle implements it over CAN (../can/can-vehicle.ts);
 * ../simulators/battery.ts implements it for tests and the demo.
 */
import type { Observable } from 'rxjs';
import type { VehicleCommand } from '../../base/vehicle/charging-control.js';
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';

export type { BatteryStatus, EvEnergyWishes, VehicleCommand, VehicleError, VehicleStatus } from '../../base/vehicle/vehicle-status.js';

/** The battery and the EMS, as one status snapshot: the latest first, then each change. */
export interface VehicleStatusSource {
  readonly status$: Observable<VehicleStatus>;
}

/** Contactors, control pilot, energy flow. */
export interface ChargingControl {
  command(command: VehicleCommand): void;
}

export interface VehicleAdapter extends VehicleStatusSource, ChargingControl {}
