/**
 * Which states of a statechart a snapshot's value makes active: XState's value (`'SessionSetup'`, or
 * `{ CurrentDemand: 'Request' }` for nested states, several keys for parallel regions) walked down the exported chart,
 * so the ids are the chart's own (`din-evcc.CurrentDemand.Request`), also for a state that carries an id of its own.
 */
import type { JsonValue } from '../../../base/json-value.js';
import type { StateExport } from '../../statecharts/model.js';

export function activeStateIds(root: StateExport, value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  const active: string[] = [root.id];
  (function walk(state: StateExport, v: JsonValue): void {
    if (typeof v === 'string') {
      const child = state.states.find((s) => s.key === v);
      if (child !== undefined) active.push(child.id);
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
    for (const [key, sub] of Object.entries(v)) {
      const child = state.states.find((s) => s.key === key);
      if (child === undefined) continue;
      active.push(child.id);
      walk(child, sub);
    }
  })(root, value);
  return active;
}

/** The deepest active states, as a line for the actor tree: `CurrentDemand.Request`. */
export function stateLabel(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return '';
  return Object.entries(value)
    .map(([key, sub]) => {
      const rest = stateLabel(sub);
      return rest === '' ? key : `${key}.${rest}`;
    })
    .join(' | ');
}
