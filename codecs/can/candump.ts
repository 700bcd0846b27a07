/**
 * Log files of can-utils' `candump -L` (what `canplayer` replays): one frame a line,
 * `(1436509052.249713) can0 123#DEADBEEF`. An 8-digit identifier is extended; `##F` starts CAN FD data with its flags
 * nibble (1 = bit rate switch); `#R` is a remote frame, optionally with its length.
 */
import { checkedFrame, lengthOfDlc, type CanFrame } from './can-frame.js';

export interface LoggedFrame {
  /** Seconds since the epoch, as the log says. */
  readonly time: number;
  readonly iface: string;
  readonly frame: CanFrame;
}

/** A line that is not a candump -L frame, with its 1-based number. */
export class CandumpError extends Error {
  override readonly name = 'CandumpError';

  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const LINE = /^\((\d+(?:\.\d+)?)\)\s+(\S+)\s+([0-9A-Fa-f]{3}|[0-9A-Fa-f]{8})#(#[0-9A-Fa-f])?([0-9A-Fa-f]*|R[0-9A-Fa-f]?)$/;
const FD_BRS = 0x1;
/** Error frames carry CAN_ERR_FLAG in the identifier: reports of the controller, not traffic. */
const CAN_ERR_FLAG = 0x2000_0000;

/** The frame of one log line; `undefined` for a blank line or a controller's error frame. */
export function parseCandumpLine(text: string, line: number): LoggedFrame | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const m = LINE.exec(trimmed);
  if (!m) throw new CandumpError(line, `not a candump -L frame: ${JSON.stringify(trimmed.slice(0, 80))}`);
  const [, time, iface, idText, fdFlags, payload] = m as unknown as [string, string, string, string, string | undefined, string];
  const id = parseInt(idText, 16);
  if (id & CAN_ERR_FLAG) return undefined;
  const extended = idText.length === 8;
  const fd = fdFlags !== undefined;
  try {
    if (payload.startsWith('R')) {
      if (fd) throw new CandumpError(line, 'CAN FD has no remote frames');
      const length = payload.length > 1 ? lengthOfDlc(parseInt(payload.slice(1), 16), false) : 0;
      return { time: Number(time), iface, frame: checkedFrame({ id, extended, fd: false, rtr: true, data: new Uint8Array(length) }) };
    }
    if (payload.length % 2 !== 0) throw new CandumpError(line, 'odd number of hex digits in the data');
    const data = Uint8Array.from(Buffer.from(payload, 'hex'));
    const brs = fd && (parseInt(fdFlags.slice(1), 16) & FD_BRS) !== 0;
    return { time: Number(time), iface, frame: checkedFrame({ id, extended, fd, ...(brs ? { brs } : {}), data }) };
  } catch (err) {
    if (err instanceof CandumpError) throw err;
    throw new CandumpError(line, (err as Error).message);
  }
}

export function* parseCandump(text: string): Generator<LoggedFrame> {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const frame = parseCandumpLine(lines[n]!, n + 1);
    if (frame) yield frame;
  }
}
