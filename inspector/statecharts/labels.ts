/**
 * The words drawn on a statechart: a transition's trigger, guard and actions, a state's entry/exit/invoke lines. One
 * place, so the SVG export and the browser inspector label the same machine the same way.
 */
import { guardWords, requestOf } from './guard-words.js';
import type { ActionExport, StateExport, TransitionExport } from './model.js';

/**
 * How the drawing says a transition. With none, the code's names (what notes.ts keys and the tests name); the
 * diagrams give the standard's timer values and guards in words.
 */
export interface Wording {
  /** `after V2G_SECC_Sequence_Timeout 60 s`. */
  readonly delayValues?: Readonly<Record<string, string>>;
  /** Guards in words, a received request as the trigger (guard-words.ts). */
  readonly inWords?: boolean;
}

/** What fires a transition: `SessionSetupRes`, `after V2G_EVCC_Msg_Timeout`, `after 500 ms`, `always`, `done: child`. */
export function triggerLabel(t: TransitionExport): string {
  switch (t.kind) {
    case 'event':
      return t.event;
    case 'after':
      return typeof t.delay === 'number' ? `after ${t.delay} ms` : `after ${t.delay ?? '?'}`;
    case 'always':
      return 'always';
    case 'done':
      return t.event.startsWith('xstate.done.actor.') ? `done: ${t.event.slice('xstate.done.actor.'.length)}` : 'done';
    case 'error':
      return `error: ${t.event.replace(/^xstate\.error\.actor\./, '')}`;
  }
}

export function actionLabel(action: ActionExport): string {
  const event = typeof action.params === 'object' && action.params !== null && !Array.isArray(action.params) ? action.params.event : undefined;
  const name = action.type.replace(/^xstate\./, '');
  return typeof event === 'string' ? `${name}(${event})` : name;
}

/**
 * A label's lines: the trigger with its guard (`after TT_match_response [mayRetry]`), then `/ actions`. A guard that
 * does not fit beside its trigger goes under it, and long guards and action lists are wrapped at their commas, so
 * that no line runs far past `width` characters: the layout places labels side by side, and one long line widens the
 * whole chart.
 */
export function transitionLines(t: TransitionExport, width: number, wording: Wording = {}): string[] {
  const actions = listLines('/ ', t.actions.map(actionLabel), width);
  const { trigger, guard } = parts(t, wording);
  const head = headOf(t, wording);
  if (guard === undefined || head.length <= width) return [head, ...actions];
  return [trigger, ...listLines('[', `${guard}]`.split(', '), width), ...actions];
}

/** The trigger as drawn, and the guard (in words, if so worded) that is left to write beside it. */
function parts(t: TransitionExport, wording: Wording): { trigger: string; guard?: string } {
  // A value that depends on the message (`2 s; CurrentDemand 250 ms`) is the legend's to list, not every edge's.
  const value = typeof t.delay === 'string' ? wording.delayValues?.[t.delay] : undefined;
  const trigger = value === undefined || value.includes(';') ? triggerLabel(t) : `${triggerLabel(t)} ${value}`;
  if (t.guard === undefined) return { trigger };
  if (wording.inWords !== true) return { trigger, guard: t.guard };
  const request = t.kind === 'event' ? requestOf(t.guard) : undefined;
  if (request === undefined) return { trigger, guard: guardWords(t.guard) };
  return request.rest === undefined ? { trigger: request.request } : { trigger: request.request, guard: guardWords(request.rest) };
}

/** The trigger and its guard: `after TT_match_response [mayRetry]`. */
export function headOf(t: TransitionExport, wording: Wording = {}): string {
  const { trigger, guard } = parts(t, wording);
  return guard === undefined ? trigger : `${trigger} [${guard}]`;
}

/** The lines written inside a state's box under its name; `loops`: its transitions drawn as loops beside it instead. */
export function stateLines(state: StateExport, width: number, wording: Wording = {}, loops: readonly TransitionExport[] = []): string[] {
  const internal = state.transitions.filter((t) => t.targets.length === 0 && !loops.includes(t));
  return [
    ...listLines('entry / ', state.entry.map(actionLabel), width),
    ...listLines('exit / ', state.exit.map(actionLabel), width),
    ...listLines('invoke ', state.invoke.map((i) => (i.id === i.src ? i.src : `${i.src} (${i.id})`)), width),
    // One line each: a state's width is its own, and wrapping would only make the box taller.
    ...internal.map((t) => (t.actions.length === 0 ? headOf(t, wording) : `${headOf(t, wording)} / ${t.actions.map(actionLabel).join(', ')}`)),
  ];
}

/** `prefix a, b, c`, continued on indented lines where it would pass `width`; nothing for an empty list. */
export function listLines(prefix: string, items: readonly string[], width: number): string[] {
  if (items.length === 0) return [];
  const lines: string[] = [];
  let line = prefix;
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    const fresh = line === prefix;
    if (!fresh && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = ' '.repeat(prefix.length) + piece;
    } else {
      line = fresh ? line + piece : `${line} ${piece}`;
    }
  }
  lines.push(line);
  return lines;
}
