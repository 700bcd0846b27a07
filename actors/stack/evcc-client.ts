/**
 * The vehicle's communication controller for one charging session: the shell of machines/stack/evcc-stack.ts, whose
 * children are SDP, the dial (TCP or TLS), the supportedAppProtocol handshake and the chosen protocol's session, and
 * whose V2G_EVCC_CommunicationSetup_Timeout bounds everything from the start to SessionSetupRes. Here are what the
 * machine must not hold: the sockets, the channel, the vehicle adapter, and the wiring of each child to them.
 */
import { Subscription, type Observable } from 'rxjs';
import { createActor, fromPromise, toPromise, type AnyActorRef, type InspectionEvent } from 'xstate';
import type { ConnectionEvent } from '../../base/connection-events.js';
import type { VehicleAdapter } from '../../adapters/vehicle/vehicle-adapter.js';
import { evccHandshakeMachine } from '../../machines/apphand/evcc-handshake.js';
import type { DiscoveredSecc, SdpResult } from '../../machines/sdp/evcc-sdp.js';
import { evccStackMachine, type DialedConnection } from '../../machines/stack/evcc-stack.js';
import type { SdpTiming } from '../../machines/sdp/timing.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { timingFor, type TimingOverrides } from '../../machines/timing/v2g-timers.js';
import type { Connection } from '../../transport/connection-port.js';
import { TransportError } from '../../transport/transport-errors.js';
import { connectTcp } from '../../transport/tcp.js';
import { connectTls, type TlsCredentials, type TlsVersion } from '../../transport/tls.js';
import { isIso20 } from '../../codecs/exi/v2g-protocols.js';
import type { PcapRecorder } from '../capture/pcap-recorder.js';
import { discoverSecc } from '../sdp/discover-secc.js';
import { startConnectionActor } from '../transport/connection-actor.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { wireOnChannel } from '../session/run-on-channel.js';
import { contractChannel } from '../session/evcc-contract-channel.js';
import type { EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import type { EvccContractService } from '../session/evcc-contract-service.js';
import { watchChildren } from './child-wiring.js';
import { currentStatus } from './current-status.js';
import type { LoggedMessage } from './message-log.js';
import { recordedChannel } from './recorded-channel.js';
import { EVCC_SESSION_MACHINES, evccSessionInputs, evccSessionProtocol, type EvccSessionSettings, type SessionProtocol } from './session-machines.js';

export interface EvccOptions {
  /** The PLC interface; SDP multicasts on it and a link-local SECC address is scoped to it. */
  readonly iface?: string;
  /** Where SDP requests go: default ff02::1; `::1` for a loopback run. */
  readonly sdpTarget?: string;
  /** The SDP server's port; default 15118. */
  readonly sdpPort?: number;
  /** Ask for TLS in SDP and verify the SECC against these V2G root certificates (PEM). */
  readonly tls?: EvccTlsOptions;
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
  /**
   * ISO 15118-2 Plug & Charge: the EV's contract store, which signs its requests and keeps a delivered contract
   * (evcc-contract-channel.ts); `settings.iso2.plugAndCharge` says what the session does with it.
   */
  readonly contractStore?: EvContractStore;
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
  /**
   * The vehicle's Plug & Charge keys and certificates (evcc-contract-service.ts): an ISO 15118-20 session whose
   * settings ask for PnC is told the vehicle's certificates at its start and has its requests signed here.
   */
  readonly contracts?: EvccContractService;
}

export interface EvccTlsOptions {
  readonly trustedRoots: readonly string[];
  /** The TLS session's NSS key log lines (SSLKEYLOGFILE). */
  readonly keylog?: (line: string) => void;
  /**
   * Default: TLS 1.3 when the EVCC offers ISO 15118-20, which runs on TLS 1.3 only [V2G20-1237], else TLS 1.2. The
   * handshake then offers only what may run on the version agreed (machines/apphand/protocols.ts).
   */
  readonly version?: TlsVersion;
  /** The vehicle's OEM chain, for an SECC that asks for a client certificate (ISO 15118-20 mutual authentication). */
  readonly credentials?: TlsCredentials;
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
  const timing = timingFor('iso2', options.timing);
  const tlsVersion = options.tls?.version ?? (options.protocols.some(isIso20) ? 'tls1.3' : 'tls1.2');
  // The link the dial opens: the shell's, as sockets are; the machine knows only that it is up.
  let link: ReturnType<typeof recordedChannel> | undefined;
  const watched = new Subscription();
  const sdp = fromPromise<SdpResult>(({ signal }) =>
    discoverSecc({
      iface: options.iface,
      target: options.sdpTarget,
      port: options.sdpPort,
      security: options.tls ? 'tls' : 'tcp',
      timing: options.sdpTiming,
      clock,
      inspect: options.inspect,
      signal,
      log,
      onActor: (actor) => options.onActor?.('sdp', actor),
      onTraffic: options.pcap ? (t) => options.pcap?.udpTraffic(t) : undefined,
    }),
  );
  const dial = fromPromise<DialedConnection, DiscoveredSecc>(async ({ input: secc, signal }) => {
    const tls = secc.security === 'tls' && options.tls;
    const onLifecycle = (events$: Observable<ConnectionEvent>): void =>
      void startConnectionActor(events$, tls ? tlsVersion : 'tcp', { id: 'connection', parent: communication });
    const attempt = tls
      ? connectTls({
          host: secc.address,
          port: secc.port,
          iface: options.iface,
          version: tlsVersion,
          trustedRoots: tls.trustedRoots,
          credentials: tls.credentials,
          keylog: tls.keylog,
          captureWire: options.pcap !== undefined,
          onLifecycle,
        })
      : connectTcp({ host: secc.address, port: secc.port, iface: options.iface, onLifecycle });
    let connection: Connection;
    try {
      connection = await unlessAborted(attempt, signal);
    } catch (error) {
      // A TransportError names the operation and endpoint itself; its name tells a refused TLS chain from a lost route.
      throw new Error(error instanceof TransportError ? `${error.name}: ${error.message}` : `connecting to [${secc.address}]:${secc.port}: ${(error as Error).message}`);
    }
    link = recordedChannel(connection, {
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
    // The one word the communication hears of the session's messages: V2G_EVCC_CommunicationSetup_Timeout ends here.
    watched.add(
      link.messages$.subscribe((m) => {
        if (m.name === 'SessionSetupRes') communication.send({ type: 'SessionSetupRes' });
        options.onMessage?.(m);
      }),
    );
    return { security: connection.security };
  });
  const machine = evccStackMachine.provide({ actors: { sdp, dial, apphand: evccHandshakeMachine, ...EVCC_SESSION_MACHINES } });
  const iso20 = options.settings.iso20;
  // The contract installed now (the store may have gained one since the last session).
  const settings = iso20?.authorization === 'PnC' && options.contracts ? { ...options.settings, iso20: { ...iso20, pnc: await options.contracts.pncInput() } } : options.settings;
  const sessions = evccSessionInputs(
    { timing: options.timing, clock, evccId: options.evccId, resumeSessionId: options.resumeSessionId, loopInterval: options.loopInterval },
    settings,
    options.protocols,
  );
  const communication = createActor(machine, { id: 'evcc', clock, inspect: options.inspect, input: { timing, preferred: options.protocols, sessions } });
  // The vehicle's status goes to the communication until the session takes it over; the session starts with the latest.
  // An adapter that breaks its contract (no status on subscription) is named now and fails the session when it would start.
  try {
    currentStatus(options.vehicle.status$, 'vehicle');
  } catch (error) {
    communication.send({ type: 'vehicle.failed', reason: (error as Error).message });
  }
  const vehicleStatus = options.vehicle.status$.subscribe({
    next: (status) => communication.send({ type: 'vehicle.status', status }),
    error: (error: unknown) => communication.send({ type: 'vehicle.failed', reason: `the vehicle's status failed: ${(error as Error).message}` }),
  });
  watched.add(vehicleStatus);
  const children = watchChildren(communication, (child) => {
    if (link === undefined || !(child.id === 'apphand' || child.id in EVCC_SESSION_MACHINES)) return undefined;
    const isSession = child.id !== 'apphand';
    if (isSession) {
      vehicleStatus.unsubscribe();
      children.stop();
      link.channel.useProtocol(evccSessionProtocol(child.id as keyof typeof EVCC_SESSION_MACHINES, sessions));
      options.onActor?.('session', child);
    } else {
      options.onActor?.('apphand', child);
    }
    const store = isSession && child.id === 'iso2-evcc' ? options.contractStore : undefined;
    const channel = store === undefined ? link.channel : contractChannel(link.channel, store);
    const wired = wireOnChannel(child, {
      channel,
      clock,
      vehicle: isSession ? options.vehicle : undefined,
      vehicleContracts: isSession ? options.contracts : undefined,
      name: `evcc/${child.id}`,
    });
    // Its parent hears how it ended; a child stopped by V2G_EVCC_CommunicationSetup_Timeout rejects here.
    wired.output.catch(() => undefined);
    return wired.connectInputs;
  });
  // The communication's own commands: closing the channel when it ends or runs out of time.
  communication.on('channel.close', ({ reason }) => link?.channel.close(reason));
  const done = toPromise(communication);
  communication.start();
  try {
    const { outcome, secc, security, protocol } = await done;
    return { outcome, protocol, secc, security, messages: link?.messages ?? [] };
  } finally {
    children.stop();
    watched.unsubscribe();
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
