/**
 * Plain TCP for V2G: the SECC's server and the EVCC's client, over IPv6 link-local addresses on the PLC interface.
 * TCP_NODELAY is set on every connection (socket-connection.ts): V2G is strict request/response with messages of a few hundred bytes, and
 * Nagle's algorithm would hold each one back waiting for an ACK the peer delays (costing up to 200 ms a message
 * against V2G_EVCC_Msg_Timeout).
 */
import { createConnection, createServer, type Socket } from 'node:net';
import type { Observable } from 'rxjs';
import type { ConnectionEvent } from '../base/connection-events.js';
import type { Connection } from './connection-port.js';
import { ConnectionFeed } from './connection-feed.js';
import type { ConnectionGate } from './connection-gate.js';
import { ConnectionLifecycle } from './connection-lifecycle.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, dial } from './dial.js';
import { formatEndpoint, scopedHost } from './endpoint.js';
import { TransportError, transportErrorOf } from './transport-errors.js';
import { socketConnection } from './socket-connection.js';
import { startServer, type TcpServer } from './server.js';

export type { TcpServer } from './server.js';

export interface ListenOptions {
  /** Default `::`; with `iface` and no host, the interface's link-local address. */
  readonly host?: string;
  /** 0 (the default) lets the system choose an ephemeral port. */
  readonly port?: number;
  /** The PLC interface: scopes a link-local host. */
  readonly iface?: string;
  /** Bounds on the connections kept open (shared with other servers it also guards); none without. */
  readonly gate?: ConnectionGate;
}

export interface ConnectOptions {
  /** `fe80::1%eth0`, or `fe80::1` with `iface`. */
  readonly host: string;
  readonly port: number;
  readonly iface?: string;
  readonly timeoutMs?: number;
  /**
   * Given what the socket does from before it dials (replayed to late subscribers), e.g. to start the connection's
   * actor so that its inspection shows the attempt and how it failed.
   */
  readonly onLifecycle?: (events$: Observable<ConnectionEvent>) => void;
}

export async function listenTcp(options: ListenOptions = {}): Promise<TcpServer> {
  const port = options.port ?? 0;
  const host = scopedHost('listen', options.host, options.iface, port);
  const feed = new ConnectionFeed<Connection>();
  const server = createServer((socket) => feed.accept(socketConnection(socket, 'tcp', ConnectionLifecycle.accepted())));
  return startServer(server, feed, host, port, options.gate);
}

export async function connectTcp(options: ConnectOptions): Promise<Connection> {
  const host = scopedHost('connect', options.host, options.iface, options.port);
  const endpoint = formatEndpoint(host, options.port);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const lifecycle = new ConnectionLifecycle();
  options.onLifecycle?.(lifecycle.events$);
  const socket: Socket = createConnection({ host, port: options.port });
  socket.once('connect', () => lifecycle.report({ type: 'tcp.connected' }));
  return dial(socket, {
    readyEvent: 'connect',
    timeoutMs,
    failure: (e) => transportErrorOf(e, 'connect', endpoint),
    timeout: () => new TransportError('connect', endpoint, 'timeout', `no connection within ${timeoutMs} ms`),
    wrap: (s) => socketConnection(s, 'tcp', lifecycle),
    lifecycle,
  });
}
