/**
 * A TCP relay between an EVCC and an SECC on [::1], standing in for the charging cable, that a test can cut (both
 * sides see a TCP reset, as when a peer's process dies mid-session) or mute (nothing more gets through either way,
 * not even a close, as when the PLC link drops silently).
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Endpoint } from '../../base/connection-events.js';

export interface Cable {
  readonly address: Endpoint;
  /** Resets every connection through the cable, on both sides. */
  cut(): void;
  /** Stops relaying: what either side sends from now on, its close included, never reaches the other. */
  mute(): void;
  close(): Promise<void>;
}

export async function cableTo(secc: Endpoint): Promise<Cable> {
  const sockets = new Set<Socket>();
  const pairs = new Set<readonly [Socket, Socket]>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((ev) => {
    const charger = connect({ host: secc.address, port: secc.port });
    track(ev);
    track(charger);
    ev.pipe(charger);
    charger.pipe(ev);
    pairs.add([ev, charger]);
  });
  await new Promise<void>((resolve) => server.listen({ host: '::1', port: 0 }, resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    address: { address, port },
    cut() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    mute() {
      for (const [ev, charger] of pairs) {
        ev.unpipe(charger);
        charger.unpipe(ev);
        // Read and drop, so neither side's writes block on a full buffer.
        ev.on('data', () => undefined);
        charger.on('data', () => undefined);
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
