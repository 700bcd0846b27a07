/**
 * One node's access to a CAN bus: what the vehicle-network adapter is written against, so a SocketCAN interface, a
 * Lawicel/SLCAN serial adapter and the in-process bus are interchangeable beneath it.
 */
import type { Observable } from 'rxjs';
import type { CanFrame } from '../../codecs/can/can-frame.js';

export interface CanPort {
  /** What the port is opened on, for messages: `can0`, `/dev/ttyACM0`, `memory:bms`. */
  readonly name: string;
  /** Whether the port sends and receives CAN FD frames. */
  readonly fd: boolean;
  /**
   * Frames from the other nodes on the bus, not the ones this port sent. Errors with a CanIoError when the port
   * breaks (device unplugged); completes on `close()`.
   */
  readonly frames$: Observable<CanFrame>;
  /** Sends one frame; a CanIoError if the port refuses it (a FD frame on a classical port, a full queue). Ignored after `close()`. */
  send(frame: CanFrame): void;
  close(): void;
}

export type CanUnavailableReason =
  /** Not Linux (SocketCAN), or koffi/libc cannot be loaded. */
  | 'platform'
  /** The kernel has no CAN support loaded (AF_CAN unknown): `modprobe can-raw`. */
  | 'kernel'
  /** No such interface or device. */
  | 'device'
  | 'permission'
  /** The interface cannot do what was asked (CAN FD on a classical interface). */
  | 'capability'
  | 'socket';

/** A CAN port that cannot be opened here; `reason` says which precondition failed, the message what to do about it. */
export class CanUnavailableError extends Error {
  override readonly name = 'CanUnavailableError';

  constructor(
    readonly reason: CanUnavailableReason,
    readonly port: string,
    detail: string,
  ) {
    super(`CAN on ${port} unavailable (${reason}): ${detail}`);
  }
}

/** A send or receive the port refused, with the system's error code where there is one. */
export class CanIoError extends Error {
  override readonly name = 'CanIoError';

  constructor(
    readonly port: string,
    readonly operation: 'send' | 'receive',
    readonly detail: string,
  ) {
    super(`CAN ${operation} on ${port} failed: ${detail}`);
  }
}
