/**
 * Just enough of Ethernet, IPv6, TCP and UDP to read V2G captures and to write the stack's own traffic as a capture
 * Wireshark opens. Pure functions over bytes; a packet that cannot be read raises a PacketError.
 */
export { PacketError } from './net-errors.js';
export { ETHERTYPE_IPV6, ETHERNET_HEADER_LENGTH, type EthernetFrame, decodeEthernetFrame, encodeEthernetFrame } from './ethernet.js';
export { IPV6_HEADER_LENGTH, NEXT_HEADER_TCP, NEXT_HEADER_UDP, type Ipv6Packet, decodeIpv6Packet, encodeIpv6Packet } from './ipv6.js';
export { TcpFlags, type TcpSegment, decodeTcpSegment, encodeTcpSegment } from './tcp-segment.js';
export { type UdpDatagram, decodeUdpDatagram, encodeUdpDatagram } from './udp-datagram.js';
export { ipv6ToBytes, ipv6ToText } from './address.js';
export { upperLayerChecksum } from './checksum.js';
