/**
 * The EV side's boundary to the vehicle: what the BMS/VCU/EMS report (in) and what the EVCC asks of the vehicle (out).
 * Plain SI numbers (V, A, W, Wh, %, s); the session machines convert to each protocol's PhysicalValue.
 * A real vehicle implements it over CAN; `adapters/simulators/battery.ts` implements it for tests and the demo.
 */
import type { Observable } from 'rxjs';

export interface VehicleStatus {
  /** State of charge, 0..100 %. */
  readonly soc: number;
  /** The battery's present terminal voltage (what the EV compares with EVSEPresentVoltage during PreCharge), V. */
  readonly batteryVoltage: number;
  /** What the BMS asks for now (EVTargetVoltage / EVTargetCurrent). */
  readonly targetVoltage: number;
  readonly targetCurrent: number;
  /** The EV's maximum limits (EVMaximumVoltageLimit, EVMaximumCurrentLimit, EVMaximumPowerLimit). */
  readonly maxVoltage: number;
  readonly maxCurrent: number;
  readonly maxPower: number;
  /** AC: the minimum current the EV accepts per phase (EVMinCurrent), A. */
  readonly minCurrent: number;
  /** Usable capacity (EVEnergyCapacity), Wh. */
  readonly energyCapacity: number;
  /** Energy still wanted to reach the EV's target (EVEnergyRequest), Wh. */
  readonly energyRequest: number;
  /** SoC at which the EV considers itself full (FullSOC) and above which it charges in taper (BulkSOC), %. */
  readonly fullSoc: number;
  readonly bulkSoc: number;
  /** Seconds from now until the driver wants to leave (DepartureTime); absent when unknown. */
  readonly departureTime?: number;
  /** Seconds until full and until bulk SoC at the present rate (RemainingTimeToFullSoC / RemainingTimeToBulkSoC). */
  readonly remainingTimeToFullSoc?: number;
  readonly remainingTimeToBulkSoc?: number;
  /** The vehicle is ready to take energy (EVReady). */
  readonly ready: boolean;
  /** The vehicle wants to stop charging (driver request, full, fault). */
  readonly stopRequested: boolean;
  /** A fault the EVCC reports as EVErrorCode; absent when there is none. */
  readonly error?: VehicleError;
}

/** The EV error codes DIN 70121 and ISO 15118-2 share (DC_EVErrorCodeType). */
export type VehicleError =
  | 'FAILED_RESSTemperatureInhibit'
  | 'FAILED_EVShiftPosition'
  | 'FAILED_ChargerConnectorLockFault'
  | 'FAILED_EVRESSMalfunction'
  | 'FAILED_ChargingCurrentdifferential'
  | 'FAILED_ChargingVoltageOutOfRange'
  | 'FAILED_ChargingSystemIncompatibility';

/** What the EVCC tells the vehicle. */
export type VehicleCommand =
  /** Close or open the EV's DC contactors (after PreCharge; before WeldingDetection). */
  | { readonly type: 'contactors'; readonly closed: boolean }
  /** Switch the control pilot: state C (ready for energy, S2 closed) or B (not). */
  | { readonly type: 'controlPilot'; readonly state: 'B' | 'C' }
  /** Energy now flows (or stopped): the simulator integrates the measured current while on. */
  | {
      readonly type: 'charging';
      readonly active: boolean;
      readonly voltage: number;
      readonly current: number;
      /** AC: how many phases carry `current` at `voltage` (phase to neutral) each; absent for DC. */
      readonly phases?: number;
    };

export interface VehicleAdapter {
  /** The latest status first, then each change. */
  readonly status$: Observable<VehicleStatus>;
  command(command: VehicleCommand): void;
}
