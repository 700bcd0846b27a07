/**
 * What every EVCC session machine remembers, whatever its protocol (DIN 70121, ISO 15118-2, later ISO 15118-20): the
 * input it was started with, the vehicle's latest status, the session, the exchange in flight, what it knows of the
 * EVSE, and how the session is ending. A protocol's context extends this with what only it needs.
 */
import type { VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import type { SessionOutcome } from '../session-events.js';
import type { EvccSessionInput } from '../session-input.js';
import type { SessionTimers } from '../../timing/v2g-timers.js';
import type { EvseView } from './evse-view-after.js';

/**
 * The input as the kit reads it: every protocol's common input with the timers the kit names, from its own timing
 * table (DIN 70121 and ISO 15118-2 share one shape, ISO 15118-20 has its own message pairs).
 */
export type EvccKitInput = Omit<EvccSessionInput, 'timing'> & {
  readonly timing: { readonly session: SessionTimers; readonly V2G_EVCC_Msg_Timeout: { readonly default: number } };
};

export interface EvccKitContext<S extends string = string> {
  readonly input: EvccKitInput;
  /** The latest status from `vehicle.status`. */
  readonly vehicle: VehicleStatus;
  /** The SessionID in force: the SECC's from SessionSetupRes, before it the paused session's to resume, else undefined. */
  readonly sessionId?: Uint8Array;
  /** The request awaiting its response; undefined between exchanges. */
  readonly pending?: string;
  /** The step sent last and how many times in a row (a polling step's repetitions). */
  readonly sent?: { readonly step: S; readonly count: number };
  readonly evse: EvseView;
  readonly result?: SessionOutcome['result'];
  /** Why the session failed; undefined while it has not. */
  readonly failure?: string;
  /** Why the charger ended the session, when it did: its status, a FAILED after the charge, or limits the EV cannot charge with. */
  readonly evseEnding?: string;
}
