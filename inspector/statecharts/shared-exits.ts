/**
 * The exits many states share, found so the drawing shows each once instead of as one long edge per state. A session
 * machine gives nearly every state the same sequence timeout, the same FAILED answer, the same stop request to a
 * final state; drawn one by one they are most of the chart. Only the drawing groups them: the JSON, SCXML and Mermaid
 * exports keep every transition.
 *
 * Two kinds:
 * - a compound state's own transition into one of its descendants: "from any state of it" (the root's channel.closed
 *   → failed);
 * - the same transition (same trigger, targets, guard and actions up to their parameters) in three or more states, into a
 *   final state, back into the state itself, or out of the compound states they are in (the EVSE's stop read in each
 *   request state's response, to SessionStop): a lettered row of the legend, the states marked with its letter. Each
 *   state's own response (`CableCheckRes` in CableCheck) counts as the same trigger: "its response".
 */
import type { StatechartExport, StateExport, TransitionExport } from './model.js';

/** How many states must share a transition before it is drawn once. */
const MIN_SHARED = 3;

export interface SharedExit {
  /** `A`, `B`, …; the states that take this exit show it. */
  readonly tag: string;
  /** The first state's transition: what the row says (its guard's parameters vary by state, see `guards`). */
  readonly transition: TransitionExport;
  /** Ids of the states that have it, in definition order. */
  readonly states: readonly string[];
  /** True when every state that waits for something (every non-final leaf) has it: no need to mark them. */
  readonly everyState: boolean;
  /** Each state's own guard, when the parameters differ (`request(SessionStopReq)` in one, … in another). */
  readonly guards: readonly string[];
  /** Each state's own response (`CableCheckRes`, `PreChargeRes`), when the states wait for different ones. */
  readonly events: readonly string[];
  /** The union of the states' transitions' requirement IDs. */
  readonly requirements: readonly string[];
  /** Whether the target is the state itself (a loop every state has), rather than a final state. */
  readonly toSelf: boolean;
}

export interface AnyStateExit {
  /** The compound state that declares it. */
  readonly state: string;
  readonly transition: TransitionExport;
}

export interface ExitGrouping {
  readonly shared: readonly SharedExit[];
  readonly anyState: readonly AnyStateExit[];
  /** Whether a state's transition (by its index in `state.transitions`) is drawn by the legend, not as an edge. */
  drawnOnce(stateId: string, index: number): boolean;
  /** The tags of the shared exits a state takes, unless the exit is every state's. */
  tagsOf(stateId: string): readonly string[];
}

/** A guard with its calls' parameters left out, `and(request(…), answerFails)`: the same check in another state. */
export function guardShape(guard: string): string {
  return guard.replace(/\b(?!and\(|or\(|not\()([A-Za-z_][\w]*)\(([^()]*)\)/g, '$1(…)');
}

/** A response message's event (`CableCheckRes`): the one each request state waits for, a different name in each. */
const RESPONSE = /^[A-Z]\w*Res$/;

function signature(state: StateExport, t: TransitionExport): string {
  const targets = t.targets.map((target) => (target === state.id ? '@self' : target));
  // Actions by name: their parameters (a failure's reason naming the state's request) vary as the guard's do.
  const actions = t.actions.map((a) => a.type);
  const trigger = t.delay ?? (t.event !== undefined && RESPONSE.test(t.event) ? '@response' : t.event);
  return JSON.stringify([t.kind, trigger, t.guard === undefined ? null : guardShape(t.guard), targets, actions, t.reenter]);
}

function parentOf(id: string): string {
  return id.slice(0, id.lastIndexOf('.'));
}

function allStates(root: StateExport): StateExport[] {
  const out: StateExport[] = [];
  (function walk(s: StateExport): void {
    out.push(s);
    s.states.forEach(walk);
  })(root);
  return out;
}

function isDescendant(id: string, of: string): boolean {
  return id.startsWith(`${of}.`);
}

export function groupExits(chart: StatechartExport): ExitGrouping {
  const states = allStates(chart.root);
  const finals = new Set(states.filter((s) => s.type === 'final').map((s) => s.id));
  const drawn = new Set<string>();
  const key = (stateId: string, index: number): string => `${stateId}#${index}`;

  const anyState: AnyStateExit[] = [];
  for (const s of states) {
    s.transitions.forEach((t, i) => {
      if (t.targets.length > 0 && t.targets.every((target) => isDescendant(target, s.id))) {
        anyState.push({ state: s.id, transition: t });
        drawn.add(key(s.id, i));
      }
    });
  }

  const bySignature = new Map<string, Array<{ state: StateExport; index: number }>>();
  for (const s of states) {
    s.transitions.forEach((t, i) => {
      if (drawn.has(key(s.id, i)) || t.targets.length === 0) return;
      const toFinal = t.targets.every((target) => finals.has(target));
      const toSelf = t.targets.length === 1 && t.targets[0] === s.id;
      // Out of the compound state the source is in, to a state beside that compound or further out.
      const outward = parentOf(s.id) !== chart.root.id && t.targets.every((target) => !isDescendant(target, parentOf(s.id)));
      if (!toFinal && !toSelf && !outward) return;
      const sig = signature(s, t);
      const list = bySignature.get(sig) ?? [];
      list.push({ state: s, index: i });
      bySignature.set(sig, list);
    });
  }

  const leaves = states.filter((s) => s.states.length === 0 && s.type !== 'final' && s.type !== 'history');
  const shared: SharedExit[] = [];
  const tags = new Map<string, string[]>();
  for (const list of bySignature.values()) {
    if (list.length < MIN_SHARED) continue;
    const tag = String.fromCharCode(65 + (shared.length % 26)) + (shared.length >= 26 ? String(Math.floor(shared.length / 26)) : '');
    const ids = list.map((e) => e.state.id);
    const everyState = leaves.every((leaf) => ids.includes(leaf.id));
    const transitions = list.map((e) => e.state.transitions[e.index]!);
    const guards = [...new Set(transitions.flatMap((t) => (t.guard === undefined ? [] : [t.guard])))];
    const events = [...new Set(transitions.flatMap((t) => (t.event === undefined ? [] : [t.event])))];
    const requirements = [...new Set(transitions.flatMap((t) => t.requirements ?? []))].sort();
    const first = list[0]!;
    shared.push({
      tag,
      transition: transitions[0]!,
      states: ids,
      everyState,
      guards: guards.length > 1 ? guards : [],
      events: events.length > 1 ? events : [],
      requirements,
      toSelf: first.state.transitions[first.index]!.targets[0] === first.state.id,
    });
    for (const e of list) {
      drawn.add(key(e.state.id, e.index));
      if (!everyState) tags.set(e.state.id, [...(tags.get(e.state.id) ?? []), tag]);
    }
  }

  return {
    shared,
    anyState,
    drawnOnce: (stateId, index) => drawn.has(key(stateId, index)),
    tagsOf: (stateId) => tags.get(stateId) ?? [],
  };
}
