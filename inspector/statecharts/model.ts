/**
 * The exported statechart: what a reviewer (or the browser inspector) needs to read a machine without running it.
 * Plain JSON. Names are the machine's own: states by key and id, actions and guards by their `setup` names, delays
 * by their name in `delays` (the standard's timer, e.g. `V2G_EVCC_Msg_Timeout`) or their literal milliseconds.
 */
import type { JsonValue } from '../../base/json-value.js';

export interface StatechartExport {
  /** The registry's name for the machine (file names derive from it). */
  readonly name: string;
  /** The machine's id (`createMachine({ id })`). */
  readonly id: string;
  /** Every named delay the machine's `after` transitions use, sorted. */
  readonly delays: readonly string[];
  /**
   * The standard's value of each named delay, as a reader says it (`60 s`; `2 s, CurrentDemand 250 ms` for one that
   * depends on the message), where the machine's notes give it.
   */
  readonly delayValues?: Readonly<Record<string, string>>;
  readonly root: StateExport;
}

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface StateExport {
  /** Full id, e.g. `slacEv.matching.waitMatchCnf`: what transitions target. */
  readonly id: string;
  readonly key: string;
  readonly type: StateType;
  /** Key of the child entered first (compound states). */
  readonly initial?: string;
  /** History states: shallow or deep. */
  readonly history?: 'shallow' | 'deep';
  readonly description?: string;
  readonly tags?: readonly string[];
  /** The standard's requirements this state implements (`V2G2-443`), from the machine's notes. */
  readonly requirements?: readonly string[];
  readonly entry: readonly ActionExport[];
  readonly exit: readonly ActionExport[];
  readonly invoke: readonly InvokeExport[];
  readonly transitions: readonly TransitionExport[];
  /** Children in definition order. */
  readonly states: readonly StateExport[];
}

export interface ActionExport {
  /** The `setup` name; built-ins as XState names them (`xstate.assign`, `xstate.emit`); `inline` for an anonymous function. */
  readonly type: string;
  /** Static parameters (`{ type, params }` in the config), when JSON can carry them. */
  readonly params?: JsonValue;
}

export interface InvokeExport {
  readonly id: string;
  /** The `setup` actor name, or `inline` for logic given in place. */
  readonly src: string;
}

/**
 * - event: a named event (`channel.received`, `*` for any)
 * - after: a delayed transition; `delay` is the delay's name or its milliseconds
 * - always: an eventless transition
 * - done / error: an invoked actor's or a compound state's completion (`onDone`) or failure (`onError`)
 */
export type TransitionKind = 'event' | 'after' | 'always' | 'done' | 'error';

export interface TransitionExport {
  readonly kind: TransitionKind;
  /** The event as XState names it (`xstate.after.<delay>.<state>` for delays, `xstate.done.actor.<id>`, '' for always). */
  readonly event: string;
  readonly delay?: string | number;
  /** The guard by name; higher-order guards spelled out (`not(isOk)`, `and(a, b)`), `inline` for an anonymous one. */
  readonly guard?: string;
  /** Target state ids; empty: the transition stays in its state (actions only). */
  readonly targets: readonly string[];
  /** The state is exited and re-entered even when targeting itself or a descendant. */
  readonly reenter: boolean;
  readonly actions: readonly ActionExport[];
  /** The standard's requirements this transition implements (`V2G2-538`), from the machine's notes. */
  readonly requirements?: readonly string[];
}
