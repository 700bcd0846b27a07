/**
 * SECCs that misbehave, for the EVCC's timeout tests, each announced by a real SDP server on [::1]: one that accepts
 * the connection and reads but never writes, and one that answers the supportedAppProtocol handshake and then falls
 * silent.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { startSdpServer, type SdpServer } from '../../actors/sdp/sdp-server.js';
import { chooseAppProtocol } from '../../machines/apphand/negotiation.js';
import type { Endpoint } from '../../base/connection-events.js';
import { listenTcp } from '../../transport/tcp.js';
import { v2gDocument } from '../../codecs/exi/index.js';

export interface FakeSecc {
  /** The port of the SDP server that announces it. */
  readonly sdpPort: number;
  /** Bytes it has read, over all connections. */
  readonly bytesRead: () => number;
  /** Resolves when the EVCC has closed its connection. */
  readonly evccClosed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Accepts, reads everything, answers nothing. With `tls` SDP announces it as a TLS server, so an EVCC's TLS
 * handshake hangs on it after the TCP connection is made.
 */
export async function silentSecc(tls = false): Promise<FakeSecc> {
  let read = 0;
  const sockets = new Set<Socket>();
  let closed: () => void = () => undefined;
  const evccClosed = new Promise<void>((resolve) => (closed = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (bytes) => (read += bytes.length));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      sockets.delete(socket);
      closed();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '::1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  const sdp = await announce({ address: '::1', port }, tls);
  return {
    sdpPort: sdp.port,
    bytesRead: () => read,
    evccClosed,
    async close() {
      await sdp.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers supportedAppProtocolReq with its choice among `supported`, then reads the session's requests unanswered. */
export async function silentAfterHandshake(supported: Parameters<typeof chooseAppProtocol>[1]): Promise<FakeSecc> {
  const server = await listenTcp({ host: '::1' });
  let read = 0;
  let closed: () => void = () => undefined;
  const evccClosed = new Promise<void>((resolve) => (closed = resolve));
  server.connections$.subscribe((connection) => {
    const channel = createV2gChannel(connection, { protocol: 'apphand' });
    channel.traffic$.subscribe((t) => (read += t.dir === 'in' ? t.frame.length : 0));
    channel.events$.subscribe((event) => {
      if (event.type !== 'channel.received') return closed();
      const { message } = event;
      if (message.schema !== 'apphand' || !('supportedAppProtocolReq' in message.document)) return;
      const { response, protocol } = chooseAppProtocol(message.document.supportedAppProtocolReq, supported, 'tcp');
      channel.send(v2gDocument('apphand', { supportedAppProtocolRes: response }));
      if (protocol) channel.useProtocol(protocol);
    });
  });
  const sdp = await announce(server.address);
  return {
    sdpPort: sdp.port,
    bytesRead: () => read,
    evccClosed,
    async close() {
      await sdp.close();
      await server.close();
    },
  };
}

/** A real SDP server on [::1] that sends EVCCs to `secc`, over plain TCP unless `tls`. */
export function announce(secc: Endpoint, tls = false): Promise<SdpServer> {
  return startSdpServer({ host: '::1', port: 0, secc: { address: secc.address, port: secc.port, tls: tls ? 'allow' : 'prohibit' } });
}
