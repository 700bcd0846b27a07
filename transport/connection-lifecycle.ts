/**
 * What a socket did, as the events of the connection machine (machines/transport/connection.ts), kept from the start
 * for whoever starts the machine's actor later: an SECC knows which session a connection serves only once it has
 * accepted it, and by then its TCP connection (and TLS handshake) is done. A connection reports a handful of these
 * in all, so keeping them costs nothing.
 */
import { ReplaySubject, type Observable } from 'rxjs';
import type { ConnectionEvent } from '../base/connection-events.js';
import { TlsError, type TransportError } from './transport-errors.js';

export class ConnectionLifecycle {
  private readonly events = new ReplaySubject<ConnectionEvent>();
  /** Everything reported, replayed to each subscriber; completes once the socket is released. */
  readonly events$: Observable<ConnectionEvent> = this.events.asObservable();

  /** An accepted socket's: its TCP connection is there already. */
  static accepted(): ConnectionLifecycle {
    const lifecycle = new ConnectionLifecycle();
    lifecycle.report({ type: 'tcp.connected' });
    return lifecycle;
  }

  report(event: ConnectionEvent): void {
    this.events.next(event);
    if (event.type === 'socket.closed') this.events.complete();
  }

  failed(error: TransportError): void {
    if (error instanceof TlsError) this.report({ type: 'tls.failed', failure: error.reason, detail: error.detail });
    else this.report({ type: 'socket.failed', failure: error.reason, detail: error.detail });
  }
}
