/**
 * Writes the stack's own traffic as IPv6 packets a capture tool would have seen: a socket only gives us payloads, so
 * the TCP handshake, sequence numbers and acknowledgements are reconstructed around them. Wireshark then follows the
 * streams, and `kopher-v2g decode` reads the file back like any field capture.
 */
import type { Endpoint } from '../../base/connection-events.js';
import { encodeIpv6Packet, encodeTcpSegment, encodeUdpDatagram, ipv6ToBytes, NEXT_HEADER_TCP, NEXT_HEADER_UDP, TcpFlags } from '../net/index.js';

/** The largest TCP payload per synthesized segment, so every packet stays within a 1500-byte link. */
const SEGMENT_PAYLOAD = 1440;
const WINDOW = 65535;

export function udpPacket(from: Endpoint, to: Endpoint, payload: Uint8Array): Uint8Array {
  const src = ipv6ToBytes(from.address);
  const dst = ipv6ToBytes(to.address);
  return encodeIpv6Packet(src, dst, NEXT_HEADER_UDP, encodeUdpDatagram({ sourcePort: from.port, destinationPort: to.port, payload }, src, dst), 255);
}

/** One TCP connection, client (EVCC) to server (SECC); each call returns the packets to append to the capture. */
export class SynthesizedTcpFlow {
  private readonly client: { endpoint: Endpoint; address: Uint8Array; next: number };
  private readonly server: { endpoint: Endpoint; address: Uint8Array; next: number };

  /** `isn`: the two initial sequence numbers; fixed values keep a recorded file reproducible. */
  constructor(client: Endpoint, server: Endpoint, isn: readonly [number, number] = [1000, 5000]) {
    this.client = { endpoint: client, address: ipv6ToBytes(client.address), next: isn[0] };
    this.server = { endpoint: server, address: ipv6ToBytes(server.address), next: isn[1] };
  }

  open(): Uint8Array[] {
    const syn = this.segment(true, TcpFlags.SYN, new Uint8Array(), 0);
    this.client.next++;
    const synAck = this.segment(false, TcpFlags.SYN | TcpFlags.ACK, new Uint8Array(), this.client.next);
    this.server.next++;
    return [syn, synAck, this.ack(true)];
  }

  data(fromClient: boolean, bytes: Uint8Array): Uint8Array[] {
    const packets: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += SEGMENT_PAYLOAD) {
      const payload = bytes.subarray(at, at + SEGMENT_PAYLOAD);
      const other = fromClient ? this.server : this.client;
      packets.push(this.segment(fromClient, TcpFlags.ACK | TcpFlags.PSH, payload, other.next));
      (fromClient ? this.client : this.server).next += payload.length;
    }
    return packets;
  }

  close(fromClient: boolean): Uint8Array[] {
    const fin = (client: boolean): Uint8Array => {
      const packet = this.segment(client, TcpFlags.FIN | TcpFlags.ACK, new Uint8Array(), (client ? this.server : this.client).next);
      (client ? this.client : this.server).next++;
      return packet;
    };
    const first = fin(fromClient);
    const second = fin(!fromClient);
    return [first, second, this.ack(fromClient)];
  }

  private ack(fromClient: boolean): Uint8Array {
    return this.segment(fromClient, TcpFlags.ACK, new Uint8Array(), (fromClient ? this.server : this.client).next);
  }

  private segment(fromClient: boolean, flags: number, payload: Uint8Array, acknowledgement: number): Uint8Array {
    const [from, to] = fromClient ? [this.client, this.server] : [this.server, this.client];
    const tcp = encodeTcpSegment(
      { sourcePort: from.endpoint.port, destinationPort: to.endpoint.port, sequence: from.next >>> 0, acknowledgement: flags & TcpFlags.ACK ? acknowledgement >>> 0 : 0, flags, window: WINDOW, payload },
      from.address,
      to.address,
    );
    return encodeIpv6Packet(from.address, to.address, NEXT_HEADER_TCP, tcp);
  }
}
