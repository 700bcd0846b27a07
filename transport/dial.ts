/**
 * The client side of opening a connection, shared by TCP and TLS: wait for the socket's ready event within a time
 * bound, turn every failure on the way into a TransportError, and wrap the socket as a Connection before anything
 * else can happen on it.
 */
import type { Socket } from 'node:net';
import type { ConnectionLifecycle } from './connection-lifecycle.js';
import type { TransportError } from './transport-errors.js';

export interface DialOptions<C> {
  readonly readyEvent: 'connect' | 'secureConnect';
  readonly timeoutMs: number;
  /** Why the dial failed, from the socket's error (TLS tells certificate errors from TCP ones). */
  readonly failure: (error: Error) => TransportError;
  readonly timeout: () => TransportError;
  readonly wrap: (socket: Socket) => C;
  /** Told why the dial failed; the socket's other events the caller and `wrap` report. */
  readonly lifecycle: ConnectionLifecycle;
}

/**
 * The EVCC's whole communication setup has 20 s (V2G_EVCC_CommunicationSetup_Timeout); a connect to a link-local
 * peer that has not succeeded in a few seconds will not, and the EVCC does better to go back to SDP.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export function dial<C>(socket: Socket, options: DialOptions<C>): Promise<C> {
  return new Promise<C>((resolve, reject) => {
    const settle = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off(options.readyEvent, onReady);
    };
    const onError = (e: Error): void => {
      settle();
      socket.destroy();
      const failure = options.failure(e);
      options.lifecycle.failed(failure);
      reject(failure);
    };
    const onReady = (): void => {
      settle();
      resolve(options.wrap(socket));
    };
    const timer = setTimeout(() => onError(options.timeout()), options.timeoutMs);
    socket.once('error', onError);
    socket.once(options.readyEvent, onReady);
  });
}
