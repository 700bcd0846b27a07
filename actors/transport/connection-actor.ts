/**
 * A connection's lifecycle as an actor of machines/transport/connection.ts, fed from the socket's reports. Started
 * by whoever names the connection: the EVCC before it dials, the SECC once it has accepted; what happened before
 * is replayed, so both see the whole life of the connection.
 */
import { Subscription, type Observable } from 'rxjs';
import { createActor, type Actor, type AnyActorRef, type InspectionEvent } from 'xstate';
import type { ConnectionEvent, ConnectionSecurity } from '../../base/connection-events.js';
import { connectionMachine } from '../../machines/transport/connection.js';

export type ConnectionActor = Actor<typeof connectionMachine>;

export interface ConnectionActorOptions {
  /** Names the actor in inspection, e.g. `secc/3/connection`. */
  readonly id?: string;
  readonly inspect?: (event: InspectionEvent) => void;
  /** The actor whose layer this connection is (the EVCC's communication, the SECC's per connection): inspection shows it there. */
  readonly parent?: AnyActorRef;
  /** Given the actor once it has started, e.g. to follow its states. */
  readonly onActor?: (actor: ConnectionActor) => void;
}

export function startConnectionActor(
  lifecycle$: Observable<ConnectionEvent>,
  security: ConnectionSecurity,
  options: ConnectionActorOptions = {},
): ConnectionActor {
  const actor = createActor(connectionMachine, { input: { security }, id: options.id, inspect: options.inspect, parent: options.parent });
  const feed = new Subscription();
  // Unsubscribed once the machine is done, even while the replay is still running.
  actor.subscribe({ complete: () => feed.unsubscribe() });
  actor.start();
  options.onActor?.(actor);
  feed.add(lifecycle$.subscribe((event) => actor.send(event)));
  return actor;
}
