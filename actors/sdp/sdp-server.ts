/**
 * The SECC's SDP server: listens on UDP port 15118, on the PLC interface's ff02::1 group as well ([V2G2-139]), and
 * answers each SDP request with machines/sdp/secc-sdp.ts's response, unicast from port 15118 to the requester
 * ([V2G20-149] to [V2G20-151]). A malformed datagram is dropped and the server keeps answering; the log says so with
 * a rate limit (any host on the link can send such datagrams as fast as it likes), the first of a burst in full.
 * Node cannot bind a socket to a device (SO_BINDTODEVICE), so bound to `::` it also hears other interfaces.
 */
import { Subject, type Observable } from 'rxjs';
import {
  decodeSdpMessage,
  encodeSdpMessage,
  SDP_MULTICAST_ADDRESS,
  SDP_SERVER_PORT,
  SdpError,
  type SdpRequest,
  type SdpResponse,
} from '../../codecs/sdp/index.js';
import { answerSdpRequest, checkSdpOffer, type SeccSdpOffer } from '../../machines/sdp/secc-sdp.js';
import type { Endpoint } from '../../base/connection-events.js';
import { linkLocalAddress } from '../../transport/link-local.js';
import { describeDatagram, openUdpSocket, type UdpTraffic } from '../../transport/udp.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { RateLimitedLog } from '../runtime/rate-limited-log.js';

export interface SdpServerOptions {
  /** The PLC interface: ff02::1 is joined on it. Without one no group is joined (unicast use, e.g. over ::1). */
  readonly iface?: string;
  /** Local address to bind; default `::`. */
  readonly host?: string;
  /** Default 15118; 0 lets the system choose (tests). */
  readonly port?: number;
  /** What to answer. An unspecified address (`::`, a server on every address) becomes `iface`'s link-local one. */
  readonly secc: SeccSdpOffer;
  readonly log?: (line: string) => void;
  /** How often at most a line about a datagram from the link is logged, with a count of the rest; default 10 s. */
  readonly logIntervalMs?: number;
  /** Timestamps of `traffic$` and the log's interval; default the system clock. */
  readonly clock?: Clock;
}

/** One SDP request the server decoded, and what it did with it. */
export interface SdpExchange {
  readonly remote: Endpoint;
  readonly request: SdpRequest;
  readonly response?: SdpResponse;
  /** Why no response was sent. */
  readonly ignored?: string;
}

export interface SdpServer {
  readonly port: number;
  readonly requests$: Observable<SdpExchange>;
  /** Every datagram in and out, for a capture file. */
  readonly traffic$: Observable<UdpTraffic>;
  close(): Promise<void>;
}

export async function startSdpServer(options: SdpServerOptions): Promise<SdpServer> {
  const offer = { ...options.secc, address: advertised(options.secc.address, options.iface) };
  checkSdpOffer(offer);
  const log = options.log ?? ((): void => undefined);
  const clock = options.clock ?? systemClock;
  const peerLines = new RateLimitedLog(log, { intervalMs: options.logIntervalMs, clock });
  const socket = await openUdpSocket({
    address: options.host,
    port: options.port ?? SDP_SERVER_PORT,
    iface: options.iface,
    groups: options.iface === undefined ? [] : [SDP_MULTICAST_ADDRESS],
    // A second SDP listener on the same host (another SECC, a sniffer) must not stop this one from starting.
    reuseAddr: true,
    clock,
  });
  const requests = new Subject<SdpExchange>();

  const datagrams = socket.datagrams$.subscribe({
    next: ({ bytes, remote }) => {
      const request = readRequest(bytes);
      if (typeof request === 'string') return peerLines.write(`SECC SDP: dropped ${describeDatagram(bytes, remote)}: ${request}`);
      const answer = answerSdpRequest(request, offer);
      if ('ignore' in answer) {
        peerLines.write(`SECC SDP: no answer to ${describeDatagram(bytes, remote)}: ${answer.ignore}`);
        return requests.next({ remote, request, ignored: answer.ignore });
      }
      requests.next({ remote, request, response: answer.respond });
      socket
        .send(encodeSdpMessage(answer.respond), remote.address, remote.port)
        .catch((e: Error) => log(`SECC SDP: response to [${remote.address}]:${remote.port} not sent: ${e.message}`));
    },
    error: (e: Error) => log(`SECC SDP: UDP socket failed: ${e.message}`),
    complete: () => requests.complete(),
  });

  return {
    port: socket.local.port,
    requests$: requests.asObservable(),
    traffic$: socket.traffic$,
    async close() {
      await socket.close();
      datagrams.unsubscribe();
      peerLines.close();
      requests.complete();
    },
  };
}

/** The request in a datagram, or what is wrong with it. */
function readRequest(bytes: Uint8Array): SdpRequest | string {
  try {
    const message = decodeSdpMessage(bytes);
    return message.kind === 'SDPRequest' ? message : 'an SDP response, not a request';
  } catch (e) {
    if (e instanceof SdpError) return `SdpError: ${e.message}`;
    throw e;
  }
}

/** An EVCC cannot connect to `::` and ignores a response carrying it, so the server never advertises it. */
function advertised(address: string, iface: string | undefined): string {
  if (address.replace(/%.*$/, '') !== '::') return address;
  const own = iface === undefined ? undefined : linkLocalAddress(iface);
  if (own === undefined) {
    throw new RangeError(
      "SECC address :: is unspecified: give the V2G server's address, or an iface with a link-local address to use",
    );
  }
  return own;
}
