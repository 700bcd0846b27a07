/**
 * TLS for V2G: the SECC's server with its CPO chain and the EVCC's client that trusts only its V2G roots
 * (ISO 15118-2 §7.7.4; ISO 15118-20 over TLS 1.3). In -2 authentication is the server's only: the EVCC has no
 * certificate. In -20 the SECC may ask for the vehicle's certificate (its OEM chain) and verify it against the roots
 * it is configured with: mutual authentication, required or merely requested. The certificate each end presented is
 * on the TlsConnection and in its `tls.secured` event, for the session to bind to.
 *
 * There is no hostname to check: the EVCC found the SECC by SDP as a bare link-local address, and the SECC
 * certificate names a SECCID, not a host. What binds the certificate to a charger is the chain to a V2G root plus
 * DC=CPO in the leaf subject [V2G2-875] [V2G2-925], so Node's hostname check is replaced by that DC check.
 */
import type { X509Certificate } from 'node:crypto';
import { connect as netConnect, createServer as createNetServer, type Socket } from 'node:net';
import { connect as tlsConnect, createServer, type PeerCertificate as NodePeerCertificate, type Server, type TLSSocket } from 'node:tls';
import { Subject, type Observable } from 'rxjs';
import type { TlsCredentials } from '../crypto/credentials.js';
import type { OcspRequestListener } from '../crypto/ocsp/stapler.js';
import type { ConnectionEvent, Endpoint, PeerCertificate, TlsFailure } from '../base/connection-events.js';
import type { Connection } from './connection-port.js';
import { ConnectionFeed } from './connection-feed.js';
import { ConnectionLifecycle } from './connection-lifecycle.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, dial } from './dial.js';
import { endpointOf, formatEndpoint, scopedHost } from './endpoint.js';
import { TlsError, TransportError, transportErrorOf } from './transport-errors.js';
import { socketConnection } from './socket-connection.js';
import { startServer, type TcpServer } from './server.js';
import type { ConnectOptions, ListenOptions } from './tcp.js';
import { tlsFailureOfCode } from './tls-failures.js';
import { TLS_PROFILES, type TlsVersion } from './tls-profiles.js';
import { routeByClientHello } from './client-hello-version.js';
import { clientRandomOfKeyLogLine, ClientRandomReader, WireRecord, WireTap, type WireEvent } from './wire-tap.js';

export type { TlsCredentials } from '../crypto/credentials.js';
export type { TlsVersion } from './tls-profiles.js';

export interface TlsNegotiated {
  /** `TLSv1.2` or `TLSv1.3`. */
  readonly protocol: string;
  /** OpenSSL's name (`ECDHE-ECDSA-AES128-SHA256`). */
  readonly cipher: string;
  /** The IANA name (`TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256`). */
  readonly cipherStandardName: string;
}

export interface TlsConnection extends Connection {
  readonly negotiated: TlsNegotiated;
  /** What the other end presented: the SECC's leaf (EVCC side), the vehicle's leaf where it sent one (SECC side). */
  readonly peerCertificate?: PeerCertificate;
  /** With `captureWire`: the encrypted bytes both ways and the session's key log lines, from the connection's start. */
  readonly wire?: { readonly openedAt: number; readonly events$: Observable<WireEvent> };
}

/** What both ends may ask of a TLS connection besides the session itself. */
export interface TlsObservation {
  /** Each NSS key log line of a session as it is made (for SSLKEYLOGFILE). */
  readonly keylog?: (line: string) => void;
  /** Record the bytes as they are on the wire, for a capture (TlsConnection.wire); costs a copy of every chunk. */
  readonly captureWire?: boolean;
}

/** An accepted TCP connection whose TLS handshake failed: why, and its whole (short) life for a connection actor. */
export interface RefusedHandshake {
  readonly error: TlsError;
  /** The version of the server that refused it. */
  readonly version: TlsVersion;
  readonly lifecycle$: Observable<ConnectionEvent>;
}

export interface TlsServer extends TcpServer<TlsConnection> {
  /** Handshakes that failed or whose vehicle certificate was refused: the connection never reached connections$, the server goes on accepting. */
  readonly handshakeFailures$: Observable<RefusedHandshake>;
}

/** One TLS version as a server serves it: its chain and whom it asks for a certificate. */
export interface TlsServing {
  readonly version: TlsVersion;
  /** The SECC leaf's key and the chain leaf, CPO Sub-CA 2, CPO Sub-CA 1. */
  readonly credentials: TlsCredentials;
  /** ISO 15118-20 mutual authentication: ask each EVCC for its certificate. Absent: no certificate is asked for. */
  readonly clientAuthentication?: ClientAuthentication;
  /** Answers an EVCC's status_request with the SECC leaf's OCSP response (crypto/ocsp's OcspStapler). */
  readonly ocspStapling?: { readonly onOcspRequest: OcspRequestListener };
}

