/**
 * A listening TCP or TLS server as the SECC sees it: where it listens (the address and port it announces in its SDP
 * response) and the stream of accepted connections. close() stops accepting and tears down the connections it
 * accepted, so an SECC that shuts down leaves no session half open.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Observable } from 'rxjs';
import type { Connection, Endpoint } from './connection.js';
import { ConnectionFeed } from './connection-feed.js';
import { formatEndpoint } from './endpoint.js';
import { transportErrorOf } from './errors.js';

export interface TcpServer<C extends Connection = Connection> {
  readonly connections$: Observable<C>;
  readonly address: Endpoint;
  close(): Promise<void>;
}

/** Starts `server` listening and wires its lifecycle; `feed` is filled by the caller's connection handler. */
export async function startServer<C extends Connection>(server: Server, feed: ConnectionFeed<C>, host: string, port: number): Promise<TcpServer<C>> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(transportErrorOf(e, 'listen', formatEndpoint(host, port)));
    server.once('error', onError);
    server.listen({ host, port }, () => {
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
