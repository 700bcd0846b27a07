/**
 * A charging station's communication controller: the SDP server, the V2G server (TCP, and on one more port TLS 1.2
 * and/or TLS 1.3 when credentials are given), and for each EV that connects its own message channel,
 * supportedAppProtocol handshake and session machine with its own power module (and, for ISO 15118-20, the site's
 * energy planning). The machines are one XState tree: the station's (machines/stack/charging-station.ts)
 * has a child per connection (machines/stack/secc-connection.ts), which invokes the handshake and the session; this
 * shell admits sessions and wires each child to its connection's channel as XState creates it. A session that fails
 * (timeout, reset, bad frame) ends alone; the others go on.
 *
 * The V2G servers and their sessions (`startSeccServers`) stand apart from SDP so that a cluster (secc-cluster.ts)
 * can run them in each worker process behind one shared port and SDP once in its primary.
 */
import { randomBytes } from 'node:crypto';
import { ReplaySubject, Subject, type Observable } from 'rxjs';
import { createActor, fromPromise, toPromise, type AnyActorRef, type InspectionEvent } from 'xstate';
import type { PowerModule } from '../../adapters/evse.js';
import type { EvseAuthorization } from '../../adapters/evse/authorization.js';
import type { EnergyPlanning } from '../../adapters/evse/energy-management.js';
import { seccHandshakeMachine } from '../../machines/apphand/secc-handshake.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { chargingStationMachine } from '../../machines/stack/charging-station.js';
import { seccConnectionMachine, type SeccAdmission, type SeccAdmissionRequest } from '../../machines/stack/secc-connection.js';
import { messageName } from '../../codecs/exi/message-name.js';
import { timingFor, type TimingOverrides } from '../../machines/timing/v2g-timers.js';
import type { TlsCredentials } from '../../crypto/index.js';
import type { Connection } from '../../transport/connection-port.js';
import type { Endpoint } from '../../base/connection-events.js';
import { startConnectionActor, type ConnectionActor } from '../transport/connection-actor.js';
import { ConnectionGate, describeRefusal } from '../../transport/connection-gate.js';
import { DYNAMIC_PORTS, isDynamicPort, openOnDynamicPort } from '../../transport/dynamic-ports.js';
import { formatEndpoint } from '../../transport/endpoint.js';
import { listenTcp } from '../../transport/tcp.js';
import { listenTls, type TlsConnection, type TlsServing } from '../../transport/tls.js';
import type { TcpServer } from '../../transport/server.js';
import type { PcapRecorder } from '../capture/pcap-recorder.js';
import { RateLimitedLog } from '../runtime/rate-limited-log.js';
import type { V2gChannel, V2gChannelActor } from '../channel/v2g-channel-actor.js';
import { startSdpServer, type SdpServer } from '../sdp/sdp-server.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { wireOnChannel } from '../session/run-on-channel.js';
import type { SeccContractService } from '../session/secc-contract-service.js';
import { iso20PncOffer } from './iso20-pnc-admission.js';
import { watchChildren, type ChildWatch } from './child-wiring.js';
import type { LoggedMessage } from './message-log.js';
import { DEFAULT_CONNECTOR, LocalPausedSessions, type PausedSessions } from './paused-sessions.js';
import { recordedChannel } from './recorded-channel.js';
import { stationLimitsFor, type StationLimits } from './station-limits.js';
import { SECC_SESSION_MACHINES, seccSessionAdmission, type SeccSessionSettings, type SessionProtocol } from './session-machines.js';

