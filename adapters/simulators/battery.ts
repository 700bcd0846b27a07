/**
 * A SIMULATED vehicle battery and BMS, implementing VehicleAdapter for tests and the demo. Its SoC follows the energy
 * the EVCC reports as delivered (`charging` commands: the EVSE's present voltage × current, integrated over clock
 * time); its terminal voltage rises with SoC along an open-circuit-voltage curve plus the internal-resistance drop;
 * its requested current is constant up to BulkSOC, tapers to FullSOC and is held under the pack's maximum voltage
 * (CC/CV). It discharges too (ISO 15118-20 BPT): a `charging` command with a negative current takes energy from
 * the pack, within its discharge limits, only with the V2X permission and never below its minimum SoC; the energy is
 * counted both ways. Deterministic: time comes only from the injected clock.
 */
import { BehaviorSubject } from 'rxjs';
import type { Clock } from '../../base/clock.js';
import type { VehicleAdapter, VehicleCommand, VehicleError, VehicleStatus } from '../vehicle/vehicle-adapter.js';
import { energyWh } from './energy.js';
import { inRange, positive } from './errors.js';
import { createScheduler } from './scheduler.js';

export interface BatterySimulatorOptions {
  readonly clock: Clock;
  /** Usable capacity (EVEnergyCapacity), Wh. */
  readonly capacityWh: number;
  /** SoC at start, %. */
  readonly initialSoc: number;
  /** The driver's target SoC, %: on reaching it the BMS asks to stop. Default: `fullSoc`. */
  readonly targetSoc?: number;
  /** The pack's maximum voltage (EVMaximumVoltageLimit; also EVTargetVoltage, as a CC/CV charger is asked), V. */
  readonly maxVoltage: number;
  /** EVMaximumCurrentLimit, A, and EVMaximumPowerLimit, W. */
  readonly maxCurrent: number;
  readonly maxPower: number;
  /** AC: EVMinCurrent per phase, A. Default 0. */
  readonly minCurrent?: number;
  /** BulkSOC (end of constant current) and FullSOC, %. Defaults 80 and 100. */
  readonly bulkSoc?: number;
  readonly fullSoc?: number;
  /** Cells in series. Default: as many 4.2 V cells as fit `maxVoltage`, so a full pack rests at about maxVoltage. */
  readonly cellsInSeries?: number;
  /** The pack's internal resistance, Ω: the terminal voltage is OCV + I·R while charging. Default 0.1 Ω. */
  readonly internalResistance?: number;
  /** Seconds until departure (DepartureTime), counted down with the clock; absent: unknown. */
  readonly departureTime?: number;
  /** How often status$ reports, ms of clock time. Default 1000. */
  readonly tickMs?: number;
  /** The SoC the pack never discharges below (MinimumSOC), %. Default 0. */
  readonly minSoc?: number;
  /**
   * Bidirectional power transfer: the energy manager lets the grid draw from the pack (V2X permission), and the most
   * the pack gives back, W and A (EVMaximumDischargePower, EVMaximumDischargeCurrent). Default: no discharging.
   */
  readonly dischargeAllowed?: boolean;
  readonly maxDischargePower?: number;
  readonly maxDischargeCurrent?: number;
}

/** The energy that flowed since the simulator started, Wh: into the pack and out of it. */
export interface BatteryEnergy {
  readonly chargedWh: number;
  readonly dischargedWh: number;
}

export interface BatterySimulator extends VehicleAdapter {
  /** The latest status (what status$ replays to a new subscriber). */
  readonly status: VehicleStatus;
  /** The energy counted both ways up to the last update. */
  readonly energy: BatteryEnergy;
  /** The driver asks to stop (stopRequested becomes true). */
  requestStop(): void;
  /** The BMS reports a fault (EVErrorCode); the vehicle is no longer ready. */
  injectError(error: VehicleError): void;
  /** Stops the ticks and completes status$. */
  stop(): void;
}

/**
 * Open-circuit voltage of one cell by SoC: a plausible NMC shape (steep below 10 %, flat middle, rising to 4.2 V),
 * not a model of any real cell. Piecewise linear between the points.
 */
