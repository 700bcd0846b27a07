/**
 * `--pcap FILE`: appends the SDP datagrams and V2GTP streams a process exchanges to a classic pcap file (raw IPv6,
 * LINKTYPE_RAW) as they happen, so a run that crashes or is interrupted still leaves a readable capture.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { SynthesizedTcpFlow, udpPacket } from '../../codecs/capture/index.js';
import { encodePcapHeader, encodePcapRecord, LINKTYPE_RAW } from '../../codecs/pcap/index.js';
import type { Endpoint } from '../../transport/connection.js';
import type { UdpTraffic } from '../../transport/udp.js';

export interface RecordedTcpFlow {
  data(fromClient: boolean, bytes: Uint8Array, timeMs: number): void;
  close(fromClient: boolean, timeMs: number): void;
}

export class PcapRecorder {
  private constructor(private readonly out: WriteStream) {}

  static open(path: string): Promise<PcapRecorder> {
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path);
      out.once('error', reject);
      out.once('open', () => {
        out.off('error', reject);
        out.write(encodePcapHeader(LINKTYPE_RAW));
        resolve(new PcapRecorder(out));
      });
    });
  }

  udp(from: Endpoint, to: Endpoint, payload: Uint8Array, timeMs: number): void {
    this.append([udpPacket(from, to, payload)], timeMs);
  }

  /** A datagram as a UDP socket reports it, whichever way it went. */
  udpTraffic(t: UdpTraffic): void {
    if (t.direction === 'out') this.udp(t.local, t.remote, t.bytes, t.time);
    else this.udp(t.remote, t.local, t.bytes, t.time);
  }

  /** A TCP connection from `client` (the EVCC) to `server`, opened at `timeMs`. */
  tcp(client: Endpoint, server: Endpoint, timeMs: number): RecordedTcpFlow {
    const flow = new SynthesizedTcpFlow(client, server);
    this.append(flow.open(), timeMs);
    let closed = false;
    return {
      data: (fromClient, bytes, t) => {
        if (!closed) this.append(flow.data(fromClient, bytes), t);
      },
      close: (fromClient, t) => {
        if (!closed) this.append(flow.close(fromClient), t);
        closed = true;
      },
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }

  private append(packets: Uint8Array[], timeMs: number): void {
    const timestampMicros = Math.round(timeMs * 1000);
    for (const data of packets) this.out.write(encodePcapRecord({ timestampMicros, data }));
  }
}
