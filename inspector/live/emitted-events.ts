/**
 * A machine asks for I/O only by emitting (`channel.send`, `vehicle.command`, `sdp.send`), and XState's Stately format
 * has no place for emitted events: without this, a log would show the SECC's requests only as the EVCC received them,
 * never as sent. Each emitted event becomes an event sent to an I/O actor named after the connection and the event's
 * first segment: `secc/3/din-secc` emitting `channel.send` sends it to `secc/3/channel`, which the handshake of the
 * same connection shares. Where an XState actor of that name runs (the channel's own,
 * actors/channel/v2g-channel-actor.ts), the event goes to it; otherwise an I/O actor of that name is made up to receive it (the vehicle, the power module).
 */
import { toJsonValue } from '../../base/json-value.js';
import type { JsonEventObject, StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { IO_SESSION_PREFIX } from '../page/model/added-actors.js';
import type { PseudoActor, PseudoEvents } from './pseudo-actors.js';

export interface EmittingActor {
  readonly sessionId: string;
  readonly rootId: string;
  /** Its name on the inspection stream (`secc/3/din-secc`, `evcc-sdp`). */
  readonly name: string;
}

/** `secc/3/din-secc` + `channel.send` → `secc/3/channel`; a name without a path keeps itself: `evcc-sdp/sdp`. */
export function ioActorName(emitter: string, eventType: string): string {
  const slash = emitter.lastIndexOf('/');
  const connection = slash < 0 ? emitter : emitter.slice(0, slash);
  const dot = eventType.indexOf('.');
  return `${connection}/${dot < 0 ? eventType : eventType.slice(0, dot)}`;
}

export function toJsonEvent(event: { readonly type: string }): JsonEventObject {
  const converted = toJsonValue(event);
  const fields = typeof converted === 'object' && converted !== null && !Array.isArray(converted) ? converted : {};
  return { ...fields, type: event.type };
}

export interface EmittedEvents {
  /** The events that show `emitted` leaving `emitter`: the I/O actor's creation the first time, then the event. */
  convert(emitter: EmittingActor, emitted: { readonly type: string }): StatelyInspectionEvent[];
}

/** `actorNamed` finds a running XState actor by its name on the inspection stream. */
export function emittedEvents(stamp: PseudoEvents, actorNamed: (name: string) => PseudoActor | undefined): EmittedEvents {
  const actors = new Map<string, PseudoActor>();
  return {
    convert(emitter, emitted) {
      const name = ioActorName(emitter.name, emitted.type);
      const out: StatelyInspectionEvent[] = [];
      // A connection's own machine (`secc/3`) closes its channel (`secc/3/channel`), which is its child's, not its sibling's.
      let target = actorNamed(ioActorName(`${emitter.name}/`, emitted.type)) ?? actorNamed(name) ?? actors.get(name);
      if (target === undefined) {
        target = { sessionId: `${IO_SESSION_PREFIX}${name}`, rootId: `${IO_SESSION_PREFIX}${name}`, name, parentId: undefined };
        actors.set(name, target);
        out.push(stamp.actor(target, {}));
      }
      out.push(stamp.event(target, toJsonEvent(emitted), emitter.sessionId));
      return out;
    },
  };
}
