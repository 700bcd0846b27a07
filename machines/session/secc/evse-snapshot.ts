/**
 * What the SECC machines read of the EVSE with each request: one snapshot composed of the concerns the EVSE side keeps
 * apart (adapters/evse/): the power electronics' measurements and limits, the EVSE's own identification of the
 * customer (EIM), the meter. The SECC never speaks unasked, so a snapshot per request is all it needs (one machine step
 * per request); what it asks of the EVSE in return is a PowerCommand. Plain SI numbers: the handlers convert to each
 * protocol's PhysicalValue. The machines own these types; the adapters implement them.
 */

export type IsolationLevel = 'Invalid' | 'Valid' | 'Warning' | 'Fault' | 'No_IMD';

/** What the EVSE reports to the EV through EVSENotification (DIN/-2). */
export type EvseNotification = 'None' | 'StopCharging' | 'ReNegotiation';

/** The power electronics: measurements at the output, the isolation monitor, the limits, what the stage asks of the EV. */
export interface PowerElectronicsStatus {
  /** Measured at the output: EVSEPresentVoltage / EVSEPresentCurrent. */
  readonly presentVoltage: number;
  readonly presentCurrent: number;
  /** Result of the last isolation check; 'Invalid' while none has finished. */
  readonly isolation: IsolationLevel;
  /** The isolation check is running (CableCheck answers EVSEProcessing=Ongoing meanwhile). */
  readonly isolationCheckRunning: boolean;
  /** DC limits (EVSEMaximumVoltageLimit, ...Current..., ...Power..., EVSEMinimum*). */
  readonly maxVoltage: number;
  readonly maxCurrent: number;
  readonly maxPower: number;
  readonly minVoltage: number;
  readonly minCurrent: number;
  /** AC: nominal voltage (EVSENominalVoltage) and maximum current per phase (EVSEMaxCurrent). */
  readonly nominalVoltage: number;
  /** The output has reached its voltage setpoint (PreCharge done) and follows the current setpoint. */
  readonly ready: boolean;
  /** A stop or renegotiation the EVSE wants the EV to perform. */
  readonly notification: EvseNotification;
  /** A fault: the session answers EVSE_Malfunction / EVSE_EmergencyShutdown. */
  readonly fault?: 'Malfunction' | 'EmergencyShutdown' | 'UtilityInterruptEvent';
}

/** The EVSE's own identification of the customer (EIM: RFID, app, button), no backend needed; else secc-pending.ts asks. */
export interface IdentificationStatus {
  readonly authorized: boolean;
}

/** The meter: energy delivered in this session, Wh, and the meter's ID where the station reads a meter of its own. */
export interface MeterReading {
  readonly meterWh: number;
  /** MeterID: given, the SECC reports the reading to the EV as MeterInfo in its charge loop's responses. */
  readonly meterId?: string;
}

/** The snapshot handed over with each request. */
export type EvseStatus = PowerElectronicsStatus & IdentificationStatus & MeterReading;

/** What the SECC asks of the power stage. */
export type PowerCommand =
  /** Start the insulation test at `voltage` (CableCheck). */
  | { readonly type: 'isolationCheck'; readonly voltage: number }
  /** Raise the output to `voltage` with at most `current` (PreCharge). */
  | { readonly type: 'precharge'; readonly voltage: number; readonly current: number }
  /** Deliver energy at these targets (CurrentDemand / AC charging). */
  | { readonly type: 'deliver'; readonly voltage: number; readonly current: number }
  /** Stop delivering and discharge the output (PowerDelivery stop, session end, fault). */
  | { readonly type: 'stop' }
  /** Close or open the EVSE's output contactors. */
  | { readonly type: 'contactors'; readonly closed: boolean };
