/**
 * What every charging-session machine is started with, whatever its protocol. Values that need randomness or the
 * outside world (the new SessionID, the EVCC's MAC) are chosen by the runner and passed in, so machines stay pure.
 * Each protocol's machine extends these with its own choices (energy transfer mode, offered services, ...).
 */
import type { PeerCertificate } from '../../base/connection-events.js';
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { SessionTimers, Timing } from '../timing/v2g-timers.js';

export interface EvccSessionInput {
  readonly timing: Timing;
  /** EVCCID: the MAC address of the EVCC's PLC interface, 6 bytes. */
  readonly evccId: Uint8Array;
  /** The vehicle's status when the session starts; later ones arrive as `vehicle.status` events. */
  readonly vehicle: VehicleStatus;
  /** The SessionID of a paused session to resume (ISO 15118-2); absent: all zeros, a new session. */
  readonly resumeSessionId?: Uint8Array;
  /** Pause between a CurrentDemandRes/ChargingStatusRes and the next request of the loop, ms (real cars: ~50–250). */
  readonly loopInterval: number;
}

export interface SeccSessionInput {
  readonly timing: Timing;
  /** EVSEID as ISO 15118-2 writes it (e.g. `DE*ABC*E1234567*1`); DIN sends it as hexBinary (see its machine). */
  readonly evseId: string;
  /** A fresh random non-zero SessionID, 8 bytes, chosen by the runner [V2G2-756]. */
  readonly newSessionId: Uint8Array;
  /** The SessionIDs of the sessions paused at this station that may be resumed (ISO 15118-2). */
  readonly pausedSessionIds?: readonly Uint8Array[];
  /**
   * The certificate the EVCC presented in the TLS handshake (ISO 15118-20 mutual authentication: the vehicle's OEM
   * leaf, verified against the station's roots before the session starts); absent over TCP or without one.
   */
  readonly peerCertificate?: PeerCertificate;
}

/**
 * What the SECC kit reads of a protocol's input: of the timing (DIN/-2's or -20's table), its session timers and the
 * performance time a deferred answer is bounded by (each pair's own, or `default`).
 */
export type SeccKitInput = Omit<SeccSessionInput, 'timing'> & {
  readonly timing: { readonly session: SessionTimers; readonly V2G_SECC_Msg_Performance_Time: { readonly default: number } };
};
