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

/**
 * ISO 15118-20's EVSENotification set: what the station asks of the EV during the session, with the seconds it gives
 * the EV to act (NotificationMaxDelay). A -20 session reads DIN/-2's `notification` too, where no -20 one is set:
 * StopCharging as Terminate, ReNegotiation as ScheduleRenegotiation.
 */
export type SessionNotificationKind = 'Pause' | 'ExitStandby' | 'Terminate' | 'ScheduleRenegotiation' | 'ServiceRenegotiation' | 'MeteringConfirmation';

export interface SessionNotification {
  readonly kind: SessionNotificationKind;
  /** NotificationMaxDelay, s (0..65535). */
  readonly maxDelayS: number;
}

/**
 * A bidirectional stage's discharge limits (ISO 15118-20 BPT: EVSEMaximumDischargePower/Current,
 * EVSEMinimumDischargePower/Current), magnitudes in W and A. A stage without them cannot take energy back.
 */
export interface DischargeLimits {
  readonly maxPower: number;
  readonly maxCurrent: number;
  readonly minPower: number;
  readonly minCurrent: number;
}

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
  /** ISO 15118-20: what the station asks of the EV, which DIN/-2's `notification` cannot say (Pause, Standby's end…). */
  readonly sessionNotification?: SessionNotification;
  /** ISO 15118-20 BPT: present on a stage that can discharge the EV. */
  readonly discharge?: DischargeLimits;
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
  /** Energy returned from the EV in this session (BPT discharge), Wh; absent: none was. */
  readonly meterReturnedWh?: number;
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
  /**
   * Deliver energy at these targets (CurrentDemand / AC charging). The current is signed: negative takes energy back
   * from the EV (ISO 15118-20 BPT discharge), within the stage's `discharge` limits; one command for both directions,
   * so a direction change is a setpoint like any other, as a bidirectional stage's own interface has it.
   */
  | { readonly type: 'deliver'; readonly voltage: number; readonly current: number }
  /** Stop delivering and discharge the output (PowerDelivery stop, session end, fault). */
  | { readonly type: 'stop' }
  /** Close or open the EVSE's output contactors. */
  | { readonly type: 'contactors'; readonly closed: boolean };
