/** Link-layer header types (tcpdump.org LINKTYPE_* registry) that this project reads or writes. */

/** Ethernet II: SLAC frames, and IPv6 as it crosses the power line. */
export const LINKTYPE_ETHERNET = 1;
/**
 * Raw IP: the packet starts with the IP header, whose version nibble tells IPv4 from IPv6. Used for traffic that
 * never had an Ethernet header, such as V2GTP over the loopback interface.
 */
export const LINKTYPE_RAW = 101;
