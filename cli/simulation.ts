/**
 * The simulated vehicle and power stage the command line runs against when no real one is attached: a 40 kWh, 400 V
 * pack and a 150 kW DC stage (or a 3 × 32 A AC supply). Defaults are chosen so `demo --speed 100` ends in seconds.
 */
import type { Clock } from '../actors/runtime/clock.js';
import { createAcSupplySimulator, type AcSupplySimulator } from '../adapters/simulators/ac-supply.js';
import { createBatterySimulator, type BatterySimulator } from '../adapters/simulators/battery.js';
import { createDcSupplySimulator, type DcSupplySimulator } from '../adapters/simulators/dc-supply.js';

export interface VehicleScenario {
  readonly initialSoc: number;
  readonly targetSoc: number;
}

/** DC fills 40 → 80 %; AC, at a tenth of the power, 70 → 80 %. */
export const DEFAULT_SCENARIO: Readonly<Record<'ac' | 'dc', VehicleScenario>> = {
  dc: { initialSoc: 40, targetSoc: 80 },
  ac: { initialSoc: 70, targetSoc: 80 },
};

export function simulatedBattery(clock: Clock, mode: 'ac' | 'dc', scenario: VehicleScenario = DEFAULT_SCENARIO[mode]): BatterySimulator {
  return createBatterySimulator({
    clock,
    capacityWh: 40_000,
    initialSoc: scenario.initialSoc,
    targetSoc: scenario.targetSoc,
    maxVoltage: 450,
    maxCurrent: mode === 'dc' ? 250 : 32,
    maxPower: mode === 'dc' ? 100_000 : 22_000,
    minCurrent: mode === 'ac' ? 6 : 0,
  });
}

export type SimulatedSupply = DcSupplySimulator | AcSupplySimulator;

/** A fresh stage per session, as each connector has its own; DC is wired to `battery` when the EV is simulated too. */
export function simulatedSupply(clock: Clock, mode: 'ac' | 'dc', battery?: BatterySimulator): SimulatedSupply {
  if (mode === 'ac') return createAcSupplySimulator({ clock, maxCurrent: 32, phases: 3 });
  const supply = createDcSupplySimulator({ clock, maxVoltage: 500, maxCurrent: 300, maxPower: 150_000, minVoltage: 150, minCurrent: 0, isolationCheckMs: 3_000 });
  if (battery) supply.connectLoad(() => battery.status.batteryVoltage);
  return supply;
}
