/**
 * What a machine's code cannot say about itself and a reviewer needs beside its chart: the standard's value of each
 * named delay and the requirement IDs its states and transitions implement. Kept apart from the machine, in
 * machines/statechart-notes.ts, so the machines stay as they are and a requirement is added without touching them.
 */
import { triggerLabel } from './labels.js';
import type { StatechartExport, StateExport, TransitionExport } from './model.js';

export interface ChartNotes {
  /** Delay name → the standard's value as a reader says it (`60 s`); a table may name delays the machine lacks. */
  readonly delays?: Readonly<Record<string, string>>;
  /** State id → requirement IDs (`V2G2-443`). */
  readonly states?: Readonly<Record<string, readonly string[]>>;
  /**
   * `<state id>: <trigger>` or `<state id>: <trigger> [<guard>]` → requirement IDs; the trigger as the chart writes it
   * (`channel.closed`, `after V2G_SECC_Sequence_Timeout`) and the guard by its code name. `*` for the state id: every
   * state with that transition.
   */
  readonly transitions?: Readonly<Record<string, readonly string[]>>;
  /**
   * Requirement IDs the machine's code (or a module it uses) cites that belong on none of its states or transitions,
   * each with why: every ID the code cites is either on the chart or here (test/statecharts/requirements.test.ts).
   */
  readonly offChart?: Readonly<Record<string, string>>;
}

/** A note that names no state or transition of its machine: the machine changed and the note was left behind. */
export class ChartNotesError extends Error {
  override readonly name = 'ChartNotesError';
}

/** The key a transition of `state` is noted under, for state `from` (its id or `*`). */
export function transitionKey(from: string, t: TransitionExport): string {
  return `${from}: ${t.guard === undefined ? triggerLabel(t) : `${triggerLabel(t)} [${t.guard}]`}`;
}

/** The chart with its notes in: delay values, requirements on states and transitions. Every note must find its place. */
export function withNotes(chart: StatechartExport, notes: ChartNotes): StatechartExport {
  const unused = new Set([...Object.keys(notes.states ?? {}), ...Object.keys(notes.transitions ?? {})]);

  function requirementsOf(keys: readonly string[], table: Readonly<Record<string, readonly string[]>> | undefined): string[] {
    const found = new Set<string>();
    for (const key of keys) {
      const ids = table?.[key];
      if (ids === undefined) continue;
      unused.delete(key);
      for (const id of ids) found.add(id);
    }
    return [...found].sort();
  }

  function annotate(state: StateExport): StateExport {
    const transitions = state.transitions.map((t) => {
      const requirements = requirementsOf([transitionKey(state.id, t), transitionKey('*', t)], notes.transitions);
      return requirements.length === 0 ? t : { ...t, requirements };
    });
    const requirements = requirementsOf([state.id], notes.states);
    return { ...state, ...(requirements.length > 0 && { requirements }), transitions, states: state.states.map(annotate) };
  }

  const root = annotate(chart.root);
  if (unused.size > 0) throw new ChartNotesError(`${chart.name}: notes name no state or transition of the machine: ${[...unused].join('; ')}`);
  const delayValues = Object.fromEntries(chart.delays.flatMap((d) => (notes.delays?.[d] === undefined ? [] : [[d, notes.delays[d]]])));
  return { name: chart.name, id: chart.id, delays: chart.delays, ...(Object.keys(delayValues).length > 0 && { delayValues }), root };
}
