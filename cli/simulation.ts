/**
 * The simulated vehicle and power stage the command line runs against when no real one is attached: a 400-V pack
 * (40 kWh) or an 800-V one (77 kWh, 180 cells in series, as today's 800-V cars), and a DC stage with the limits of a
 * current high-power charger, 920 V / 500 A / 350 kW (or a 3 × 32 A AC supply); `secc` sets the stage's limits,
 * `evcc` and `demo` the pack. Defaults are chosen so `demo --speed 100` ends in seconds.
 */
import type { Clock } from '../base/clock.js';
import { createAcSupplySimulator, type AcSupplySimulator, type PhaseCount } from '../adapters/simulators/ac-supply.js';
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

export const PACKS = ['400', '800'] as const;
export type Pack = (typeof PACKS)[number];

interface PackSpec {
  readonly capacityWh: number;
  /** The full pack's voltage: EVMaximumVoltageLimit and the CC/CV target. */
  readonly maxVoltage: number;
  /** Absent: as many 4.2 V cells as fit maxVoltage. */
  readonly cellsInSeries?: number;
  readonly dc: { readonly maxCurrent: number; readonly maxPower: number };
}

/**
 * An 800-V pack of 180 NMC cells rests at about 670 V at 40 %, where real 800-V cars ask PreCharge (627-695 V in the
 * field); it takes up to 400 A and 240 kW. The on-board AC charger is the same for both: 3 × 32 A, 22 kW.
 */
const PACK_SPECS: Readonly<Record<Pack, PackSpec>> = {
  '400': { capacityWh: 40_000, maxVoltage: 450, dc: { maxCurrent: 250, maxPower: 100_000 } },
  '800': { capacityWh: 77_000, maxVoltage: 756, cellsInSeries: 180, dc: { maxCurrent: 400, maxPower: 240_000 } },
};
const ON_BOARD_CHARGER = { maxCurrent: 32, maxPower: 22_000, minCurrent: 6 } as const;

/**
 * What the pack gives back when bidirectional (ISO 15118-20 BPT): DC 50 kW as today's V2G-ready cars offer, AC the
 * on-board charger's 11 kW (3 × 16 A); the SoC never below 20 %, a driver's reserve.
 */
const V2X = { dc: { maxDischargePower: 50_000, maxDischargeCurrent: 125 }, ac: { maxDischargePower: 11_000, maxDischargeCurrent: 16 }, minSoc: 20 } as const;

/** A stage that takes energy back (BPT) does so within these limits: DC 50 kW / 125 A, AC 16 A per phase (11 kW). */
const STAGE_DISCHARGE = { dc: { maxPower: 50_000, maxCurrent: 125 }, ac: { maxPower: 11_000, maxCurrent: 16 } } as const;

export function simulatedBattery(
  clock: Clock,
  mode: 'ac' | 'dc',
  scenario: VehicleScenario = DEFAULT_SCENARIO[mode],
  pack: Pack = '400',
  bidirectional = false,
): BatterySimulator {
  const spec = PACK_SPECS[pack];
  return createBatterySimulator({
    clock,
    capacityWh: spec.capacityWh,
    initialSoc: scenario.initialSoc,
    targetSoc: scenario.targetSoc,
    maxVoltage: spec.maxVoltage,
    ...(spec.cellsInSeries === undefined ? {} : { cellsInSeries: spec.cellsInSeries }),
    ...(mode === 'dc' ? { ...spec.dc, minCurrent: 0 } : ON_BOARD_CHARGER),
    ...(bidirectional ? { dischargeAllowed: true, ...V2X[mode], minSoc: Math.min(V2X.minSoc, scenario.initialSoc) } : {}),
  });
}

/** The DC stage's limits: EVSEMaximumVoltageLimit (V), EVSEMaximumCurrentLimit (A), EVSEMaximumPowerLimit (W). */
export interface DcStage {
  readonly maxVoltage: number;
  readonly maxCurrent: number;
  readonly maxPower: number;
}

/** The AC supply: EVSEMaxCurrent per phase (A) and the phases wired. */
export interface AcStage {
  readonly maxCurrent: number;
  readonly phases: PhaseCount;
}

/** What the command line may set of either; the rest comes from the mode's defaults. */
export type StageLimits = Partial<DcStage & AcStage>;

export const DEFAULT_DC_STAGE: DcStage = { maxVoltage: 920, maxCurrent: 500, maxPower: 350_000 };
export const DEFAULT_AC_STAGE: AcStage = { maxCurrent: 32, phases: 3 };

export type SimulatedSupply = DcSupplySimulator | AcSupplySimulator;

/** The lowest output of the DC stage, V, and the lowest current the AC supply signals, A (IEC 61851-1's PWM). */
const DC_MIN_VOLTAGE = 150;
const AC_MIN_CURRENT = 6;

/**
 * A fresh stage per session, as each connector has its own; DC is wired to `battery` when the EV is simulated too.
 * `limits` override the mode's defaults; a bidirectional stage (ISO 15118-20 BPT) takes energy back too.
 */
export function simulatedSupply(clock: Clock, mode: 'ac' | 'dc', battery?: BatterySimulator, limits: StageLimits = {}, bidirectional = false): SimulatedSupply {
  const discharge = bidirectional ? { discharge: STAGE_DISCHARGE[mode] } : {};
  if (mode === 'ac') {
    const { maxCurrent = DEFAULT_AC_STAGE.maxCurrent, phases = DEFAULT_AC_STAGE.phases } = limits;
    // The control pilot's lowest 6 A, unless the supply has less to give.
    return createAcSupplySimulator({ clock, maxCurrent, phases, minCurrent: Math.min(AC_MIN_CURRENT, maxCurrent), ...discharge });
  }
  const { maxVoltage = DEFAULT_DC_STAGE.maxVoltage, maxCurrent = DEFAULT_DC_STAGE.maxCurrent, maxPower = DEFAULT_DC_STAGE.maxPower } = limits;
  const minVoltage = Math.min(DC_MIN_VOLTAGE, maxVoltage);
  const supply = createDcSupplySimulator({ clock, maxVoltage, maxCurrent, maxPower, minVoltage, minCurrent: 0, isolationCheckMs: 3_000, ...discharge });
  if (battery) supply.connectLoad(() => battery.status.batteryVoltage);
  return supply;
}
