/**
 * Runs the EVCC's SDP client (machines/sdp/evcc-sdp.ts) over a UDP socket: every `sdp.send` becomes a datagram to
 * ff02::1 port 15118 on the PLC interface ([V2G2-139]), every datagram back becomes `sdp.response` or `sdp.invalid`.
 * The client's own port is in the dynamic range 49152–65535, and so should the SECC's port in the response be
 * (ISO 15118-2 §7.10.1.2, Table 15): one outside it is said in the log and used all the same, as the field's SECCs
 * that let the system choose their port need ("receive like the field").
 */
import { createActor, type Actor, type InspectionEvent } from 'xstate';
import {
  decodeSdpMessage,
  encodeSdpMessage,
  SDP_MULTICAST_ADDRESS,
  SDP_SERVER_PORT,
  SdpError,
} from '../../codecs/sdp/index.js';
import { evccSdpMachine, type EvccSdpEvent, type SdpResult } from '../../machines/sdp/evcc-sdp.js';
import type { SdpSecurity } from '../../machines/sdp/security.js';
import { sdpTimingFor, type SdpTiming } from '../../machines/sdp/timing.js';
import type { Endpoint } from '../../base/connection-events.js';
import { DYNAMIC_PORTS, isDynamicPort, openOnDynamicPort } from '../../transport/dynamic-ports.js';
import { formatEndpoint } from '../../transport/endpoint.js';
import { describeDatagram, openUdpSocket, sourceAddressFor, withScope, type UdpTraffic } from '../../transport/udp.js';
import { systemClock, type Clock } from '../../base/clock.js';

export type EvccSdpActor = Actor<typeof evccSdpMachine>;

export interface DiscoverSeccOptions {
  /** The PLC interface (e.g. `eth1`): the request leaves through it and a link-local answer is scoped to it. */
  readonly iface?: string;
  /** Where requests go; default ff02::1. A unicast address (e.g. `::1`) works for loopback runs. */
  readonly target?: string;
  /** Default 15118. */
  readonly port?: number;
  /**
   * Local address to bind; default the one the kernel sends from to `target`, so that the SECC's answer, the logs and
   * a capture name the EVCC by its real address rather than `::`.
   */
  readonly localAddress?: string;
  /** Local port to bind; default a free one chosen at random in the dynamic range. */
  readonly localPort?: number;
  readonly security: SdpSecurity;
  /** Accept a no-TLS answer to a TLS request (see EvccSdpInput.acceptNoTls). */
  readonly acceptNoTls?: boolean;
  /** Drives SDP_Response_Timeout and the traffic timestamps; default the system clock. */
  readonly clock?: Clock;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly timing?: Partial<SdpTiming>;
  /** Given the actor before it starts, e.g. to watch its snapshots or to show it in the inspector. */
  readonly onActor?: (actor: EvccSdpActor) => void;
  /** Every datagram sent and received, for a capture file. */
  readonly onTraffic?: (traffic: UdpTraffic) => void;
  /** Ends discovery early (e.g. the cable was unplugged): the result is `{ ok: false }`. */
  readonly signal?: AbortSignal;
  /** One line per datagram ignored or request not sent. */
  readonly log?: (line: string) => void;
}

/** Discovers the SECC; resolves when the machine ends (at most SDP_Max_Request_Counter × SDP_Response_Timeout). */
export async function discoverSecc(options: DiscoverSeccOptions): Promise<SdpResult> {
  const clock = options.clock ?? systemClock;
  const target = options.target ?? SDP_MULTICAST_ADDRESS;
  const port = options.port ?? SDP_SERVER_PORT;
  const log = options.log ?? ((): void => undefined);
  // Checked here too, so bad timing rejects the promise before a socket is opened.
  const timing = sdpTimingFor(options.timing);
  const localAddress = options.localAddress ?? (await sourceAddressFor(target, port, options.iface));
  const open = (localPort: number) => openUdpSocket({ address: localAddress, port: localPort, iface: options.iface, clock });
  const socket = await (options.localPort === undefined ? openOnDynamicPort(open, formatEndpoint(localAddress, 0)) : open(options.localPort));
  const actor = createActor(evccSdpMachine, {
    clock,
    inspect: options.inspect,
    input: { security: options.security, acceptNoTls: options.acceptNoTls, timing },
  });
  const tell = (event: EvccSdpEvent): void => {
    if (actor.getSnapshot().status === 'active') actor.send(event);
  };
  // The scope of the last response's source: a link-local SECC address is only reachable through that interface.
  let scope = options.iface;
  const traffic = options.onTraffic === undefined ? undefined : socket.traffic$.subscribe(options.onTraffic);
  const datagrams = socket.datagrams$.subscribe({
    next: ({ bytes, remote }) => {
      const event = toEvent(bytes, remote);
      if (event.type === 'sdp.invalid') log(`EVCC SDP: ignored ${event.reason}`);
      else scope = scopeOf(remote.address) ?? scope;
      tell(event);
    },
    error: (e: Error) => tell({ type: 'sdp.sendFailed', reason: `UDP socket: ${e.message}` }),
  });
  actor.on('sdp.send', ({ request }) => {
    socket.send(encodeSdpMessage(request), target, port).catch((e: Error) => {
      log(`EVCC SDP: request not sent: ${e.message}`);
      tell({ type: 'sdp.sendFailed', reason: e.message });
    });
  });
  options.onActor?.(actor);
  const result = new Promise<SdpResult>((resolve) => {
    actor.subscribe({
      complete: () => resolve(actor.getSnapshot().output ?? { ok: false, reason: 'SDP stopped before it ended' }),
      error: (e) => resolve({ ok: false, reason: `SDP machine failed: ${String(e)}` }),
    });
  });
  // Stopping the actor completes it without output: `result` then says so.
  const abort = (): void => {
    actor.stop();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    if (options.signal?.aborted) return { ok: false, reason: 'SDP aborted before it started' };
    actor.start();
    const outcome = await result;
    if (!outcome.ok) return options.signal?.aborted ? { ok: false, reason: 'SDP aborted' } : outcome;
    if (!isDynamicPort(outcome.secc.port)) {
      const range = `${DYNAMIC_PORTS.first}-${DYNAMIC_PORTS.last}`;
      log(`EVCC SDP: warning: SECCPort ${outcome.secc.port} is outside the dynamic range ${range} the standard puts the SECC in; connecting anyway`);
    }
    return { ok: true, secc: { ...outcome.secc, address: withScope(outcome.secc.address, scope) } };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    actor.stop();
    datagrams.unsubscribe();
    await socket.close();
    traffic?.unsubscribe();
  }
}

function toEvent(bytes: Uint8Array, remote: Endpoint): EvccSdpEvent {
  const from = describeDatagram(bytes, remote);
  try {
    const message = decodeSdpMessage(bytes);
    if (message.kind === 'SDPResponse') return { type: 'sdp.response', response: message };
    return { type: 'sdp.invalid', reason: `${from}: an SDP request, not a response` };
  } catch (e) {
    if (e instanceof SdpError) return { type: 'sdp.invalid', reason: `${from}: SdpError: ${e.message}` };
    throw e;
  }
}

const scopeOf = (address: string): string | undefined => /%(.+)$/.exec(address)?.[1];
