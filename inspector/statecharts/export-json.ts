/**
 * Reads an XState v5 machine's state nodes (`machine.root`) into the plain export of model.ts. The state nodes are
 * read rather than `machine.toJSON()` because only they keep what a reader needs: a delay's NAME on a delayed
 * transition, a higher-order guard's parts, and which raise/cancel actions XState added to implement `after`.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { toJsonValue } from '../../base/json-value.js';
import type { ActionExport, InvokeExport, StatechartExport, StateExport, TransitionExport, TransitionKind } from './model.js';

/** A transition definition as the state node holds it (XState's TransitionDefinition, read structurally). */
interface TransitionNode {
  readonly eventType: string;
  readonly target?: ReadonlyArray<{ readonly id: string }>;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
  readonly reenter?: boolean;
  readonly delay?: unknown;
}

export function exportStatechart(name: string, machine: AnyStateMachine): StatechartExport {
  const delays = new Set<string>();
  const root = exportState(machine.root, delays);
  return { name, id: machine.id, delays: [...delays].sort(), root };
}

function exportState(node: AnyStateNode, delays: Set<string>): StateExport {
  const afterEvents = new Set<string>(node.after.map((t) => t.eventType));
  const transitions: TransitionExport[] = [];
  for (const list of node.transitions.values()) for (const t of list) transitions.push(exportTransition(t, delays));
  for (const t of node.always ?? []) transitions.push(exportTransition(t, delays));
  const initial = node.type === 'compound' ? node.initial.target[0]?.key : undefined;
  const history = node.type === 'history' ? node.history : undefined;
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    ...(initial !== undefined && { initial }),
    ...(history !== undefined && history !== false && { history }),
    ...(node.description !== undefined && { description: node.description }),
    ...(node.tags.length > 0 && { tags: [...node.tags] }),
    entry: node.entry.filter((a) => !implementsAfter(a, afterEvents)).map(exportAction),
    exit: node.exit.filter((a) => !implementsAfter(a, afterEvents)).map(exportAction),
    invoke: node.invoke.map(exportInvoke),
    transitions,
    states: Object.values(node.states).map((child) => exportState(child, delays)),
  };
}

function exportTransition(t: TransitionNode, delays: Set<string>): TransitionExport {
  const kind = transitionKind(t.eventType);
  const delay = typeof t.delay === 'string' || typeof t.delay === 'number' ? t.delay : undefined;
  if (typeof delay === 'string') delays.add(delay);
  const guard = t.guard === undefined ? undefined : guardName(t.guard);
  return {
    kind,
    event: t.eventType,
    ...(delay !== undefined && { delay }),
    ...(guard !== undefined && { guard }),
    targets: (t.target ?? []).map((s) => s.id),
    reenter: t.reenter === true,
    actions: t.actions.map(exportAction),
  };
}

function transitionKind(eventType: string): TransitionKind {
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.after.')) return 'after';
  if (eventType.startsWith('xstate.done.')) return 'done';
  if (eventType.startsWith('xstate.error.')) return 'error';
  return 'event';
}

function hasKey<K extends string>(value: unknown, key: K): value is Record<K, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && key in value;
}

/**
 * XState implements `after` by a delayed raise on entry and its cancel on exit; they are the delayed transition
 * itself, already shown as one, not actions the author wrote.
 */
function implementsAfter(action: unknown, afterEvents: ReadonlySet<string>): boolean {
  if (typeof action !== 'function' || !hasKey(action, 'type')) return false;
  if (action.type === 'xstate.raise' && hasKey(action, 'id')) return afterEvents.has(String(action.id));
  if (action.type === 'xstate.cancel' && hasKey(action, 'sendId')) return afterEvents.has(String(action.sendId));
  return false;
}

function exportAction(action: unknown): ActionExport {
  if (typeof action === 'string') return { type: action };
  if (typeof action === 'function') {
    // Built-in action creators (assign, emit, raise, sendTo, enqueueActions) carry their type; a static event is named.
    if (!hasKey(action, 'type') || typeof action.type !== 'string') return { type: 'inline' };
    const event = hasKey(action, 'event') && hasKey(action.event, 'type') ? action.event.type : undefined;
    return typeof event === 'string' ? { type: action.type, params: { event } } : { type: action.type };
  }
  if (hasKey(action, 'type') && typeof action.type === 'string') {
    const params = hasKey(action, 'params') && typeof action.params !== 'function' ? action.params : undefined;
    return params === undefined ? { type: action.type } : { type: action.type, params: toJsonValue(params) };
  }
  return { type: 'inline' };
}

/** Higher-order guards are functions XState names `and`, `or`, `not` (with `guards`) and `stateIn` (with `stateValue`). */
function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    if (hasKey(guard, 'guards') && Array.isArray(guard.guards)) return `${guard.name}(${guard.guards.map(guardName).join(', ')})`;
    if (hasKey(guard, 'stateValue')) {
      const state = guard.stateValue;
      return `stateIn(${typeof state === 'string' ? state : JSON.stringify(toJsonValue(state))})`;
    }
    return 'inline';
  }
  if (hasKey(guard, 'type') && typeof guard.type === 'string') {
    const params = hasKey(guard, 'params') && typeof guard.params === 'object' && guard.params !== null ? guard.params : undefined;
    return params === undefined ? guard.type : `${guard.type}(${paramsLabel(params)})`;
  }
  return 'inline';
}

/**
 * A guard's static params, so a reviewer sees which one a transition checks: `request(CurrentDemandReq)` for one,
 * `chargeProgress(progress: Start, mode: dc)` for several.
 */
function paramsLabel(params: object): string {
  const entries = Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(toJsonValue(value))]);
  return entries.length === 1 ? entries[0]![1]! : entries.map(([key, value]) => `${key}: ${value}`).join(', ');
}

function exportInvoke(invoke: { readonly id: string; readonly src: unknown }): InvokeExport {
  return { id: invoke.id, src: typeof invoke.src === 'string' ? invoke.src : 'inline' };
}
