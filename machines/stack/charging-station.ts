/**
 * A station's V2G servers as the parent of its connections: each accepted connection becomes a child (its machine,
 * machines/stack/secc-connection.ts, given by the shell), so inspection shows the station, its connections and each
 * one's handshake and session as one tree. A connection that ends is let go; a connection's failure stays its own:
 * an error of one child ends that child, never the station.
 */
import { setup, spawnChild, stopChild, type AnyActorLogic, type InputFrom } from 'xstate';
import type { seccConnectionMachine } from './secc-connection.js';

/** A connection the servers accepted: `id` names its child (the station's number for it). */
export interface ConnectionAcceptedEvent {
  readonly type: 'connection.accepted';
  readonly id: string;
  readonly input: InputFrom<typeof seccConnectionMachine>;
}

/** XState's word that a child ended (`xstate.done.actor.<id>`) or failed (`xstate.error.actor.<id>`). */
interface ChildEndedEvent {
  readonly type: `xstate.done.actor.${string}` | `xstate.error.actor.${string}`;
  readonly actorId: string;
}

type StationEvent = ConnectionAcceptedEvent | ChildEndedEvent;

export const chargingStationMachine = setup({
  types: {
    events: {} as StationEvent,
  },
  actors: {} as { readonly connection: typeof seccConnectionMachine & AnyActorLogic },
}).createMachine({
  id: 'secc',
  initial: 'serving',
  states: {
    serving: {
      on: {
        'connection.accepted': {
          actions: spawnChild('connection', {
            id: ({ event }: { event: StationEvent }) => (event as ConnectionAcceptedEvent).id,
            input: ({ event }: { event: StationEvent }) => (event as ConnectionAcceptedEvent).input,
          }),
        },
        'xstate.done.actor.*': { actions: stopChild(({ event }) => (event as ChildEndedEvent).actorId) },
        'xstate.error.actor.*': { actions: stopChild(({ event }) => (event as ChildEndedEvent).actorId) },
      },
    },
  },
});
