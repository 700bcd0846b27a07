/**
 * Hands a server's accepted connections to its subscribers. A connection that arrives while nobody is subscribed (a
 * caller may await other things between listen and subscribe, or take one connection at a time) waits in a short
 * queue for the next subscriber; beyond the queue it is destroyed, since an accepted socket nobody owns would stay
 * open.
 */
import { Observable, Subject } from 'rxjs';
import type { Connection } from './connection-port.js';
import type { TransportError } from './transport-errors.js';

const QUEUE_LIMIT = 8;

export class ConnectionFeed<C extends Connection> {
  private readonly subject = new Subject<C>();
  private readonly waiting: C[] = [];

  readonly connections$: Observable<C> = new Observable<C>((subscriber) => {
    while (this.waiting.length > 0 && !subscriber.closed) subscriber.next(this.waiting.shift()!);
    return this.subject.subscribe(subscriber);
  });

  accept(connection: C): void {
    if (this.subject.observed) this.subject.next(connection);
    else if (this.waiting.length < QUEUE_LIMIT) this.waiting.push(connection);
    else connection.destroy('no subscriber to connections$ and the accept queue is full');
  }

  fail(error: TransportError): void {
    this.subject.error(error);
  }

  complete(): void {
    for (const connection of this.waiting.splice(0)) connection.destroy('server closed');
    this.subject.complete();
  }
}