/** Everything of a station but SDP. */
export interface SeccServersOptions {
  /** Address the V2G servers listen on; default `::`, or the interface's link-local address with `iface`. */
  readonly host?: string;
  /** The PLC interface: SDP joins ff02::1 on it and the servers bind its link-local address. */
  readonly iface?: string;
  /**
   * V2G TCP port; default a free one chosen at random in the dynamic range 49152–65535, where the EVCC expects it
   * (transport/dynamic-ports.ts); SDP tells the EV. 0 lets the system choose from its own ephemeral range.
   */
  readonly port?: number;
  readonly protocols: readonly SessionProtocol[];
  /** TLS 1.2 (ISO 15118-2) on a second port (chosen as `port` is), offered to EVs that ask for it in SDP. */
  readonly tls?: SeccTlsOptions;
  /** Connections and sessions served at once; default DEFAULT_STATION_LIMITS. */
  readonly limits?: Partial<StationLimits>;
  /** The EVSEID in ISO 15118's form (`DE*KPH*E0000001`), for ISO 15118-2 sessions. */
  readonly evseId: string;
  /**
   * The EVSEID for DIN 70121 sessions, in DIN SPEC 91286's numeric form (`+49*810*000*438`), which DIN codes one digit
   * per nibble (machines/din/evse-id.ts); default `evseId`, sent as "cannot provide" when it has letters.
   */
  readonly dinEvseId?: string;
  readonly settings?: SeccSessionSettings;
  /** The power module of a new session (one per connector; simulators get a fresh one per session). */
  readonly powerModule: (session: number) => PowerModule;
  /** Decides EIM authorization (a backend, an RFID reader) when the power module's status does not say authorized. */
  readonly authorization?: EvseAuthorization;
  /**
   * The site's plans for ISO 15118-20 sessions, per session (ScheduleTuples for Scheduled control, targets over time
   * for Dynamic); absent: the SECC plans from the power module's limits.
   */
  readonly energyPlanning?: (session: number) => EnergyPlanning;
  /**
   * Plug & Charge over TLS (never over plain TCP): the MO roots contracts are checked against, and who answers what the
   * SECC asks (secc-contract-service.ts over a ContractBackend). ISO 15118-20 sessions offer PnC beside EIM with it,
   * and CertificateInstallation unless `certificateInstallation` is false.
   */
  readonly plugAndCharge?: SeccPlugAndCharge;
  /** Drives the protocol timers; default the system clock. */
  readonly clock?: Clock;
  readonly timing?: TimingOverrides;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly pcap?: PcapRecorder;
  readonly log?: (line: string) => void;
  /** Read the EVs' messages in conformance mode (strict EXI) instead of like the field sends them. */
  readonly strict?: boolean;
  /** Keep each session's message log in memory (`SeccSession.messages`). */
  readonly keepMessages?: boolean;
  /** Where the paused sessions are remembered; default in this process. */
  readonly pausedSessions?: PausedSessions;
  /**
   * The connector this station serves, which its paused sessions are remembered by (paused-sessions.ts): an EV
   * resumes only at the connector where it paused. Default DEFAULT_CONNECTOR, for a station with one connector.
   */
  readonly connector?: string;
  /**
   * Session numbers are first, first + step, first + 2 step, …; default 1, 2, 3, …. The workers of a cluster number
   * their sessions apart this way, so a number names one session of the whole station without asking anyone.
   */
  readonly numbering?: { readonly first: number; readonly step: number };
}

export interface SeccPlugAndCharge {
  readonly moRoots: readonly Uint8Array[];
  readonly contracts: SeccContractService;
  /** ISO 15118-20: offer CertificateInstallationService (the backend installs contracts); default true. */
  readonly certificateInstallation?: boolean;
}

