/**
 * Hands a server's accepted connections to its subscriber. Connections that arrive before anyone subscribed (a
 * caller may await other things between listen and subscribe) wait in a short queue; once the subscriber has come
 * and gone, or the queue is full, a new connection is destroyed: an accepted socket nobody owns would stay open.
 */
import { Observable, Subject } from 'rxjs';
import type { Connection } from './connection.js';
import type { TransportError } from './errors.js';

const QUEUE_LIMIT = 8;

export class ConnectionFeed<C extends Connection> {
  private readonly subject = new Subject<C>();
  private waiting: C[] | undefined = [];

  readonly connections$: Observable<C> = new Observable<C>((subscriber) => {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (const connection of waiting) subscriber.next(connection);
    return this.subject.subscribe(subscriber);
  });

  accept(connection: C): void {
    if (this.waiting && this.waiting.length < QUEUE_LIMIT) this.waiting.push(connection);
    else if (!this.waiting && this.subject.observed) this.subject.next(connection);
    else connection.destroy('no subscriber to connections$');
  }

  fail(error: TransportError): void {
    this.subject.error(error);
  }

  complete(): void {
    for (const connection of this.waiting ?? []) connection.destroy('server closed');
    this.waiting = undefined;
    this.subject.complete();
  }
}