const CELL_OCV: ReadonlyArray<readonly [soc: number, volts: number]> = [
  [0, 3.0],
  [5, 3.45],
  [10, 3.55],
  [20, 3.62],
  [40, 3.72],
  [60, 3.85],
  [80, 4.0],
  [90, 4.08],
  [100, 4.2],
];
const CELL_FULL_VOLTAGE = 4.2;

/** Above BulkSOC the requested current falls linearly toward FullSOC, but not below this share of the CC current. */
const TAPER_FLOOR = 0.05;

function cellOcv(soc: number): number {
  for (let i = 1; i < CELL_OCV.length; i++) {
    const [s1, v1] = CELL_OCV[i]!;
    const [s0, v0] = CELL_OCV[i - 1]!;
    if (soc <= s1) return v0 + ((v1 - v0) * (soc - s0)) / (s1 - s0);
  }
  return CELL_FULL_VOLTAGE;
}

const NAME = 'battery';

function chargingPower(command: Extract<VehicleCommand, { type: 'charging' }>): number {
  return command.voltage * command.current * (command.phases ?? 1);
}

export function createBatterySimulator(options: BatterySimulatorOptions): BatterySimulator {
  const { clock } = options;
  const capacityWh = positive(NAME, 'capacityWh', options.capacityWh);
  const maxVoltage = positive(NAME, 'maxVoltage', options.maxVoltage);
  const maxCurrent = positive(NAME, 'maxCurrent', options.maxCurrent);
  const maxPower = positive(NAME, 'maxPower', options.maxPower);
  const minCurrent = inRange(NAME, 'minCurrent', options.minCurrent ?? 0, 0);
  const fullSoc = inRange(NAME, 'fullSoc', options.fullSoc ?? 100, 0, 100);
  const bulkSoc = inRange(NAME, 'bulkSoc', options.bulkSoc ?? 80, 0, fullSoc);
  const targetSoc = inRange(NAME, 'targetSoc', options.targetSoc ?? fullSoc, 0, 100);
  const cells = positive(NAME, 'cellsInSeries', options.cellsInSeries ?? Math.max(1, Math.round(maxVoltage / CELL_FULL_VOLTAGE)));
  const resistance = inRange(NAME, 'internalResistance', options.internalResistance ?? 0.1, 0);
  const tickMs = positive(NAME, 'tickMs', options.tickMs ?? 1000);
  const departureTime = options.departureTime === undefined ? undefined : inRange(NAME, 'departureTime', options.departureTime, 0);
  const minSoc = inRange(NAME, 'minSoc', options.minSoc ?? 0, 0, targetSoc);
  const dischargeAllowed = options.dischargeAllowed ?? false;
  const maxDischargePower = inRange(NAME, 'maxDischargePower', options.maxDischargePower ?? 0, 0);
  const maxDischargeCurrent = inRange(NAME, 'maxDischargeCurrent', options.maxDischargeCurrent ?? 0, 0);

  const startedAt = clock.now();
  let soc = inRange(NAME, 'initialSoc', options.initialSoc, 0, 100);
  let lastUpdate = startedAt;
  let charging: Extract<VehicleCommand, { type: 'charging' }> | undefined;
  let driverStop = false;
  let error: VehicleError | undefined;
  let chargedWh = 0;
  let dischargedWh = 0;

  /**
   * The power the pack takes (negative: gives) under `command`, W: a discharge only with the V2X permission, within
   * the discharge limits at the pack's voltage.
   */
  function packPower(command: Extract<VehicleCommand, { type: 'charging' }>): number {
    const power = chargingPower(command);
    if (power >= 0) return power;
    if (!dischargeAllowed) return 0;
    const ocv = cellOcv(soc) * cells;
    return -Math.min(-power, maxDischargePower, maxDischargeCurrent * ocv);
  }

  /** Moves the SoC to `now` with the power of the charging command in force since the last update. */
  function integrate(now: number): void {
    if (charging?.active) {
      const wh = energyWh(packPower(charging), now - lastUpdate);
      if (wh >= 0) {
        const taken = Math.min(wh, ((100 - soc) / 100) * capacityWh);
        chargedWh += taken;
        soc += (taken / capacityWh) * 100;
      } else {
        // Never below the minimum SoC: the pack stops giving there.
        const given = Math.min(-wh, Math.max(0, ((soc - minSoc) / 100) * capacityWh));
        dischargedWh += given;
        soc -= (given / capacityWh) * 100;
      }
    }
    lastUpdate = now;
  }

  /** What the BMS asks for at this SoC: CC up to BulkSOC, linear taper to FullSOC, capped so OCV + I·R ≤ maxVoltage. */
  function requestedCurrent(ocv: number, terminal: number): number {
    if (soc >= targetSoc || driverStop || error !== undefined) return 0;
    let current = Math.min(maxCurrent, maxPower / terminal);
    if (soc > bulkSoc) current *= Math.max(TAPER_FLOOR, (fullSoc - soc) / (fullSoc - bulkSoc));
    if (resistance > 0) current = Math.min(current, (maxVoltage - ocv) / resistance);
    return Math.max(0, current);
  }

  /** Seconds to reach `soc` at `power` W; undefined when no power flows or is asked for. */
  function secondsTo(toSoc: number, power: number): number | undefined {
    if (soc >= toSoc) return 0;
    if (!(power > 0)) return undefined;
    return (((toSoc - soc) / 100) * capacityWh * 3600) / power;
  }

  function snapshot(now: number): VehicleStatus {
    const ocv = cellOcv(soc) * cells;
    // AC arrives as phases × phase current; the pack sees that power at its own voltage.
    const flowing = !charging?.active ? 0 : charging.phases === undefined ? charging.current : chargingPower(charging) / ocv;
    const batteryVoltage = ocv + flowing * resistance;
    const targetCurrent = requestedCurrent(ocv, batteryVoltage);
    // "At the present rate": the power flowing now, or before energy flows, the power the BMS asks for.
    const rate = charging?.active ? chargingPower(charging) : targetCurrent * batteryVoltage;
    const remainingTimeToFullSoc = secondsTo(fullSoc, rate);
    const remainingTimeToBulkSoc = secondsTo(bulkSoc, rate);
    return {
      soc,
      batteryVoltage,
      targetVoltage: maxVoltage,
      targetCurrent,
      maxVoltage,
      maxCurrent,
      maxPower,
      minCurrent,
      energyCapacity: capacityWh,
      energyRequest: Math.max(0, ((targetSoc - soc) / 100) * capacityWh),
      targetSoc,
      minSoc,
      dischargeAllowed,
      maxDischargePower,
      minDischargePower: 0,
      maxDischargeCurrent,
      minDischargeCurrent: 0,
      fullSoc,
      bulkSoc,
      ...(departureTime !== undefined && { departureTime: Math.max(0, departureTime - (now - startedAt) / 1000) }),
      ...(remainingTimeToFullSoc !== undefined && { remainingTimeToFullSoc }),
      ...(remainingTimeToBulkSoc !== undefined && { remainingTimeToBulkSoc }),
      ready: error === undefined,
      stopRequested: driverStop || soc >= targetSoc || error !== undefined,
      ...(error !== undefined && { error }),
    };
  }

  const status$ = new BehaviorSubject<VehicleStatus>(snapshot(startedAt));
  const scheduler = createScheduler(clock);

  function update(): void {
    const now = clock.now();
    integrate(now);
    status$.next(snapshot(now));
  }

  scheduler.every(tickMs, update);

  return {
    status$: status$.asObservable(),
    get status() {
      return status$.getValue();
    },
    get energy() {
      return { chargedWh, dischargedWh };
    },
    command(command) {
      // The energy up to now was delivered under the previous command: account for it before switching.
      integrate(clock.now());
      switch (command.type) {
        case 'charging':
          charging = command;
          break;
        case 'contactors':
        case 'controlPilot':
          // The simulated pack has no contactor or pilot circuit of its own: energy flows exactly while `charging` is active.
          break;
      }
      update();
    },
    requestStop() {
      driverStop = true;
      update();
    },
    injectError(fault) {
      error = fault;
      update();
    },
    stop() {
      scheduler.cancelAll();
      status$.complete();
    },
  };
}