export interface SeccTlsOptions {
  /** TLS 1.2 for ISO 15118-2, with the -2 chain (P-256); absent with `tls13`: a -20 station's TLS port is TLS 1.3 only. */
  readonly credentials?: TlsCredentials;
  /**
   * TLS 1.3 for ISO 15118-20 on the same port, with the -20 chain (P-521 or Ed448) and, where given, mutual
   * authentication with the vehicle's OEM chain. The handshake offers -20 only on TLS 1.3 (machines/apphand/protocols.ts).
   */
  readonly tls13?: Omit<TlsServing, 'version'>;
  /**
   * The -2 chain's OCSP stapling (crypto/ocsp's OcspStapler for its leaf), for an EVCC that asks with status_request;
   * the -20 chain's is `tls13.ocspStapling`. Each version's server staples only its own leaf's response.
   */
  readonly ocspStapling?: TlsServing['ocspStapling'];
  /** Default: chosen as the TCP port is. */
  readonly port?: number;
  /** A client whose handshake has not finished this long after it connected is cut off; default 5 s. */
  readonly handshakeTimeoutMs?: number;
  /** Each TLS session's NSS key log lines (SSLKEYLOGFILE). */
  readonly keylog?: (line: string) => void;
}

export interface SeccStationOptions extends SeccServersOptions {
  /** SDP server port; default 15118, 0 for an ephemeral one (tests, several stations on one host). */
  readonly sdpPort?: number;
}

/** One EV's connection to the station. */
export interface SeccSession {
  readonly index: number;
  readonly remote: Endpoint;
  readonly security: Connection['security'];
  readonly messages$: Observable<LoggedMessage>;
  readonly messages: readonly LoggedMessage[];
  /** The lifecycle of the session's TCP or TLS connection. */
  readonly connection: ConnectionActor;
  /** The lifecycle of its V2G message channel. */
  readonly channel: V2gChannelActor;
  /** Each machine of this session as it starts: the handshake, then the charging session. */
  readonly actors$: Observable<{ readonly layer: 'apphand' | 'session'; readonly actor: AnyActorRef }>;
  readonly protocol: Promise<SessionProtocol | undefined>;
  readonly outcome: Promise<SessionOutcome>;
}

/** The V2G servers and the sessions they serve; close() ends the sessions and stops listening. */
export interface SeccServers {
  readonly address: Endpoint;
  readonly tlsAddress?: Endpoint;
  readonly sessions$: Observable<SeccSession>;
  /** The connections open now, in all and per peer address (TCP and TLS together, handshakes included). */
  readonly gate: Pick<ConnectionGate, 'open' | 'openFrom' | 'limits'>;
  close(): Promise<void>;
}

export interface SeccStation extends SeccServers {
  readonly sdpPort: number;
}

export async function startSeccStation(options: SeccStationOptions): Promise<SeccStation> {
  const servers = await startSeccServers(options);
  let sdp: SdpServer;
  // SDP failing to start (its port taken) takes down the servers already listening.
  try {
    sdp = await startSeccSdp(servers, options);
  } catch (error) {
    await servers.close();
    throw error;
  }
  if (options.pcap) {
    const pcap = options.pcap;
    sdp.traffic$.subscribe((t) => pcap.udpTraffic(t));
  }
  return {
    address: servers.address,
    tlsAddress: servers.tlsAddress,
    sdpPort: sdp.port,
    sessions$: servers.sessions$,
    gate: servers.gate,
    async close() {
      await sdp.close();
      await servers.close();
    },
  };
}

/** The SDP server that sends EVs to `servers`: TLS allowed when they serve it, on its own port. */
export function startSeccSdp(
  servers: Pick<SeccServers, 'address' | 'tlsAddress'>,
  options: Pick<SeccStationOptions, 'iface' | 'host' | 'sdpPort' | 'log' | 'clock'>,
): Promise<SdpServer> {
  const { address, tlsAddress } = servers;
  return startSdpServer({
    iface: options.iface,
    host: options.host,
    port: options.sdpPort,
    secc: { address: address.address, port: address.port, tls: tlsAddress ? 'allow' : 'prohibit', tlsPort: tlsAddress?.port },
    log: options.log,
    clock: options.clock ?? systemClock,
  });
}

