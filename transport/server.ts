/**
 * A listening TCP or TLS server as the SECC sees it: where it listens (the address and port it announces in its SDP
 * response) and the stream of accepted connections. close() stops accepting and tears down the connections it
 * accepted, so an SECC that shuts down leaves no session half open.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Observable } from 'rxjs';
import type { Connection } from './connection-port.js';
import type { Endpoint } from '../base/connection-events.js';
import { ConnectionFeed } from './connection-feed.js';
import type { ConnectionGate } from './connection-gate.js';
import { formatEndpoint } from './endpoint.js';
import { transportErrorOf } from './transport-errors.js';

/**
 * How many accepted connections the kernel may hold for the server (capped by net.core.somaxconn). Node's default of
 * 511 overflows under a burst of connections before the event loop has taken them: the kernel then drops the client's
 * final ACK, and that client believes it is connected while the server never sees it (nothing will ever close it), or
 * its SYN waits a second for a retransmission. Queued instead, each reaches the gate, which closes the excess at once.
 */
export const LISTEN_BACKLOG = 4096;

export interface TcpServer<C extends Connection = Connection> {
  readonly connections$: Observable<C>;
  readonly address: Endpoint;
  close(): Promise<void>;
}

/**
 * Starts `server` listening and wires its lifecycle; `feed` is filled by the caller's connection handler. With a
 * `gate`, the server's own connection listeners (the caller's handler; a TLS server's, which starts the handshake)
 * run only for the sockets it admits.
 */
export async function startServer<C extends Connection>(
  server: Server,
  feed: ConnectionFeed<C>,
  host: string,
  port: number,
  gate?: ConnectionGate,
): Promise<TcpServer<C>> {
  if (gate) guard(server, gate);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(transportErrorOf(e, 'listen', formatEndpoint(host, port)));
    server.once('error', onError);
    server.listen({ host, port, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address: Endpoint = { address: bound.address, port: bound.port };
  server.on('error', (e) => feed.fail(transportErrorOf(e, 'accept', formatEndpoint(address.address, address.port))));
  server.once('close', () => feed.complete());
  return {
    connections$: feed.connections$,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function guard(server: Server, gate: ConnectionGate): void {
  const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (!gate.admit(socket)) return;
    for (const listener of listeners) listener.call(server, socket);
  });
}
