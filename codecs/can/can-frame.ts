/**
 * One frame on a CAN bus (ISO 11898-1), classical or FD, as every transport and codec here exchanges it. The 29-bit
 * identifier of an extended frame is kept apart from the flag, so `id` is always the arbitration identifier itself.
 */
export interface CanFrame {
  /** Arbitration identifier: 11 bits, or 29 when `extended`. */
  readonly id: number;
  readonly extended: boolean;
  /** CAN FD (FDF bit): up to 64 bytes in the lengths a DLC can say (fdLength). */
  readonly fd: boolean;
  /** CAN FD bit rate switch: the data phase runs at the data bit rate. */
  readonly brs?: boolean;
  /** A classical remote frame (RTR): no data, `data` is empty and `dlc` says what was asked for. */
  readonly rtr?: boolean;
  readonly data: Uint8Array;
}

export const CLASSICAL_MAX_LENGTH = 8;
export const FD_MAX_LENGTH = 64;
const STANDARD_ID_MAX = 0x7ff;
const EXTENDED_ID_MAX = 0x1fff_ffff;

/** The data lengths a CAN FD DLC can say, by DLC (ISO 11898-1:2015 table 5). */
const FD_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64] as const;

/** A frame that cannot be on a CAN bus, with what is wrong. */
export class CanFrameError extends RangeError {
  override readonly name = 'CanFrameError';
}

/** The DLC that says `length` bytes; throws for a length no DLC says (a CAN FD frame of 9 bytes, say). */
export function dlcOf(length: number, fd: boolean): number {
  if (!fd) {
    if (length > CLASSICAL_MAX_LENGTH) throw new CanFrameError(`a classical CAN frame carries at most 8 bytes, not ${length}`);
    return length;
  }
  const dlc = FD_LENGTHS.indexOf(length as (typeof FD_LENGTHS)[number]);
  if (dlc < 0) throw new CanFrameError(`no CAN FD DLC says ${length} bytes (${FD_LENGTHS.join(', ')})`);
  return dlc;
}

/** The data length a DLC says: a classical DLC of 9..15 still means 8 bytes. */
export function lengthOfDlc(dlc: number, fd: boolean): number {
  if (!Number.isInteger(dlc) || dlc < 0 || dlc > 15) throw new CanFrameError(`a DLC is 0..15, not ${dlc}`);
  return fd ? FD_LENGTHS[dlc]! : Math.min(dlc, CLASSICAL_MAX_LENGTH);
}

/** The smallest CAN FD length that holds `length` bytes (a sender pads up to it). */
export function fdLength(length: number): number {
  const fit = FD_LENGTHS.find((l) => l >= length);
  if (fit === undefined) throw new CanFrameError(`a CAN FD frame carries at most 64 bytes, not ${length}`);
  return fit;
}

/** `frame` unchanged if it can be on a bus; else a CanFrameError naming the identifier or length at fault. */
export function checkedFrame(frame: CanFrame): CanFrame {
  const max = frame.extended ? EXTENDED_ID_MAX : STANDARD_ID_MAX;
  if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > max) {
    throw new CanFrameError(`identifier 0x${frame.id.toString(16)} does not fit ${frame.extended ? 29 : 11} bits`);
  }
  if (frame.rtr && frame.fd) throw new CanFrameError('CAN FD has no remote frames');
  if (frame.brs && !frame.fd) throw new CanFrameError('bit rate switching is CAN FD only');
  dlcOf(frame.data.length, frame.fd);
  return frame;
}

/** `123`, `12345678` (extended): the notation of candump and SLCAN. */
export function formatCanId(frame: Pick<CanFrame, 'id' | 'extended'>): string {
  return frame.id.toString(16).toUpperCase().padStart(frame.extended ? 8 : 3, '0');
}
