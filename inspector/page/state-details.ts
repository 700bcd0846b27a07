/**
 * What the diagram says about the clicked state, in words: its id, actions, and each transition with its event or
 * named delay, guard and target, and the requirement IDs each implements; with buttons to travel to the previous or next time the actor entered it.
 */
/// <reference lib="dom" />
import type { StateExport } from '../statecharts/model.js';
import { h } from './dom.js';

function findState(state: StateExport, id: string): StateExport | undefined {
  if (state.id === id) return state;
  for (const child of state.states) {
    const found = findState(child, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** ` [V2G2-443] [V2G2-538]`, or nothing. */
function requirementsText(requirements: readonly string[] | undefined): string {
  return (requirements ?? []).map((r) => ` [${r}]`).join('');
}

export interface StateDetailsInput {
  readonly root: StateExport;
  readonly stateId: string;
  /** Event indices at which the actor entered the state. */
  readonly entries: readonly number[];
  readonly cursor: number;
  readonly onTravel: (index: number) => void;
}

export function renderStateDetails(container: HTMLElement, input: StateDetailsInput): void {
  const state = findState(input.root, input.stateId);
  if (state === undefined) {
    container.replaceChildren();
    return;
  }
  const previous = [...input.entries].reverse().find((i) => i < input.cursor);
  const next = input.entries.find((i) => i > input.cursor);
  const travel = (label: string, index: number | undefined): HTMLButtonElement => {
    const button = h('button', { text: label });
    button.disabled = index === undefined;
    if (index !== undefined) button.addEventListener('click', () => input.onTravel(index));
    return button;
  };
  const transitions = state.transitions.map((t) => {
    const trigger = t.kind === 'after' ? `after ${String(t.delay)}` : t.kind === 'always' ? 'always' : t.event;
    const guard = t.guard === undefined ? '' : ` [${t.guard}]`;
    const target = t.targets.length === 0 ? '(stays)' : t.targets.join(', ');
    return h('li', { text: `${trigger}${guard} → ${target}${requirementsText(t.requirements)}` });
  });
  const actions = (label: string, list: readonly { readonly type: string }[]): HTMLElement[] =>
    list.length === 0 ? [] : [h('div', { text: `${label}: ${list.map((a) => a.type).join(', ')}` })];
  container.replaceChildren(
    h('div', { class: 'state-id', text: state.id, data: { state: state.id } }),
    h('div', { class: 'muted', text: `${state.type}; entered ${input.entries.length} time(s)${requirementsText(state.requirements)}` }),
    h('div', { class: 'state-travel' }, travel('◀ previous entry', previous), travel('next entry ▶', next)),
    ...actions('entry', state.entry),
    ...actions('exit', state.exit),
    h('ul', { class: 'state-transitions' }, ...transitions),
  );
}
