import { PacketError } from './net-errors.js';

export const IPV6_HEADER_LENGTH = 40;
export const NEXT_HEADER_TCP = 6;
export const NEXT_HEADER_UDP = 17;
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const DESTINATION_OPTIONS = 60;

export interface Ipv6Packet {
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  /** The upper-layer protocol after any extension headers. */
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly payload: Uint8Array;
  /** A fragment: its payload is not a whole upper-layer segment. */
  readonly fragmented: boolean;
}

/**
 * An IPv6 packet with its extension headers stepped over (multicast listener reports carry hop-by-hop options). The
 * payload is cut to Payload Length, so Ethernet padding never reaches TCP.
 */
export function decodeIpv6Packet(packet: Uint8Array): Ipv6Packet {
  if (packet.length < IPV6_HEADER_LENGTH) throw new PacketError('IPv6', 'header', 0, `${packet.length} bytes, a header has 40`);
  if (packet[0] >> 4 !== 6) throw new PacketError('IPv6', 'Version', 0, `${packet[0] >> 4}, not 6`);
  const payloadLength = (packet[4] << 8) | packet[5];
  if (IPV6_HEADER_LENGTH + payloadLength > packet.length) {
    throw new PacketError('IPv6', 'Payload Length', 4, `${payloadLength} bytes, only ${packet.length - IPV6_HEADER_LENGTH} captured`);
  }
  const end = IPV6_HEADER_LENGTH + payloadLength;
  let nextHeader = packet[6];
  let at = IPV6_HEADER_LENGTH;
  let fragmented = false;
  while (nextHeader === HOP_BY_HOP || nextHeader === ROUTING || nextHeader === DESTINATION_OPTIONS || nextHeader === FRAGMENT) {
    if (at + 8 > end) throw new PacketError('IPv6', 'extension header', at, 'packet ends inside it');
    const length = nextHeader === FRAGMENT ? 8 : (packet[at + 1] + 1) * 8;
    if (nextHeader === FRAGMENT) fragmented = true;
    nextHeader = packet[at];
    at += length;
    if (at > end) throw new PacketError('IPv6', 'extension header', at - length, `its length ${length} runs past the packet`);
  }
  return {
    source: packet.subarray(8, 24),
    destination: packet.subarray(24, 40),
    nextHeader,
    hopLimit: packet[7],
    payload: packet.subarray(at, end),
    fragmented,
  };
}

export function encodeIpv6Packet(source: Uint8Array, destination: Uint8Array, nextHeader: number, payload: Uint8Array, hopLimit = 64): Uint8Array {
  const out = new Uint8Array(IPV6_HEADER_LENGTH + payload.length);
  out[0] = 0x60;
  out[4] = payload.length >> 8;
  out[5] = payload.length & 0xff;
  out[6] = nextHeader;
  out[7] = hopLimit;
  out.set(source, 8);
  out.set(destination, 24);
  out.set(payload, IPV6_HEADER_LENGTH);
  return out;
}