export interface ListenTlsOptions extends ListenOptions, TlsObservation, TlsServing {
  /**
   * A second version on the same port, with its own chain: ISO 15118-2's TLS 1.2 beside ISO 15118-20's TLS 1.3. Each
   * connection goes to the version its ClientHello offers (client-hello-version.ts).
   */
  readonly alongside?: TlsServing;
  /**
   * Bound on a client's handshake, from its TCP connection on (no value in the standard; the EVCC's own setup timeout
   * is 20 s); the socket is destroyed when it runs out. Default DEFAULT_HANDSHAKE_TIMEOUT_MS.
   */
  readonly handshakeTimeoutMs?: number;
}

export interface ClientAuthentication {
  /** PEM of the roots a vehicle certificate must chain to (OEM roots, V2G roots); nothing else is trusted. */
  readonly trustedRoots: readonly string[];
  /**
   * true: an EVCC without a certificate is refused. false: it is served without one (EIM), but a certificate it does
   * send must verify, or it is refused.
   */
  readonly required: boolean;
}

export interface ConnectTlsOptions extends ConnectOptions, TlsObservation {
  readonly version: TlsVersion;
  /** PEM of the V2G roots the EVCC trusts; nothing else is trusted (Node's public CA list is replaced). */
  readonly trustedRoots: readonly string[];
  /** The vehicle's key and chain (leaf, OEM Sub-CA 2, Sub-CA 1), sent where the SECC asks for a certificate (-20). */
  readonly credentials?: TlsCredentials;
  /**
   * The SNI to send. None by default: the SECC is a bare address found by SDP, and RFC 6066 puts no address in SNI.
   * Fielded EVCCs send the IPv6 literal with its zone (`fe80::1%eth0`), which an SECC of ours accepts.
   */
  readonly serverName?: string;
}

/** A TLS 1.2 handshake takes milliseconds over a PLC link; 5 s leaves room for a loaded station and a slow EV. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;
/** The SECC leaf's domainComponent [V2G2-875]; the -20 rule is assumed the same (unverified). */
const SECC_DOMAIN_COMPONENT = 'CPO';

export async function listenTls(options: ListenTlsOptions): Promise<TlsServer> {
  const port = options.port ?? 0;
  const host = scopedHost('listen', options.host, options.iface, port);
  const feed = new ConnectionFeed<TlsConnection>();
  const handshakeFailures = new Subject<RefusedHandshake>();
  const handshakeTimeout = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  // A recorded connection's TLS runs over a WireTap, which Node's TLSSocket does not name: the two are matched by the
  // session's client random, which the ClientHello carries and every key log line of the session repeats.
  const byClientRandom = new Map<string, Tapped>();
  const served = [options, ...(options.alongside ? [options.alongside] : [])].map((serving) => tlsServer(serving, options, feed, handshakeFailures, byClientRandom));
  const [first] = served as [ServedVersion];
  // What does not tell TLS 1.3 goes to the first: its handshake fails by name.
  const serverOf = (version: TlsVersion): Server => served.find((server) => server.version === version)?.server ?? first.server;
  // One version unrecorded: the TLS server listens itself. Otherwise a plain one accepts and hands each connection on,
  // through a WireTap when recorded, to the server of the version its ClientHello asks for.
  const hand = (raw: Socket): void => {
    const server = (version: TlsVersion): void => void (options.captureWire ? tap(raw, serverOf(version), byClientRandom) : serverOf(version).emit('connection', raw));
    if (served.length === 1) server(options.version);
    else routeByClientHello(raw, handshakeTimeout, server);
  };
  const listening = served.length === 1 && !options.captureWire ? first.server : createNetServer((raw) => {
    raw.setNoDelay(true);
    hand(raw);
  });
  listening.once('close', () => handshakeFailures.complete());
  const started = await startServer(listening, feed, host, port, options.gate);
  return { ...started, handshakeFailures$: handshakeFailures.asObservable() };
}

interface ServedVersion {
  readonly version: TlsVersion;
  readonly server: Server;
}

