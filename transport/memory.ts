/**
 * Two connected in-memory `Connection`s: what one end writes arrives on the other's `data$`, later (a microtask) and in
 * order, as over a socket. Tests and the in-process demo run an EVCC and an SECC over it without the network.
 *
 * Socket semantics kept: `close()` delivers what was written before it, then completes both ends' `data$` (a FIN, which
 * the peer answers with its own); `destroy()` drops what is not yet delivered, completes the local `data$` at once and
 * errors the peer's (a reset: the peer learns nothing of the reason). Writes after either are dropped. `data$` is hot:
 * subscribe before the peer writes. `lifecycle$` tells the same as a socket's: connected (and, for a TLS pair,
 * secured) from the start.
 */
import { Subject } from 'rxjs';
import type { ConnectionSecurity, Endpoint } from '../base/connection-events.js';
import type { Connection } from './connection-port.js';
import { ConnectionLifecycle } from './connection-lifecycle.js';

type EndState = 'open' | 'closed' | 'destroyed';

class MemoryEnd implements Connection {
  private readonly inbox = new Subject<Uint8Array>();
  readonly data$ = this.inbox.asObservable();
  private readonly lifecycle = ConnectionLifecycle.accepted();
  readonly lifecycle$ = this.lifecycle.events$;
  peer: MemoryEnd | undefined;
  private state: EndState = 'open';

  constructor(
    readonly security: ConnectionSecurity,
    readonly local: Endpoint,
    readonly remote: Endpoint,
  ) {
    if (security !== 'tcp') this.lifecycle.report({ type: 'tls.secured', protocol: security, cipher: 'none (in memory)' });
  }

  write(bytes: Uint8Array): void {
    if (this.state !== 'open') return;
    // A socket owns what it was given once write returns; the caller may reuse its buffer.
    const copy = bytes.slice();
    queueMicrotask(() => {
      if (this.state !== 'destroyed') this.peer?.inbox.next(copy);
    });
  }

  close(): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.lifecycle.report({ type: 'close.requested' });
    queueMicrotask(() => {
      this.peer?.finished();
      this.inbox.complete();
      this.lifecycle.report({ type: 'socket.closed' });
    });
  }

  destroy(reason: string): void {
    if (this.state === 'destroyed') return;
    this.state = 'destroyed';
    this.lifecycle.report({ type: 'destroy.requested', reason });
    this.inbox.complete();
    this.lifecycle.report({ type: 'socket.closed' });
    queueMicrotask(() => this.peer?.reset());
  }

  /** The peer's FIN, which this end answers with its own. */
  private finished(): void {
    this.lifecycle.report({ type: 'peer.closed' });
    this.inbox.complete();
    this.lifecycle.report({ type: 'socket.closed' });
  }

  private reset(): void {
    this.lifecycle.report({ type: 'socket.failed', failure: 'reset', detail: 'connection reset by peer' });
    this.inbox.error(new Error('connection reset by peer'));
    this.lifecycle.report({ type: 'socket.closed' });
  }
}

/** The two ends of one in-memory connection; the first plays the client (EVCC), the second the server (SECC). */
export function memoryConnectionPair(security: ConnectionSecurity = 'tcp'): [Connection, Connection] {
  // The SECC's TCP port is in the dynamic range 49152–65535 its SDP response names
  // (ISO 15118-2 §7.10); the EVCC's is ephemeral.
  const client: Endpoint = { address: 'memory-evcc', port: 50000 };
  const server: Endpoint = { address: 'memory-secc', port: 61851 };
  const a = new MemoryEnd(security, client, server);
  const b = new MemoryEnd(security, server, client);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
