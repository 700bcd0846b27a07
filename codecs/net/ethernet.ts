import { PacketError } from './net-errors.js';

export const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
export const ETHERNET_HEADER_LENGTH = 14;

export interface EthernetFrame {
  readonly destination: Uint8Array;
  readonly source: Uint8Array;
  readonly etherType: number;
  readonly payload: Uint8Array;
}

/** An Ethernet II frame; one 802.1Q tag is stepped over, since a charger's PLC bridge may tag its traffic. */
export function decodeEthernetFrame(frame: Uint8Array): EthernetFrame {
  if (frame.length < ETHERNET_HEADER_LENGTH) {
    throw new PacketError('Ethernet', 'header', 0, `${frame.length} bytes, a header has ${ETHERNET_HEADER_LENGTH}`);
  }
  let typeAt = 12;
  let etherType = (frame[12] << 8) | frame[13];
  if (etherType === ETHERTYPE_VLAN) {
    if (frame.length < ETHERNET_HEADER_LENGTH + 4) throw new PacketError('Ethernet', '802.1Q tag', 12, 'frame ends inside the tag');
    typeAt = 16;
    etherType = (frame[16] << 8) | frame[17];
  }
  return { destination: frame.subarray(0, 6), source: frame.subarray(6, 12), etherType, payload: frame.subarray(typeAt + 2) };
}

export function encodeEthernetFrame(destination: Uint8Array, source: Uint8Array, etherType: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + payload.length);
  out.set(destination.subarray(0, 6), 0);
  out.set(source.subarray(0, 6), 6);
  out[12] = etherType >> 8;
  out[13] = etherType & 0xff;
  out.set(payload, ETHERNET_HEADER_LENGTH);
  return out;
}