/** The TLS server of one version: its chain, its client authentication, what it does with each handshake. */
function tlsServer(
  serving: TlsServing,
  options: ListenTlsOptions,
  feed: ConnectionFeed<TlsConnection>,
  handshakeFailures: Subject<RefusedHandshake>,
  byClientRandom: Map<string, Tapped>,
): ServedVersion {
  const profile = TLS_PROFILES[serving.version];
  const server = createServer(
    {
      key: serving.credentials.key,
      cert: serving.credentials.certChain.join(''),
      minVersion: profile.protocol,
      maxVersion: profile.protocol,
      ciphers: profile.serverCiphers,
      honorCipherOrder: true,
      ...(profile.serverCurves ? { ecdhCurve: profile.serverCurves } : {}),
      ...(profile.sigalgs ? { sigalgs: profile.sigalgs } : {}),
      handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      // The vehicle's certificate is verified here, after the handshake, and not by Node's rejectUnauthorized: Node
      // would drop a vehicle from an unknown root as a bare "socket hang up"; here the refusal names the reason.
      ...(serving.clientAuthentication ? { requestCert: true, rejectUnauthorized: false, ca: [...serving.clientAuthentication.trustedRoots] } : {}),
    },
    (socket) => {
      const refusal = serving.clientAuthentication && vehicleRefusal(socket, serving.clientAuthentication);
      if (refusal) return refuse(socket, refusal.failure, refusal.detail, refusal.code);
      feed.accept(tlsConnection(socket, serving.version, ConnectionLifecycle.accepted(), taps.get(socket)));
    },
  );
  const taps = new WeakMap<TLSSocket, Tapped>();
  // Node makes the key log lines only for a listener, so there is none unless they are wanted.
  if (options.keylog || options.captureWire) server.on('keylog', (line: Buffer, socket: TLSSocket) => {
    const text = line.toString('latin1');
    options.keylog?.(text);
    const tapped = byClientRandom.get(clientRandomOfKeyLogLine(text));
    if (!tapped) return;
    tapped.record.add({ type: 'keylog', line: text, time: Date.now() });
    taps.set(socket, tapped);
  });

  if (serving.ocspStapling) server.on('OCSPRequest', serving.ocspStapling.onOcspRequest);
  /** A connection whose handshake failed or whose vehicle certificate is refused: reported, then released. */
  const refuse = (socket: TLSSocket, failure: TlsFailure, detail: string, code: string | undefined): void => {
    const remote = endpointOf(socket.remoteAddress, socket.remotePort);
    const refused = new TlsError('accept', formatEndpoint(remote.address, remote.port), failure, detail, code);
    const lifecycle = ConnectionLifecycle.accepted();
    lifecycle.failed(refused);
    const released = (): void => lifecycle.report({ type: 'socket.closed' });
    if (socket.closed) released();
    else socket.once('close', released);
    handshakeFailures.next({ error: refused, version: serving.version, lifecycle$: lifecycle.events$ });
    // Node destroys the socket after an alert or a reset, but not after ERR_TLS_HANDSHAKE_TIMEOUT: left open, a client
    // that never finishes its handshake would hold the descriptor for good.
    socket.destroy();
  };
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    const code = (error as NodeJS.ErrnoException).code;
    refuse(socket, tlsFailureOfCode(code), error.message, code);
  });
  return { version: serving.version, server };
}

export async function connectTls(options: ConnectTlsOptions): Promise<TlsConnection> {
  const host = scopedHost('connect', options.host, options.iface, options.port);
  const endpoint = formatEndpoint(host, options.port);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const profile = TLS_PROFILES[options.version];
  const lifecycle = new ConnectionLifecycle();
  options.onLifecycle?.(lifecycle.events$);
  const raw = options.captureWire ? netConnect({ host, port: options.port }) : undefined;
  const record = raw && new WireRecord();
  const socket = tlsConnect({
    ...(raw && record ? { socket: new WireTap(raw, record) } : {}),
    host,
    port: options.port,
    ca: [...options.trustedRoots],
    rejectUnauthorized: true,
    checkServerIdentity: (_host, certificate) => checkSeccLeaf(certificate, endpoint),
    minVersion: profile.protocol,
    maxVersion: profile.protocol,
    ciphers: profile.clientCiphers,
    ...(profile.clientCurves ? { ecdhCurve: profile.clientCurves } : {}),
    ...(profile.sigalgs ? { sigalgs: profile.sigalgs } : {}),
    ...(options.credentials ? { key: options.credentials.key, cert: options.credentials.certChain.join('') } : {}),
    ...(options.serverName !== undefined ? { servername: options.serverName } : {}),
  });
  if (options.keylog || record) {
    socket.on('keylog', (line: Buffer) => {
      const text = line.toString('latin1');
      options.keylog?.(text);
      record?.add({ type: 'keylog', line: text, time: Date.now() });
    });
  }
  let tcpConnected = false;
  (raw ?? socket).once('connect', () => {
    tcpConnected = true;
    lifecycle.report({ type: 'tcp.connected' });
  });
  return dial(socket, {
    readyEvent: 'secureConnect',
    timeoutMs,
    failure: (e) => {
      if (e instanceof TransportError) return e;
      const code = (e as NodeJS.ErrnoException).code;
      // Before the TCP connection exists a failure is TCP's (refused, unreachable); after it, the handshake's.
      return tcpConnected ? new TlsError('connect', endpoint, tlsFailureOfCode(code), e.message, code) : transportErrorOf(e, 'connect', endpoint);
    },
    timeout: () => new TransportError('connect', endpoint, 'timeout', `no TLS session within ${timeoutMs} ms`),
    wrap: (s) => tlsConnection(s as TLSSocket, options.version, lifecycle, raw && record && tappedOf(raw, record)),
    lifecycle,
  });
}

