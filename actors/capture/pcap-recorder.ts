/**
 * `--pcap FILE`: appends what a process exchanges to a pcapng file as it happens, so a run that crashes or is
 * interrupted still leaves a readable capture. Two interfaces: 0 carries raw IPv6 (LINKTYPE_RAW) - the SDP datagrams
 * and each V2G TCP connection, rebuilt around the bytes the sockets carried (for TLS the encrypted records, preceded
 * by the session's secrets in a Decryption Secrets Block, so Wireshark decrypts them unaided); 1 carries the SLAC
 * frames (LINKTYPE_ETHERNET) as the PLC interface sent and received them.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { SynthesizedTcpFlow, udpPacket } from '../../codecs/capture/index.js';
import {
  encodeDecryptionSecretsBlock,
  encodeEnhancedPacketBlock,
  encodeInterfaceDescriptionBlock,
  encodeSectionHeaderBlock,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW,
  SECRETS_TYPE_TLS_KEY_LOG,
} from '../../codecs/pcap/index.js';
import type { Endpoint } from '../../base/connection-events.js';
import type { UdpTraffic } from '../../transport/udp.js';

export interface RecordedTcpFlow {
  data(fromClient: boolean, bytes: Uint8Array, timeMs: number): void;
  close(fromClient: boolean, timeMs: number): void;
}

const IPV6_INTERFACE = 0;
const ETHERNET_INTERFACE = 1;
const utf8 = new TextEncoder();

export class PcapRecorder {
  /** A connection may end after the run closed the file (its socket closes later): what comes then is dropped. */
  private closed = false;

  private constructor(private readonly out: WriteStream) {}

  static open(path: string): Promise<PcapRecorder> {
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path);
      out.once('error', reject);
      out.once('open', () => {
        out.off('error', reject);
        out.write(encodeSectionHeaderBlock('kopher-v2g'));
        out.write(encodeInterfaceDescriptionBlock({ linkType: LINKTYPE_RAW, name: 'v2g', description: 'IPv6: SDP, and V2G over TCP or TLS (packets rebuilt around the socket data)' }));
        out.write(encodeInterfaceDescriptionBlock({ linkType: LINKTYPE_ETHERNET, name: 'plc', description: 'Ethernet: SLAC (HomePlug AV) frames of the PLC interface' }));
        resolve(new PcapRecorder(out));
      });
    });
  }

  udp(from: Endpoint, to: Endpoint, payload: Uint8Array, timeMs: number): void {
    this.append(IPV6_INTERFACE, [udpPacket(from, to, payload)], timeMs);
  }

  /** A datagram as a UDP socket reports it, whichever way it went. */
  udpTraffic(t: UdpTraffic): void {
    if (t.direction === 'out') this.udp(t.local, t.remote, t.bytes, t.time);
    else this.udp(t.remote, t.local, t.bytes, t.time);
  }

  /** A TCP connection from `client` (the EVCC) to `server`, opened at `timeMs`. */
  tcp(client: Endpoint, server: Endpoint, timeMs: number): RecordedTcpFlow {
    const flow = new SynthesizedTcpFlow(client, server);
    this.append(IPV6_INTERFACE, flow.open(), timeMs);
    let closed = false;
    return {
      data: (fromClient, bytes, t) => {
        if (!closed) this.append(IPV6_INTERFACE, flow.data(fromClient, bytes), t);
      },
      close: (fromClient, t) => {
        if (!closed) this.append(IPV6_INTERFACE, flow.close(fromClient), t);
        closed = true;
      },
    };
  }

  /** One whole Ethernet frame (no FCS) of the PLC interface, sent or received. */
  ethernet(frame: Uint8Array, timeMs: number): void {
    this.append(ETHERNET_INTERFACE, [frame], timeMs);
  }

  /** NSS key log lines of a TLS session; written before its records, as Wireshark reads the file in order. */
  tlsSecrets(keyLogLines: string): void {
    if (!this.closed) this.out.write(encodeDecryptionSecretsBlock(SECRETS_TYPE_TLS_KEY_LOG, utf8.encode(keyLogLines)));
  }

  close(): Promise<void> {
    this.closed = true;
    return new Promise((resolve) => this.out.end(resolve));
  }

  private append(interfaceId: number, packets: Uint8Array[], timeMs: number): void {
    if (this.closed) return;
    const timestampMicros = Math.round(timeMs * 1000);
    for (const data of packets) this.out.write(encodeEnhancedPacketBlock({ interfaceId, timestampMicros, data }));
  }
}
