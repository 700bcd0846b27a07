/**
 * Upper-layer checksums of IPv6 frames read from a virtual interface. A Linux host leaves the TCP, UDP and ICMPv6
 * checksum to the network card (transmit checksum offload); on a veth no card fills it in, and a packet socket on the
 * peer reads the frame with only the pseudo-header sum in place. Forwarded as read by a raw-socket bridge (the
 * software modem between two namespaces), the receiving host drops it as corrupt. `ethtool -K IF tx off` on the
 * senders avoids that where ethtool is installed; completing the checksum in the
 * bridge needs nothing installed. A bridge that does this also repairs a frame corrupted on its way, which on a
 * simulated link does not happen.
 */
import { map } from 'rxjs';
import type { FramePort } from './frame-port.js';

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV6 = 0x86dd;
const IPV6_HEADER = 40;
/** Where each upper layer keeps its checksum, by IPv6 Next Header. */
const CHECKSUM_OFFSET: ReadonlyMap<number, number> = new Map([
  [6, 16], // TCP
  [17, 6], // UDP
  [58, 2], // ICMPv6
]);
const UDP = 17;

/**
 * A copy of `frame` with its TCP, UDP or ICMPv6 checksum computed over the IPv6 pseudo-header (RFC 8200 §8.1); any
 * other frame (not IPv6, an extension header first, a length that does not fit) is returned as it is, for the
 * receiver to judge.
 */
export function completeIpv6Checksum(frame: Uint8Array): Uint8Array {
  if (frame.length < ETHERNET_HEADER + IPV6_HEADER || ((frame[12] << 8) | frame[13]) !== ETHERTYPE_IPV6) return frame;
  const ip = ETHERNET_HEADER;
  const nextHeader = frame[ip + 6];
  const offset = CHECKSUM_OFFSET.get(nextHeader);
  const length = (frame[ip + 4] << 8) | frame[ip + 5];
  const upper = ip + IPV6_HEADER;
  if (offset === undefined || length < offset + 2 || upper + length > frame.length) return frame;
  const out = Uint8Array.from(frame);
  out[upper + offset] = 0;
  out[upper + offset + 1] = 0;
  let sum = sumWords(out, ip + 8, 32) + length + nextHeader + sumWords(out, upper, length);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  let checksum = ~sum & 0xffff;
  // UDP sends a computed 0 as all ones: 0 there means "no checksum", which IPv6 forbids (RFC 8200 §8.1).
  if (checksum === 0 && nextHeader === UDP) checksum = 0xffff;
  out[upper + offset] = checksum >>> 8;
  out[upper + offset + 1] = checksum & 0xff;
  return out;
}

/** The port with every received IPv6 frame's checksum completed; sending is unchanged. */
export function withCompletedChecksums(port: FramePort): FramePort {
  return {
    mac: port.mac,
    frames$: port.frames$.pipe(map(completeIpv6Checksum)),
    send: (frame) => port.send(frame),
    close: () => port.close(),
  };
}

/** One's-complement sum of big-endian 16-bit words, an odd last octet padded with zero; not yet folded. */
function sumWords(bytes: Uint8Array, start: number, length: number): number {
  let sum = 0;
  const end = start + length;
  for (let i = start; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (length % 2 === 1) sum += bytes[end - 1] << 8;
  return sum;
}