/** Node calls this after the chain has verified; an Error returned here fails the handshake. */
function checkSeccLeaf(certificate: NodePeerCertificate, endpoint: string): TlsError | undefined {
  const subject = certificate.subject as unknown as Readonly<Record<string, string | readonly string[] | undefined>>;
  const dc = subject['DC'];
  const values = dc === undefined ? [] : typeof dc === 'string' ? [dc] : dc;
  if (values.includes(SECC_DOMAIN_COMPONENT)) return undefined;
  return new TlsError('connect', endpoint, 'wrong-domain-component', `SECC leaf subject has DC=${values.join(',') || '(none)'}, not DC=${SECC_DOMAIN_COMPONENT}`);
}

/**
 * Why the SECC refuses this EVCC's certificate, if it does: none sent where one is required, or one that does not
 * chain to the configured roots (or is expired). OpenSSL has verified the chain during the handshake already.
 */
function vehicleRefusal(socket: TLSSocket, authentication: ClientAuthentication): { failure: TlsFailure; detail: string; code?: string } | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return authentication.required ? { failure: 'untrusted-chain', detail: 'the EVCC sent no certificate; mutual authentication is required' } : undefined;
  if (socket.authorized) return undefined;
  const code = String(socket.authorizationError);
  return { failure: tlsFailureOfCode(code), detail: `vehicle certificate ${subjectOf(certificate)} refused: ${code}`, code };
}

function peerCertificateOf(socket: TLSSocket): PeerCertificate | undefined {
  const certificate = socket.getPeerX509Certificate();
  return certificate && { der: new Uint8Array(certificate.raw), subject: subjectOf(certificate) };
}

/** Node writes a name one `KEY=value` per line. */
const subjectOf = (certificate: X509Certificate): string => certificate.subject.split('\n').filter(Boolean).join(', ');

/** `socket` has completed its handshake; `lifecycle` has its TCP connection; `tapped` where it was recorded. */
function tlsConnection(socket: TLSSocket, version: TlsVersion, lifecycle: ConnectionLifecycle, tapped?: Tapped): TlsConnection {
  const cipher = socket.getCipher();
  const negotiated = { protocol: socket.getProtocol() ?? '', cipher: cipher.name, cipherStandardName: cipher.standardName };
  const peerCertificate = peerCertificateOf(socket);
  lifecycle.report({ type: 'tls.secured', protocol: negotiated.protocol, cipher: negotiated.cipherStandardName, ...(peerCertificate ? { peerCertificate } : {}) });
  const wire = tapped && { openedAt: tapped.record.openedAt, events$: tapped.record.events$ };
  // Extended in place, not copied by a literal that starts with a spread: on Node 20 that gives each connection a map of
  // its own, and the channel's every write a megamorphic call.
  return Object.assign(socketConnection(socket, version, lifecycle, tapped), { negotiated }, peerCertificate ? { peerCertificate } : {}, wire ? { wire } : {});
}

/** A recorded connection: its record, and its endpoints, which a TLSSocket over a WireTap cannot tell. */
interface Tapped {
  readonly record: WireRecord;
  readonly local: Endpoint;
  readonly remote: Endpoint;
}

function tappedOf(raw: Socket, record: WireRecord): Tapped {
  return { record, local: endpointOf(raw.localAddress, raw.localPort), remote: endpointOf(raw.remoteAddress, raw.remotePort) };
}

/**
 * Hands `raw` to the TLS `server` through a WireTap (Node's documented way to give a TLS server any duplex stream),
 * filed under its client random, read from the ClientHello, until it closes.
 */
function tap(raw: Socket, server: Server, byClientRandom: Map<string, Tapped>): void {
  const tapped = tappedOf(raw, new WireRecord());
  const reader = new ClientRandomReader((random) => byClientRandom.set(random, tapped));
  raw.on('data', reader.read);
  raw.once('close', () => {
    if (reader.random !== undefined) byClientRandom.delete(reader.random);
  });
  server.emit('connection', new WireTap(raw, tapped.record));
}
