/**
 * The vehicle's communication controller for one charging session: SDP to find the SECC, TCP or TLS to it, the
 * supportedAppProtocol handshake, then the chosen protocol's session machine driven by the vehicle adapter.
 * V2G_EVCC_CommunicationSetup_Timeout bounds everything from the start to SessionSetupRes.
 */
import type { Observable } from 'rxjs';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { ConnectionEvent } from '../../base/connection-events.js';
import type { VehicleAdapter, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { evccHandshakeMachine } from '../../machines/apphand/evcc-handshake.js';
import type { DiscoveredSecc } from '../../machines/sdp/evcc-sdp.js';
import type { SdpTiming } from '../../machines/sdp/timing.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { timingFor, type TimingOverrides } from '../../machines/timing/v2g-timers.js';
import type { Connection } from '../../transport/connection-port.js';
import { TransportError } from '../../transport/transport-errors.js';
import { connectTcp } from '../../transport/tcp.js';
import { connectTls } from '../../transport/tls.js';
import type { PcapRecorder } from '../capture/pcap-recorder.js';
import { discoverSecc } from '../sdp/discover-secc.js';
import { startConnectionActor } from '../transport/connection-actor.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { runOnChannel } from '../session/run-on-channel.js';
import { currentStatus } from './current-status.js';
import type { LoggedMessage } from './message-log.js';
import { recordedChannel } from './recorded-channel.js';
import { isSessionProtocol, startEvccSession, type EvccSessionSettings, type SessionProtocol } from './session-machines.js';

export interface EvccOptions {
  /** The PLC interface; SDP multicasts on it and a link-local SECC address is scoped to it. */
  readonly iface?: string;
  /** Where SDP requests go: default ff02::1; `::1` for a loopback run. */
  readonly sdpTarget?: string;
  /** The SDP server's port; default 15118. */
  readonly sdpPort?: number;
  /** Ask for TLS in SDP and verify the SECC against these V2G root certificates (PEM). */
  /** `keylog`: the TLS session's NSS key log lines (SSLKEYLOGFILE). */
  readonly tls?: { readonly trustedRoots: readonly string[]; readonly keylog?: (line: string) => void };
  /** Most preferred first. */
  readonly protocols: readonly SessionProtocol[];
  readonly vehicle: VehicleAdapter;
  /** EVCCID, the MAC address of the PLC interface. */
  readonly evccId: Uint8Array;
  readonly settings: EvccSessionSettings;
  /** Pause between a loop's response and its next request, ms. */
  readonly loopInterval: number;
  /** SessionID of a paused ISO 15118-2 session to resume. */
  readonly resumeSessionId?: Uint8Array;
  readonly clock?: Clock;
  readonly timing?: TimingOverrides;
  /** SDP_Response_Timeout and SDP_Max_Request_Counter; default the standard's 250 ms and 50. */
  readonly sdpTiming?: Partial<SdpTiming>;
  readonly inspect?: (event: InspectionEvent) => void;
  /** Read the SECC's messages in conformance mode (strict EXI) instead of like the field sends them. */
  readonly strict?: boolean;
  readonly pcap?: PcapRecorder;
  readonly log?: (line: string) => void;
  /** Each machine as it starts: SDP, the handshake, the charging session. */
  readonly onActor?: (layer: 'sdp' | 'apphand' | 'session', actor: AnyActorRef) => void;
  /** Each message as it goes over the wire. */
  readonly onMessage?: (message: LoggedMessage) => void;
}

export interface EvccResult {
  readonly outcome: SessionOutcome;
  readonly protocol?: SessionProtocol;
  readonly secc?: DiscoveredSecc;
  readonly security?: Connection['security'];
  readonly messages: readonly LoggedMessage[];
}

export async function runEvcc(options: EvccOptions): Promise<EvccResult> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((): void => undefined);
  const start = clock.now();
  const setup = new AbortController();
  const timing = timingFor('iso2', options.timing);
  let closeChannel: ((reason: string) => void) | undefined;
  const setupTimer = clock.setTimeout(() => {
    setup.abort();
    closeChannel?.('V2G_EVCC_CommunicationSetup_Timeout');
  }, timing.session.V2G_EVCC_CommunicationSetup_Timeout);
  const failed = (reason: string, extra: Partial<EvccResult> = {}): EvccResult => ({ outcome: { result: 'failed', reason }, messages: [], ...extra });
  try {
    const sdp = await discoverSecc({
      iface: options.iface,
      target: options.sdpTarget,
      port: options.sdpPort,
      security: options.tls ? 'tls' : 'tcp',
      timing: options.sdpTiming,
      clock,
      inspect: options.inspect,
      signal: setup.signal,
      log,
      onActor: (actor) => options.onActor?.('sdp', actor),
      onTraffic: options.pcap ? (t) => options.pcap?.udpTraffic(t) : undefined,
    });
    if (!sdp.ok) return failed(setup.signal.aborted ? 'V2G_EVCC_CommunicationSetup_Timeout during SDP' : `SDP: ${sdp.reason}`);
    const secc = sdp.secc;
    let connection: Connection;
    try {
      const tls = secc.security === 'tls' && options.tls;
      const actor = { id: 'evcc/connection', inspect: options.inspect };
      const onLifecycle = (events$: Observable<ConnectionEvent>): void => void startConnectionActor(events$, tls ? 'tls1.2' : 'tcp', actor);
      const attempt =
        tls
          ? connectTls({
              host: secc.address,
              port: secc.port,
              iface: options.iface,
              version: 'tls1.2',
              trustedRoots: options.tls.trustedRoots,
              keylog: options.tls.keylog,
              captureWire: options.pcap !== undefined,
              onLifecycle,
            })
          : connectTcp({ host: secc.address, port: secc.port, iface: options.iface, onLifecycle });
      connection = await unlessAborted(attempt, setup.signal);
    } catch (error) {
      if (setup.signal.aborted) return failed('V2G_EVCC_CommunicationSetup_Timeout while connecting', { secc });
      // A TransportError names the operation and endpoint itself; its name tells a refused TLS chain from a lost route.
      const reason = error instanceof TransportError ? `${error.name}: ${error.message}` : `connecting to [${secc.address}]:${secc.port}: ${(error as Error).message}`;
      return failed(reason, { secc });
    }
    const { channel, messages, messages$ } = recordedChannel(connection, {
      side: 'evcc',
      clock,
      start,
      pcap: options.pcap,
      log,
      keep: true,
      id: 'evcc/channel',
      inspect: options.inspect,
      strict: options.strict,
    });
    closeChannel = (reason) => channel.close(reason);
    const watch = messages$.subscribe((m) => {
      if (m.name === 'SessionSetupRes') clock.clearTimeout(setupTimer);
      options.onMessage?.(m);
    });
    try {
      const handshake = runOnChannel(evccHandshakeMachine, {
        input: { preferred: [...options.protocols], security: connection.security, timing },
        channel,
        clock,
        inspect: options.inspect,
        id: 'evcc/apphand',
      });
      options.onActor?.('apphand', handshake.actor);
      const negotiated = await handshake.output;
      if (!negotiated.ok) return failed(negotiated.reason, { secc, security: connection.security, messages });
      if (!isSessionProtocol(negotiated.protocol)) {
        channel.close(`${negotiated.protocol} has no session machine yet`);
        return failed(`${negotiated.protocol} has no session machine yet`, { secc, messages });
      }
      const protocol = negotiated.protocol;
      channel.useProtocol(protocol);
      const session = startEvccSession(
        protocol,
        {
          timing: timingFor(protocol, options.timing),
          evccId: options.evccId,
          vehicle: currentStatus<VehicleStatus>(options.vehicle.status$, 'vehicle'),
          resumeSessionId: options.resumeSessionId,
          loopInterval: options.loopInterval,
        },
        options.settings,
        options.vehicle,
        { channel, tls: connection.security !== 'tcp', clock, inspect: options.inspect, id: `evcc/${protocol}-evcc` },
      );
      options.onActor?.('session', session.actor);
      const outcome = await session.output;
      channel.close(`session ${outcome.result}`);
      return { outcome, protocol, secc, security: connection.security, messages };
    } catch (error) {
      // A vehicle adapter that breaks its contract, or a machine that throws, ends this run with the reason; closing
      // the connection tells the SECC at once instead of leaving it to wait out V2G_SECC_Sequence_Timeout.
      const reason = (error as Error).message;
      channel.close(reason);
      return failed(reason, { secc, security: connection.security, messages });
    } finally {
      watch.unsubscribe();
    }
  } finally {
    clock.clearTimeout(setupTimer);
  }
}

/**
 * The connection `attempt` makes, unless `signal` aborts first: V2G_EVCC_CommunicationSetup_Timeout must not wait for
 * a TLS handshake that hangs until the transport's own connect bound. A connection made after the abort is torn down.
 */
function unlessAborted(attempt: Promise<Connection>, signal: AbortSignal): Promise<Connection> {
  attempt.then(
    (connection) => signal.aborted && connection.destroy('V2G_EVCC_CommunicationSetup_Timeout'),
    () => undefined,
  );
  return new Promise<Connection>((resolve, reject) => {
    const abort = (): void => reject(new Error('aborted'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    attempt.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
