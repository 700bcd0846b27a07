/**
 * The demo's live view: one line each time a machine enters a new state, with what the vehicle and the power stage
 * measure at that moment. Written for people watching a run; `--json` turns it off.
 */
import type { AnyActorRef } from 'xstate';

export type StatusLine = (role: string, actor: AnyActorRef) => void;

export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}.${stateName(v)}`).join(',');
  return String(value);
}

/**
 * Prints a line each time `actor` enters another top-level state, until it stops; `details` adds the measurements of
 * the moment. Substates are left out: a CurrentDemand loop would otherwise print two lines per message.
 */
export function followStates(actor: AnyActorRef, role: string, start: number, now: () => number, details: () => string, write: (line: string) => void): void {
  let last = '';
  actor.subscribe({
    next: (snapshot: { value?: unknown }) => {
      const state = stateName(snapshot.value).split('.')[0];
      if (state === last) return;
      last = state;
      const t = ((now() - start) / 1000).toFixed(3).padStart(8);
      write(`[${t} s] ${role.padEnd(14)} ${state.padEnd(34)} ${details()}\n`);
    },
    error: () => undefined,
  });
}
