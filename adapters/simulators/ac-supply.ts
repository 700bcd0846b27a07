/**
 * A SIMULATED AC supply, implementing PowerModule for tests and the demo: the grid's nominal voltage switched onto the
 * cable while delivering, a current per phase limited to the EVSE's maximum, and a meter over all phases.
 * AC has no insulation test and no PreCharge (the EV's on-board charger does the conversion), so those commands leave
 * the supply as it is. Bidirectional (ISO 15118-20 AC_BPT) with `discharge` limits: a negative current per phase
 * feeds the EV's energy into the grid, within the discharge current and power, metered apart (meterReturnedWh).
 * Deterministic: time comes only from the injected clock.
 */
import type { EvseStatus } from '../evse.js';
import type { DischargeLimits } from '../../machines/session/secc/evse-snapshot.js';
import { inRange, positive, SimulatorOptionError } from './errors.js';
import { dischargeLimitsOf, runSupply, type SupplyOptions, type SupplySimulator } from './supply.js';

export type PhaseCount = 1 | 2 | 3;

/** EvseStatus plus what AC_EVSEStatus and the meter need beyond it. */
export interface AcSupplyStatus extends EvseStatus {
  readonly phases: PhaseCount;
  /** AC_EVSEStatus.RCD: a residual current device has tripped. The simulated supply never trips it. */
  readonly rcd: boolean;
}

export interface AcSupplySimulatorOptions extends SupplyOptions {
  /** EVSENominalVoltage (phase to neutral), V. Default 230. */
  readonly nominalVoltage?: number;
  /** EVSEMaxCurrent per phase, A. */
  readonly maxCurrent: number;
  /** Default 3. */
  readonly phases?: PhaseCount;
  /** The lowest current the supply can signal per phase, A. Default 6 (the lowest the control pilot's PWM offers, IEC 61851-1). */
  readonly minCurrent?: number;
  /** EVSEMaximum/MinimumDischargePower (W, all phases) and Current (A per phase): the supply is bidirectional. Default: none. */
  readonly discharge?: Partial<DischargeLimits>;
}

export type AcSupplySimulator = SupplySimulator<AcSupplyStatus>;

const NAME = 'ac-supply';

export function createAcSupplySimulator(options: AcSupplySimulatorOptions): AcSupplySimulator {
  const nominalVoltage = positive(NAME, 'nominalVoltage', options.nominalVoltage ?? 230);
  const maxCurrent = positive(NAME, 'maxCurrent', options.maxCurrent);
  const minCurrent = inRange(NAME, 'minCurrent', options.minCurrent ?? 6, 0, maxCurrent);
  const phases = options.phases ?? 3;
  if (phases !== 1 && phases !== 2 && phases !== 3) throw new SimulatorOptionError(NAME, 'phases', phases, '1, 2 or 3');
  const discharge = dischargeLimitsOf(NAME, options.discharge);
  /** The most current per phase the supply takes back: its discharge current, and its discharge power over the phases. */
  const maxReturnCurrent = discharge === undefined ? 0 : Math.min(discharge.maxCurrent, discharge.maxPower / (nominalVoltage * phases));

  return runSupply<AcSupplyStatus>(NAME, options, () => {
    let delivering = false;
    let current = 0;
    let ready = true;

    return {
      advance() {
        // The grid needs no ramp: the contactor switches the full voltage at once.
      },
      command(command) {
        switch (command.type) {
          case 'deliver':
            delivering = true;
            current = Math.max(-maxReturnCurrent, Math.min(command.current, maxCurrent));
            break;
          case 'stop':
            delivering = false;
            current = 0;
            break;
          case 'isolationCheck':
          case 'precharge':
          // The contactor is modelled by `delivering`: closed from deliver to stop.
          case 'contactors':
            break;
        }
      },
      shutdown() {
        delivering = false;
        current = 0;
        ready = false;
      },
      power() {
        return delivering ? nominalVoltage * current * phases : 0;
      },
      status(common) {
        return {
          presentVoltage: delivering ? nominalVoltage : 0,
          presentCurrent: current,
          // AC has no insulation test at the EVSE: the field is reported as no IMD fitted.
          isolation: 'No_IMD',
          isolationCheckRunning: false,
          maxVoltage: nominalVoltage,
          maxCurrent,
          maxPower: nominalVoltage * maxCurrent * phases,
          minVoltage: 0,
          minCurrent,
          nominalVoltage,
          ready,
          phases,
          rcd: false,
          ...(discharge !== undefined && { discharge }),
          ...common,
        };
      },
    };
  });
}
