/**
 * One TCP or TLS connection as the layers above see it: bytes in as an RxJS stream, bytes out by `write`. The V2G
 * message channel (actors/) is written against this and nothing else, so plain TCP, TLS and in-memory pipes are
 * interchangeable beneath it.
 */
import type { Observable } from 'rxjs';
import type { ConnectionEvent, ConnectionSecurity, Endpoint } from '../base/connection-events.js';

export interface Connection {
  readonly security: ConnectionSecurity;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** Received bytes, segment by segment as the socket delivers them. Completes when the peer closes; errors on a reset or TLS failure. */
  readonly data$: Observable<Uint8Array>;
  /**
   * What happened to the connection from its start (connected, secured, closed, failed): replayed to each subscriber,
   * completes once the socket is released. actors/transport/connection-actor.ts turns it into the connection's actor.
   */
  readonly lifecycle$: Observable<ConnectionEvent>;
  write(bytes: Uint8Array): void;
  /** Ends the connection after what was written has been flushed. */
  close(): void;
  /** Tears the connection down at once (no flush): used on protocol errors. */
  destroy(reason: string): void;
}