export async function startSeccServers(options: SeccServersOptions): Promise<SeccServers> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((): void => undefined);
  const paused = options.pausedSessions ?? new LocalPausedSessions();
  const connector = options.connector ?? DEFAULT_CONNECTOR;
  const { first, step } = options.numbering ?? { first: 1, step: 1 };
  const limits = stationLimitsFor(options.limits);
  // What any peer can provoke at will is logged rate-limited: a flood of it must not flood the log.
  const refusals = new RateLimitedLog(log, { clock });
  const handshakeFailures = new RateLimitedLog(log, { clock });
  const gate = new ConnectionGate(limits, (refusal) => refusals.write(`SECC: ${describeRefusal(refusal)}`));
  const servers: TcpServer[] = [];
  const sessions = new Subject<SeccSession>();
  const open = new Set<() => void>();
  let count = 0;
  let running = 0;

  const nextIndex = (): number => first + step * count++;
  /** What the shell keeps of each connection its station machine runs: the I/O its children are wired to. */
  interface Served {
    readonly index: number;
    readonly connection: Connection;
    readonly channel: V2gChannel;
    readonly actors: ReplaySubject<{ layer: 'apphand' | 'session'; actor: AnyActorRef }>;
    readonly chosen: (protocol: SessionProtocol | undefined) => void;
    power?: PowerModule;
    /** Counted among the sessions running (maxSessions) from its admission on. */
    admitted: boolean;
    sessionStarted: boolean;
    /** Its session child is not wired yet: the station's children are watched while any is. */
    awaitingSession: boolean;
  }
  const served = new Map<string, Served>();
  // The station asks the shell, once a connection's handshake has chosen a protocol, whether its session may run.
  const admission = fromPromise<SeccAdmission, SeccAdmissionRequest>(async ({ input }) => {
    const s = served.get(input.connection);
    if (s === undefined) return { ok: false, reason: `connection ${input.connection} is not served` };
    const { protocol } = input;
    // The power stage is what a station has least of: beyond the limit the EV is turned away before it takes one.
    if (running >= limits.maxSessions) return { ok: false, reason: `maxSessions ${limits.maxSessions} reached` };
    s.chosen(protocol);
    running++;
    s.admitted = true;
    s.channel.useProtocol(protocol);
    // Asked only now, as late as can be: a session may have paused since this EV connected.
    const pausedSessionIds = await paused.joinable(connector);
    s.power = options.powerModule(s.index);
    const evseId = protocol === 'din' ? (options.dinEvseId ?? options.evseId) : options.evseId;
    // The vehicle's certificate, where mutual TLS had it verified: the -20 session binds to it.
    const peerCertificate = 'peerCertificate' in s.connection ? (s.connection as TlsConnection).peerCertificate : undefined;
    const base = { evseId, newSessionId: newSessionId(), pausedSessionIds, ...(peerCertificate ? { peerCertificate } : {}) };
    const tls = s.connection.security !== 'tcp';
    return iso20PncOffer(seccSessionAdmission(protocol, base, options.timing, withContracts(options.settings ?? {}, tls ? options.plugAndCharge : undefined), tls), options.plugAndCharge, tls);
  });
  const station = createActor(
    chargingStationMachine.provide({
      actors: { connection: seccConnectionMachine.provide({ actors: { apphand: seccHandshakeMachine, admission, ...SECC_SESSION_MACHINES } }) },
    }),
    { id: 'secc', clock, inspect: options.inspect },
  );
  station.start();

  // Children are wired as XState creates them; the watch is on only while a connection still awaits its session.
  let awaiting = 0;
  let watch: ChildWatch | undefined;
  const sessionWired = (s: Served): void => {
    if (!s.awaitingSession) return;
    s.awaitingSession = false;
    if (--awaiting === 0) {
      watch?.stop();
      watch = undefined;
    }
  };
  const wire = (child: AnyActorRef): (() => void) | undefined => {
    const s = child._parent?._parent === station ? served.get(child._parent.id) : undefined;
    if (s === undefined) return undefined;
    const layer = child.id === 'apphand' ? 'apphand' : child.id in SECC_SESSION_MACHINES ? 'session' : undefined;
    if (layer === undefined) return undefined;
    if (layer === 'session') {
      s.sessionStarted = true;
      sessionWired(s);
    }
    const session = layer === 'session';
    const wired = wireOnChannel(child, {
      channel: s.channel,
      clock,
      power: session ? s.power : undefined,
      authorization: session ? options.authorization : undefined,
      contracts: session ? options.plugAndCharge?.contracts : undefined,
      energyPlanning: session ? options.energyPlanning?.(s.index) : undefined,
      name: `secc/${s.index}/${child.id}`,
    });
    // Its parent hears how it ended; one stopped with its connection rejects here.
    wired.output.catch(() => undefined);
    s.actors.next({ layer, actor: child });
    return wired.connectInputs;
  };

  const serve = (connection: Connection): void => {
    const index = nextIndex();
    const id = String(index);
    const { channel, messages$, messages } = recordedChannel(connection, {
      side: 'secc',
      clock,
      start: clock.now(),
      pcap: options.pcap,
      log,
      keep: options.keepMessages,
      id: `secc/${index}/channel`,
      inspect: options.inspect,
      strict: options.strict,
    });
    const closeChannel = (): void => channel.close('the SECC is shutting down');
    open.add(closeChannel);
    // Replays: the handshake starts before anyone can subscribe to the session announced below.
    const actors = new ReplaySubject<{ layer: 'apphand' | 'session'; actor: AnyActorRef }>();
    let chosen: (p: SessionProtocol | undefined) => void = () => undefined;
    const protocol = new Promise<SessionProtocol | undefined>((resolve) => (chosen = resolve));
    const s: Served = { index, connection, channel, actors, chosen, admitted: false, sessionStarted: false, awaitingSession: true };
    served.set(id, s);
    awaiting++;
    watch ??= watchChildren(station, wire);
    station.send({
      type: 'connection.accepted',
      id,
      input: { connection: id, supported: options.protocols, security: connection.security, timing: timingFor('iso2', options.timing) },
    });
    const child = station.getSnapshot().children[id] as AnyActorRef;
    // The connection's own command: closing the channel when it ends the connection itself (its setup time ran out).
    child.on('channel.close', ({ reason }: { reason: string }) => channel.close(reason));
    const lifecycle = startConnectionActor(connection.lifecycle$, connection.security, { id: 'connection', parent: child });
    // The one word the connection's machine hears of the session's messages: SessionSetupReq ends its setup timer.
    const setup = channel.traffic$.subscribe((traffic) => {
      if (traffic.dir !== 'in' || traffic.message === undefined || messageName(traffic.message.document) !== 'SessionSetupReq') return;
      child.send({ type: 'SessionSetupReq' });
      setup.unsubscribe();
    });
    // A connection the station stops (its close) ends without an output.
    const outcome = (toPromise(child) as Promise<SessionOutcome | undefined>)
      .then((result): SessionOutcome => result ?? { result: 'failed', reason: 'the SECC is shutting down' })
      .catch((error: Error): SessionOutcome => ({ result: 'failed', reason: error.message }))
      .then((result) => {
        setup.unsubscribe();
        sessionWired(s);
        served.delete(id);
        if (s.admitted) running--;
        if (s.sessionStarted) paused.ended(result, { connector, peer: connection.remote.address });
        chosen(undefined);
        actors.complete();
        open.delete(closeChannel);
        log(`SECC session ${index} from [${connection.remote.address}]:${connection.remote.port}: ${result.result}${result.reason ? ` (${result.reason})` : ''}`);
        return result;
      });
    sessions.next({
      index,
      remote: connection.remote,
      security: connection.security,
      connection: lifecycle,
      channel: channel.actor,
      messages$,
      messages,
      actors$: actors,
      protocol,
      outcome,
    });
  };

  const listen = <S>(what: string, fixed: number | undefined, open: (port: number) => Promise<S>): Promise<S> => {
    if (fixed === undefined) return openOnDynamicPort(open, formatEndpoint(options.host ?? options.iface ?? '::', 0));
    if (fixed !== 0 && !isDynamicPort(fixed)) {
      log(`SECC: the ${what} port ${fixed} is outside the dynamic range ${DYNAMIC_PORTS.first}-${DYNAMIC_PORTS.last}; an EVCC that checks refuses it`);
    }
    return open(fixed);
  };
  const network = { host: options.host, iface: options.iface, gate };
  const tcp = await listen('V2G TCP', options.port, (port) => listenTcp({ ...network, port }));
  servers.push(tcp);
  tcp.connections$.subscribe(serve);
  let tlsAddress: Endpoint | undefined;
  if (options.tls) {
    const { handshakeTimeoutMs, keylog } = options.tls;
    const [serving, alongside] = tlsServing(options.tls);
    // A TLS server that fails to start (bad credentials) takes down the TCP one already listening.
    try {
      const tls = await listen('TLS', options.tls.port, (port) => listenTls({ ...network, port, ...serving, alongside, handshakeTimeoutMs, keylog, captureWire: options.pcap !== undefined }));
      servers.push(tls);
      tls.connections$.subscribe(serve);
      tls.handshakeFailures$.subscribe(({ error, version, lifecycle$ }) => {
        handshakeFailures.write(`SECC TLS handshake failed: ${error.message}`);
        // No session comes of it, but the connection is shown: the inspector is where a failing EV is debugged.
        startConnectionActor(lifecycle$, version, { id: `secc/${nextIndex()}/connection`, inspect: options.inspect });
      });
      tlsAddress = tls.address;
    } catch (error) {
      await tcp.close();
      throw error;
    }
  }
  return {
    address: tcp.address,
    tlsAddress,
    sessions$: sessions,
    gate,
    async close() {
      for (const close of open) close();
      await Promise.all(servers.map((s) => s.close()));
      refusals.close();
      handshakeFailures.close();
      watch?.stop();
      station.stop();
      sessions.complete();
    },
  };
}

