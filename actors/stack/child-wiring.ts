/**
 * How a shell reaches the children a parent machine invokes. XState reports each actor of a system as it creates it
 * (its `@xstate.actor` inspection event, sent before the actor computes its first state), so a child can be wired
 * before its entry actions run: what it emits while starting is not lost. Its inputs are connected once its parent
 * has finished the step that started it (the parent's next snapshot), when the child's own queue runs, so messages
 * already waiting reach it one at a time.
 *
 * The watch costs every actor of the system an inspection call while it is on: a shell keeps it on only while a child
 * it wires may still be created. Children of a root's initial state are created with the root, before its system can
 * be watched: a machine whose children are wired so invokes none of those in its initial state (the EVCC's begins
 * with SDP, the SECC's connections are spawned by the station).
 */
import type { AnyActorRef, Subscription } from 'xstate';

/**
 * What to do with a new child: nothing (undefined), or wire it now and return what to do once it has started (e.g.
 * `WiredActor.connectInputs`).
 */
export type ChildWiring = (child: AnyActorRef) => (() => void) | undefined;

export interface ChildWatch {
  /** Stops watching for new children; those already wired stay wired and still get their inputs connected. */
  stop(): void;
}

/** Watches the system of `root` (created, not necessarily started) for new children; `wire` decides about each. */
export function watchChildren(root: AnyActorRef, wire: ChildWiring): ChildWatch {
  const parents = new Map<AnyActorRef, Array<() => void>>();
  const afterParentStep = (parent: AnyActorRef, started: () => void): void => {
    const waiting = parents.get(parent);
    if (waiting !== undefined) return void waiting.push(started);
    const queue = [started];
    parents.set(parent, queue);
    // XState's subscribe does not call back with the current snapshot, so `subscription` is set before `flush` runs.
    const flush = (): void => {
      parents.delete(parent);
      subscription.unsubscribe();
      for (const run of queue) run();
    };
    const subscription: Subscription = parent.subscribe({ next: flush, error: flush, complete: flush });
  };
  const inspection = root.system.inspect((event) => {
    if (event.type !== '@xstate.actor') return;
    // Every actor XState creates is an ActorRef; the inspection event's type promises only the part all actors share.
    const child = event.actorRef as AnyActorRef;
    const parent = child._parent;
    if (parent === undefined) return;
    const started = wire(child);
    if (started !== undefined) afterParentStep(parent, started);
  });
  return {
    stop() {
      inspection.unsubscribe();
    },
  };
}
