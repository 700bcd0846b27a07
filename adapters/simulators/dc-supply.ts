/**
 * A SIMULATED DC power stage, implementing PowerModule for tests and the demo: an insulation test that takes
 * `isolationCheckMs` (CableCheck), an output voltage that ramps at `rampVoltsPerSecond` (PreCharge), and a current that
 * follows the CurrentDemand setpoint within the stage's current and power limits, metered over clock time. Switched
 * off (a stop, the end of the insulation test, a fault), the output discharges through the stage's bleeder as an RC
 * circuit does, exponentially with `dischargeTimeConstantMs`: the EV's WeldingDetection sees the voltage fall, below
 * 60 V within a second from 920 V (IEC 61851-23 asks a DC charger's output below 60 V within 1 s of a stop;
 * unverified as to the clause). Deterministic: time comes only from the injected clock.
 *
 * Output voltage while delivering: a DC stage feeding a battery cannot impose its voltage; the battery's terminal
 * voltage sets the bus. So when a load is connected (`connectLoad(() => battery.status.batteryVoltage)`) the present
 * voltage is the load's and the current flows only while that voltage is below the EV's target voltage. Without a
 * load (a stage tested alone) the output keeps following the deliver voltage target, as into a resistive test load.
 *
 * Bidirectional (ISO 15118-20 DC_BPT) with `discharge` limits: a negative deliver current takes energy back from the
 * battery, as much as asked within the discharge current and power limits, whatever the bus voltage (the battery
 * drives it); the meter counts it apart (meterReturnedWh). A stage without them never takes energy back.
 */
import type { EvseStatus, IsolationLevel, PowerCommand } from '../evse.js';
import type { DischargeLimits } from '../../machines/session/secc/evse-snapshot.js';
import { inRange, positive } from './errors.js';
import { dischargeLimitsOf, runSupply, type SupplyOptions, type SupplySimulator } from './supply.js';

export interface DcSupplySimulatorOptions extends SupplyOptions {
  /** EVSEMaximumVoltageLimit, V; EVSEMaximumCurrentLimit, A; EVSEMaximumPowerLimit, W. */
  readonly maxVoltage: number;
  readonly maxCurrent: number;
  readonly maxPower: number;
  /** EVSEMinimumVoltageLimit, V, and EVSEMinimumCurrentLimit, A. Defaults 0. */
  readonly minVoltage?: number;
  readonly minCurrent?: number;
  /** How fast the output voltage rises (PreCharge) or follows a lower setpoint, V/s. Default 200. */
  readonly rampVoltsPerSecond?: number;
  /** The time constant of the output's discharge once switched off, ms. Default 250: 920 V fall below 20 V in 1 s. */
  readonly dischargeTimeConstantMs?: number;
  /** How long the insulation test runs, ms. Default 3000. */
  readonly isolationCheckMs?: number;
  /** What the insulation test finds. Default 'Valid'. */
  readonly isolationResult?: IsolationLevel;
  /** EVSEMaximum/MinimumDischargePower (W) and Current (A): the stage is bidirectional. Default: none. */
  readonly discharge?: Partial<DischargeLimits>;
}

export interface DcSupplySimulator extends SupplySimulator<EvseStatus> {
  /** Connects the EV battery: while delivering, the output voltage is what `voltage()` reads. */
  connectLoad(voltage: () => number): void;
}

type Mode =
  | { readonly kind: 'off' }
  | { readonly kind: 'isolationCheck'; readonly voltage: number }
  | { readonly kind: 'precharge'; readonly voltage: number; readonly current: number }
  | { readonly kind: 'deliver'; readonly voltage: number; readonly current: number };

const NAME = 'dc-supply';

