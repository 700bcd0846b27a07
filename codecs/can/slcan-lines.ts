/**
 * The Lawicel serial-line CAN protocol (SLCAN) of the common USB-CAN adapters: ASCII commands and frames, each
 * ended by CR. Frames are `t`/`T` (classical, 11/29-bit id), `r`/`R` (remote), and the CAN FD extension of the
 * CANable 2.0 firmware `d`/`D` (FD) and `b`/`B` (FD with bit rate switch), then the identifier, one DLC digit and the
 * data in hex; an adapter with time stamps on (`Z1`) appends four hex digits of milliseconds.
 */
import { checkedFrame, dlcOf, lengthOfDlc, type CanFrame } from './can-frame.js';

/** The bit-rate commands `S0`..`S8` by bit/s. */
export const SLCAN_BITRATES: ReadonlyMap<number, string> = new Map([
  [10_000, 'S0'], [20_000, 'S1'], [50_000, 'S2'], [100_000, 'S3'], [125_000, 'S4'],
  [250_000, 'S5'], [500_000, 'S6'], [800_000, 'S7'], [1_000_000, 'S8'],
]);

/** The CAN FD data-phase bit-rate commands of the CANable 2.0 firmware, by bit/s. */
export const SLCAN_DATA_BITRATES: ReadonlyMap<number, string> = new Map([
  [2_000_000, 'Y2'], [5_000_000, 'Y5'],
]);

export const SLCAN_CR = 0x0d;
export const SLCAN_BELL = 0x07;
/** The longest line a frame can make: `B`, 8 id digits, DLC, 128 data digits, 4 time-stamp digits. */
export const SLCAN_MAX_LINE = 1 + 8 + 1 + 128 + 4;

/** A line that is not a frame the protocol can say. */
export class SlcanError extends Error {
  override readonly name = 'SlcanError';
}

export function slcanLine(frame: CanFrame): string {
  checkedFrame(frame);
  const id = frame.id.toString(16).toUpperCase().padStart(frame.extended ? 8 : 3, '0');
  const kind = frame.rtr ? 'r' : frame.fd ? (frame.brs ? 'b' : 'd') : 't';
  const dlc = dlcOf(frame.data.length, frame.fd).toString(16).toUpperCase();
  const data = frame.rtr ? '' : Buffer.from(frame.data).toString('hex').toUpperCase();
  return `${frame.extended ? kind.toUpperCase() : kind}${id}${dlc}${data}\r`;
}

const KINDS: Readonly<Record<string, { extended: boolean; fd: boolean; brs?: boolean; rtr?: boolean }>> = {
  t: { extended: false, fd: false },
  T: { extended: true, fd: false },
  r: { extended: false, fd: false, rtr: true },
  R: { extended: true, fd: false, rtr: true },
  d: { extended: false, fd: true },
  D: { extended: true, fd: true },
  b: { extended: false, fd: true, brs: true },
  B: { extended: true, fd: true, brs: true },
};

/**
 * The frame a line (without its CR) says; `undefined` for the protocol's other lines (an acknowledgement, a command
 * echoed by a peer host, a version or status reply), which carry no frame.
 */
export function parseSlcanLine(line: string): CanFrame | undefined {
  const kind = KINDS[line[0] ?? ''];
  if (kind === undefined) return undefined;
  const idDigits = kind.extended ? 8 : 3;
  const head = line.slice(1, 1 + idDigits + 1);
  if (!/^[0-9A-Fa-f]+$/.test(head) || head.length !== idDigits + 1) throw new SlcanError(`bad identifier or DLC in ${JSON.stringify(line)}`);
  const id = parseInt(head.slice(0, idDigits), 16);
  const length = lengthOfDlc(parseInt(head[idDigits]!, 16), kind.fd);
  const rest = line.slice(1 + idDigits + 1);
  const dataDigits = kind.rtr ? 0 : length * 2;
  // After the data, nothing or a four-digit time stamp.
  if (!/^[0-9A-Fa-f]*$/.test(rest) || (rest.length !== dataDigits && rest.length !== dataDigits + 4)) {
    throw new SlcanError(`${length} data bytes announced, ${JSON.stringify(rest)} found in ${JSON.stringify(line)}`);
  }
  const data = kind.rtr ? new Uint8Array(length) : Uint8Array.from(Buffer.from(rest.slice(0, dataDigits), 'hex'));
  try {
    return checkedFrame({ id, extended: kind.extended, fd: kind.fd, ...(kind.brs ? { brs: true } : {}), ...(kind.rtr ? { rtr: true } : {}), data });
  } catch (err) {
    throw new SlcanError(`${(err as Error).message} in ${JSON.stringify(line)}`);
  }
}

/**
 * Cuts a byte stream into lines at CR (or BEL, the protocol's error reply). A run longer than any frame without a
 * terminator is dropped with `onOverlong`, so a stream of garbage cannot grow the buffer.
 */
export function slcanLineSplitter(onLine: (line: string) => void, onOverlong: (length: number) => void): (chunk: Uint8Array) => void {
  let pending = '';
  return (chunk) => {
    for (const byte of chunk) {
      if (byte === SLCAN_CR || byte === SLCAN_BELL) {
        if (pending.length > SLCAN_MAX_LINE) onOverlong(pending.length);
        else if (pending !== '') onLine(pending);
        pending = '';
      } else if (pending.length <= SLCAN_MAX_LINE) {
        pending += String.fromCharCode(byte);
      }
    }
  };
}
