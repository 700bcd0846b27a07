import { upperLayerChecksum } from './checksum.js';
import { PacketError } from './net-errors.js';
import { NEXT_HEADER_TCP } from './ipv6.js';

export const TcpFlags = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export interface TcpSegment {
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** Unsigned 32-bit sequence and acknowledgement numbers. */
  readonly sequence: number;
  readonly acknowledgement: number;
  readonly flags: number;
  readonly window: number;
  readonly payload: Uint8Array;
}

const MIN_HEADER = 20;

export function decodeTcpSegment(segment: Uint8Array): TcpSegment {
  if (segment.length < MIN_HEADER) throw new PacketError('TCP', 'header', 0, `${segment.length} bytes, a header has at least 20`);
  const view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  const headerLength = (segment[12] >> 4) * 4;
  if (headerLength < MIN_HEADER || headerLength > segment.length) {
    throw new PacketError('TCP', 'Data Offset', 12, `header of ${headerLength} bytes in a ${segment.length}-byte segment`);
  }
  return {
    sourcePort: view.getUint16(0),
    destinationPort: view.getUint16(2),
    sequence: view.getUint32(4),
    acknowledgement: view.getUint32(8),
    flags: segment[13],
    window: view.getUint16(14),
    payload: segment.subarray(headerLength),
  };
}

/** A segment without options, checksummed for the given IPv6 addresses. */
export function encodeTcpSegment(s: TcpSegment, source: Uint8Array, destination: Uint8Array): Uint8Array {
  const out = new Uint8Array(MIN_HEADER + s.payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, s.sourcePort);
  view.setUint16(2, s.destinationPort);
  view.setUint32(4, s.sequence >>> 0);
  view.setUint32(8, s.acknowledgement >>> 0);
  out[12] = (MIN_HEADER / 4) << 4;
  out[13] = s.flags;
  view.setUint16(14, s.window);
  out.set(s.payload, MIN_HEADER);
  view.setUint16(16, upperLayerChecksum(source, destination, NEXT_HEADER_TCP, out));
  return out;
}