export function createDcSupplySimulator(options: DcSupplySimulatorOptions): DcSupplySimulator {
  const maxVoltage = positive(NAME, 'maxVoltage', options.maxVoltage);
  const maxCurrent = positive(NAME, 'maxCurrent', options.maxCurrent);
  const maxPower = positive(NAME, 'maxPower', options.maxPower);
  const minVoltage = inRange(NAME, 'minVoltage', options.minVoltage ?? 0, 0, maxVoltage);
  const minCurrent = inRange(NAME, 'minCurrent', options.minCurrent ?? 0, 0, maxCurrent);
  const ramp = positive(NAME, 'rampVoltsPerSecond', options.rampVoltsPerSecond ?? 200);
  const dischargeTau = positive(NAME, 'dischargeTimeConstantMs', options.dischargeTimeConstantMs ?? 250);
  const isolationCheckMs = inRange(NAME, 'isolationCheckMs', options.isolationCheckMs ?? 3000, 0);
  const isolationResult = options.isolationResult ?? 'Valid';
  const discharge = dischargeLimitsOf(NAME, options.discharge);

  let load: (() => number) | undefined;

  const supply = runSupply<EvseStatus>(NAME, options, ({ after }) => {
    let mode: Mode = { kind: 'off' };
    let voltage = 0;
    let ready = false;
    let isolation: IsolationLevel = 'Invalid';
    let isolationCheckRunning = false;
    // A new check or a stop supersedes a check still running: its timer must not report a stale result.
    let isolationRun = 0;

    const loadVoltage = (): number | undefined => (mode.kind === 'deliver' && load !== undefined ? load() : undefined);

    function targetVoltage(): number {
      return mode.kind === 'off' ? 0 : Math.min(mode.voltage, maxVoltage);
    }

    function present(): { voltage: number; current: number } {
      const bus = loadVoltage() ?? voltage;
      switch (mode.kind) {
        case 'off':
        case 'isolationCheck':
          return { voltage: bus, current: 0 };
        case 'precharge':
          // PreCharge current charges the EV's input capacitance only while the voltage still rises.
          return { voltage: bus, current: ready ? 0 : Math.min(mode.current, maxCurrent) };
        case 'deliver': {
          if (mode.current < 0) {
            if (discharge === undefined) return { voltage: bus, current: 0 };
            const byDischargePower = bus > 0 ? discharge.maxPower / bus : discharge.maxCurrent;
            return { voltage: bus, current: -Math.min(-mode.current, discharge.maxCurrent, byDischargePower) };
          }
          const headroom = load === undefined || bus < targetVoltage();
          const byPower = bus > 0 ? maxPower / bus : maxCurrent;
          return { voltage: bus, current: headroom ? Math.min(mode.current, maxCurrent, byPower) : 0 };
        }
      }
    }

    function turnOff(): void {
      mode = { kind: 'off' };
      ready = false;
      isolationCheckRunning = false;
      isolationRun++;
    }

    function apply(command: PowerCommand): void {
      switch (command.type) {
        case 'isolationCheck': {
          turnOff();
          mode = { kind: 'isolationCheck', voltage: command.voltage };
          isolation = 'Invalid';
          isolationCheckRunning = true;
          const run = isolationRun;
          after(isolationCheckMs, () => {
            if (run !== isolationRun) return;
            isolation = isolationResult;
            // After the test the stage discharges its output: PreCharge starts from a safe, known voltage.
            turnOff();
          });
          break;
        }
        case 'precharge':
          mode = { kind: 'precharge', voltage: command.voltage, current: command.current };
          ready = voltage === targetVoltage();
          break;
        case 'deliver':
          mode = { kind: 'deliver', voltage: command.voltage, current: command.current };
          break;
        case 'stop':
          turnOff();
          break;
        case 'contactors':
          // The simulated stage's contactors are closed whenever it is energised; their state is no part of EvseStatus.
          break;
      }
    }

    return {
      advance(ms) {
        if (mode.kind === 'off') {
          voltage = discharged(voltage, ms, dischargeTau);
          return;
        }
        // Into a battery the bus is the battery's voltage, and stays so up to the moment the stage switches off.
        const bus = loadVoltage();
        if (bus !== undefined) {
          voltage = bus;
          return;
        }
        const target = targetVoltage();
        const step = (ramp * ms) / 1000;
        voltage = voltage < target ? Math.min(target, voltage + step) : Math.max(target, voltage - step);
        if (mode.kind === 'precharge' && voltage === targetVoltage()) ready = true;
      },
      command: apply,
      shutdown: turnOff,
      power() {
        const { voltage: v, current } = present();
        return v * current;
      },
      status(common) {
        const { voltage: presentVoltage, current: presentCurrent } = present();
        return {
          presentVoltage,
          presentCurrent,
          isolation,
          isolationCheckRunning,
          maxVoltage,
          maxCurrent,
          maxPower,
          minVoltage,
          minCurrent,
          // EVSENominalVoltage is an AC quantity; a DC stage has none.
          nominalVoltage: 0,
          ready,
          ...(discharge !== undefined && { discharge }),
          ...common,
        };
      },
    };
  });

  return {
    ...supply,
    get status() {
      return supply.status;
    },
    connectLoad(voltage) {
      load = voltage;
    },
  };
}

/** Below this the bleeder has done its work: the output reads 0 V, as a meter's resolution would. */
const DISCHARGED_V = 0.5;

/** The output `ms` into an RC discharge with time constant `tau` ms. */
function discharged(voltage: number, ms: number, tau: number): number {
  const left = voltage * Math.exp(-ms / tau);
  return left < DISCHARGED_V ? 0 : left;
}
