/**
 * The vehicle as the EVCC session machines see it, split by concern: the battery and its BMS
 * (./battery-status.ts), the vehicle's energy wishes (./ev-energy-wishes.ts), and the charging control it obeys
 * (./charging-control.ts). The machines take one snapshot of the first two per change, so a change is one machine
 * step however many of the vehicle's controllers it came from; adapters/vehicle/ implements it over CAN and in the
 * simulator.
 */
import type { BatteryStatus } from './battery-status.js';
import type { EvEnergyWishes } from './ev-energy-wishes.js';

export type { BatteryStatus, VehicleError } from './battery-status.js';
export type { VehicleCommand } from './charging-control.js';
export type { EvEnergyWishes } from './ev-energy-wishes.js';

export type VehicleStatus = BatteryStatus & EvEnergyWishes;
