/**
 * The one vehicle every scripted EVCC of `bench:secc` reports: a 400 V pack half full, asking 100 A. It never changes,
 * so each session's CurrentDemandReq is encoded once; the SECC does the same work per request as for a real car.
 */
import type { VehicleStatus } from '../adapters/vehicle/vehicle-adapter.js';

export const BENCH_VEHICLE: VehicleStatus = {
  soc: 50,
  batteryVoltage: 380,
  targetVoltage: 400,
  targetCurrent: 100,
  maxVoltage: 450,
  maxCurrent: 250,
  maxPower: 100_000,
  minCurrent: 0,
  energyCapacity: 40_000,
  energyRequest: 20_000,
  fullSoc: 100,
  bulkSoc: 80,
  remainingTimeToFullSoc: 1_800,
  remainingTimeToBulkSoc: 900,
  ready: true,
  stopRequested: false,
};

/** The EV's MAC as EVCCID, locally administered. */
export const BENCH_EVCC_ID = Uint8Array.of(0x02, 0x4b, 0x50, 0x48, 0x00, 0xbe);
