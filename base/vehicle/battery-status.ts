/**
 * The vehicle's battery as its BMS reports it: state of charge, voltages, what it asks for now, its limits, its
 * readiness and errors. Plain SI numbers (V, A, W, Wh, %, s); the session machines convert to each protocol's
 * PhysicalValue. One of the three concerns of the vehicle interface (./vehicle-status.ts).
 */

export interface BatteryStatus {
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
  /** ISO 15118-20 EVMinimumVoltage: the lowest DC voltage the EV accepts, V; absent: the battery's present voltage. */
  readonly minVoltage?: number;
  /** ISO 15118-20 EVMinimumChargePower: below this the EV takes no energy at all, W; absent: 0. */
  readonly minPower?: number;
  /**
   * Bidirectional power transfer (ISO 15118-20 BPT): the most and the least the battery gives back while discharging
   * (EVMaximumDischargePower / EVMinimumDischargePower, W; EVMaximumDischargeCurrent / EVMinimumDischargeCurrent, A),
   * as magnitudes. Absent: the battery cannot discharge into the grid.
   */
  readonly maxDischargePower?: number;
  readonly minDischargePower?: number;
  readonly maxDischargeCurrent?: number;
  readonly minDischargeCurrent?: number;
  /** Usable capacity (EVEnergyCapacity), Wh. */
  readonly energyCapacity: number;
  /** SoC at which the EV considers itself full (FullSOC) and above which it charges in taper (BulkSOC), %. */
  readonly fullSoc: number;
  readonly bulkSoc: number;
  /** Seconds until full and until bulk SoC at the present rate (RemainingTimeToFullSoC / RemainingTimeToBulkSoC). */
  readonly remainingTimeToFullSoc?: number;
  readonly remainingTimeToBulkSoc?: number;
  /** The vehicle is ready to take energy (EVReady). */
  readonly ready: boolean;
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
