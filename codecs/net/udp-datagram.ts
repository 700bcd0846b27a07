import { upperLayerChecksum } from './checksum.js';
import { PacketError } from './net-errors.js';
import { NEXT_HEADER_UDP } from './ipv6.js';

export interface UdpDatagram {
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly payload: Uint8Array;
}

const HEADER = 8;

export function decodeUdpDatagram(datagram: Uint8Array): UdpDatagram {
  if (datagram.length < HEADER) throw new PacketError('UDP', 'header', 0, `${datagram.length} bytes, a header has 8`);
  const length = (datagram[4] << 8) | datagram[5];
  if (length < HEADER || length > datagram.length) {
    throw new PacketError('UDP', 'Length', 4, `${length}, the datagram has ${datagram.length} bytes`);
  }
  return {
    sourcePort: (datagram[0] << 8) | datagram[1],
    destinationPort: (datagram[2] << 8) | datagram[3],
    payload: datagram.subarray(HEADER, length),
  };
}

export function encodeUdpDatagram(d: UdpDatagram, source: Uint8Array, destination: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + d.payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, d.sourcePort);
  view.setUint16(2, d.destinationPort);
  view.setUint16(4, out.length);
  out.set(d.payload, HEADER);
  view.setUint16(6, upperLayerChecksum(source, destination, NEXT_HEADER_UDP, out));
  return out;
}