/**
 * The ISO 15118-2 settings of a session over TLS at a station with Plug & Charge: Contract offered (unless the
 * deployment names its payment options) and what contracts are checked with, a fresh GenChallenge and the time.
 */
function withContracts(settings: SeccSessionSettings, plugAndCharge: SeccServersOptions['plugAndCharge']): SeccSessionSettings {
  if (plugAndCharge === undefined) return settings;
  const contracts = { moRoots: plugAndCharge.moRoots, genChallenge: new Uint8Array(randomBytes(16)), now: new Date() };
  return { ...settings, iso2: { paymentOptions: ['Contract', 'ExternalPayment'], ...settings.iso2, contracts } };
}

/** The TLS versions a station serves on its one TLS port: TLS 1.2 with the -2 chain first where it has one. */
function tlsServing(tls: SeccTlsOptions): [TlsServing, TlsServing?] {
  const tls12 = tls.credentials && { version: 'tls1.2' as const, credentials: tls.credentials, ...(tls.ocspStapling ? { ocspStapling: tls.ocspStapling } : {}) };
  const tls13 = tls.tls13 && { version: 'tls1.3' as const, ...tls.tls13 };
  if (tls12) return [tls12, tls13];
  if (tls13) return [tls13];
  throw new RangeError('TLS without credentials: give the -2 chain (credentials), the -20 chain (tls13) or both');
}

/** A fresh random SessionID, never all zeros: zeros is what an EV sends to ask for a new session [V2G2-756]. */
function newSessionId(): Uint8Array {
  for (;;) {
    const id = new Uint8Array(randomBytes(8));
    if (id.some((b) => b !== 0)) return id;
  }
}
