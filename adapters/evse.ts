/**
 * The EVSE side's boundary to the power electronics: setpoints out, measurements and limits in. Plain SI numbers;
 * the session machines convert to each protocol's PhysicalValue. A real charger implements `PowerModule` over its
 * power stage's bus; `adapters/simulators/dc-supply.ts` and `ac-supply.ts` implement it for tests and the demo.
 */
import type { Observable } from 'rxjs';

export type IsolationLevel = 'Invalid' | 'Valid' | 'Warning' | 'Fault' | 'No_IMD';

/** What the EVSE reports to the EV through EVSENotification (DIN/-2). */
export type EvseNotification = 'None' | 'StopCharging' | 'ReNegotiation';

export interface EvseStatus {
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
  /** Energy delivered in this session (meter reading), Wh. */
  readonly meterWh: number;
  /** A stop or renegotiation the EVSE wants the EV to perform. */
  readonly notification: EvseNotification;
  /** A fault: the session answers EVSE_Malfunction / EVSE_EmergencyShutdown. */
  readonly fault?: 'Malfunction' | 'EmergencyShutdown' | 'UtilityInterruptEvent';
  /** External identification (EIM: RFID, app, button) has been given. */
  readonly authorized: boolean;
}

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

export interface PowerModule {
  /** The latest status first, then each change. */
  readonly status$: Observable<EvseStatus>;
  command(command: PowerCommand): void;
}
