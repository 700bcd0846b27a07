/**
 * A Node socket (plain or TLS) as a Connection. The error listener is attached at once, before anything can fail,
 * so a reset on a connection nobody reads yet is remembered for data$ instead of crashing the process as an
 * unhandled 'error' event. Reading starts when data$ is subscribed: until then the socket stays paused and the
 * kernel buffers what arrives, so nothing is lost between accept and the first subscriber.
 */
import type { Socket } from 'node:net';
import { Observable } from 'rxjs';
import type { ConnectionSecurity, Endpoint } from '../base/connection-events.js';
import type { Connection } from './connection-port.js';
import { ConnectionLifecycle } from './connection-lifecycle.js';
import { endpointOf, formatEndpoint } from './endpoint.js';
import { transportErrorOf, type TransportError } from './transport-errors.js';

/**
 * `lifecycle` has what happened before the socket was wrapped: an accepted socket's connection, a dialled one's
 * connect (and handshake); from here on the socket's end is reported to it.
 */
export function socketConnection(
  socket: Socket,
  security: ConnectionSecurity,
  lifecycle: ConnectionLifecycle,
  /** Where the socket cannot tell them itself (TLS over a stream that is not a socket). */
  endpoints?: { readonly local: Endpoint; readonly remote: Endpoint },
): Connection {
  const remote = endpoints?.remote ?? endpointOf(socket.remoteAddress, socket.remotePort);
  const where = formatEndpoint(remote.address, remote.port);
  let failure: TransportError | undefined;
  let finished = false;
  socket.on('error', (e) => {
    const error = transportErrorOf(e, 'receive', where);
    failure ??= error;
    lifecycle.failed(error);
  });
  socket.once('end', () => {
    finished = true;
    lifecycle.report({ type: 'peer.closed' });
  });
  socket.once('close', () => {
    finished = true;
    lifecycle.report({ type: 'socket.closed' });
  });
  // See tcp.ts for why. On a TLSSocket the call reaches the TCP socket beneath it.
  socket.setNoDelay(true);

  const data$ = new Observable<Uint8Array>((subscriber) => {
    if (failure) return subscriber.error(failure);
    if (finished) return subscriber.complete();
    const onData = (chunk: Buffer): void => subscriber.next(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const onError = (e: Error): void => subscriber.error(failure ?? transportErrorOf(e, 'receive', where));
    // 'end' is the peer's FIN; 'close' without it is a local close() or destroy(): either way no more data.
    const onFinish = (): void => (failure ? subscriber.error(failure) : subscriber.complete());
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onFinish);
    socket.on('close', onFinish);
    return () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onFinish);
      socket.off('close', onFinish);
      // Back to paused mode when the last reader leaves, so later data waits for the next one instead of being dropped.
      if (socket.listenerCount('data') === 0) socket.pause();
    };
  });

  return {
    security,
    local: endpoints?.local ?? endpointOf(socket.localAddress, socket.localPort),
    remote,
    data$,
    lifecycle$: lifecycle.events$,
    write: (bytes) => void socket.write(bytes),
    close: () => {
      lifecycle.report({ type: 'close.requested' });
      socket.end();
    },
    // The reason is for the lifecycle; on the wire a destroy is the same whatever caused it.
    destroy: (reason) => {
      lifecycle.report({ type: 'destroy.requested', reason });
      socket.destroy();
    },
  };
}
