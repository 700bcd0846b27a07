/**
 * Which transitions of a machine the tests took: a test file gives `inspect` to every actor it creates and ends by
 * asserting that `missing` is empty, so each transition and each timer of the machine is taken at least once.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, InspectionEvent } from 'xstate';

function describe(t: AnyTransitionDefinition): string {
  const targets = t.target?.map((s) => s.id).join(',') ?? '(none)';
  const guard = typeof t.guard === 'string' ? ` [${t.guard}]` : typeof t.guard === 'object' && 'type' in t.guard ? ` [${String(t.guard.type)}]` : t.guard ? ' [guard]' : '';
  return `${t.source.id} --${t.eventType}${guard}--> ${targets}`;
}

/** Which of a machine's transitions the inspected actors took. */
export class TransitionCoverage {
  private readonly taken = new Set<AnyTransitionDefinition>();

  readonly inspect = (event: InspectionEvent): void => {
    if (event.type === '@xstate.microstep') for (const t of event._transitions) this.taken.add(t);
  };

  /** Each transition of `machine` (every `on` and `after` of every state) not taken yet, described. */
  missing(machine: AnyStateMachine): string[] {
    const all: AnyTransitionDefinition[] = [];
    const walk = (node: AnyStateNode): void => {
      for (const list of node.transitions.values()) all.push(...list);
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(machine.root);
    return all.filter((t) => !this.taken.has(t)).map((t, i) => `${i}: ${describe(t)}`);
  }
}
