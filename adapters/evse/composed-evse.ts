/**
 * One EVSE of parts that report apart: the power electronics, and optionally a meter of its own and the site's energy
 * management. The SECC reads one snapshot with each request (adapters/evse.ts), so the parts are combined here, as they
 * change, not per request: the meter's reading replaces the stage's own count, and the allowance lowers the stage's
 * power and current limits to what the site gives this connector. Every part must report its latest state on
 * subscription, as the session runner requires of the whole.
 */
import { combineLatest, map, of, type Observable } from 'rxjs';
import type { EvseStatus, MeterReading } from '../../machines/session/secc/evse-snapshot.js';
import type { PowerModule } from '../evse.js';
import type { EnergyAllowance, EnergyManagement } from './energy-management.js';
import type { Metering } from './metering.js';

export interface EvseParts {
  readonly power: PowerModule;
  /** Absent: the stage's own count of the energy delivered stands. */
  readonly meter?: Metering;
  /** Absent: the stage's limits stand. */
  readonly energyManagement?: EnergyManagement;
}

/** `status` with the meter's reading and within the allowance, both ways. */
export function composedStatus(status: EvseStatus, reading: MeterReading | undefined, allowance: EnergyAllowance | undefined): EvseStatus {
  const discharge = status.discharge;
  return {
    ...status,
    ...reading,
    maxPower: Math.min(status.maxPower, allowance?.maxPower ?? Infinity),
    maxCurrent: Math.min(status.maxCurrent, allowance?.maxCurrent ?? Infinity),
    ...(discharge && allowance?.maxDischargePower !== undefined
      ? { discharge: { ...discharge, maxPower: Math.min(discharge.maxPower, allowance.maxDischargePower), minPower: Math.min(discharge.minPower, allowance.maxDischargePower) } }
      : {}),
  };
}

export function composedEvse(parts: EvseParts): PowerModule {
  const readings: Observable<MeterReading | undefined> = parts.meter?.reading$ ?? of(undefined);
  const allowances: Observable<EnergyAllowance | undefined> = parts.energyManagement?.allowance$ ?? of(undefined);
  return {
    status$: combineLatest([parts.power.status$, readings, allowances]).pipe(map(([status, reading, allowance]) => composedStatus(status, reading, allowance))),
    command: (command) => parts.power.command(command),
  };
}
