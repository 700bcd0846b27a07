/**
 * When an actor entered a state: the events at which the state became active after not being active. Lets the page
 * jump to "the last time we were in CableCheck" from a click on the diagram.
 */
import type { StateExport } from '../../statecharts/model.js';
import { activeStateIds } from './active-states.js';
import type { InspectionStore } from './store.js';

export function stateEntries(store: InspectionStore, sessionId: string, root: StateExport, stateId: string): number[] {
  const actor = store.actors.get(sessionId);
  if (actor === undefined) return [];
  const entries: number[] = [];
  let wasActive = false;
  for (const index of actor.snapshots) {
    const event = store.events[index]!;
    if (event.type === '@xstate.event') continue;
    const active = activeStateIds(root, event.snapshot.value).includes(stateId);
    if (active && !wasActive) entries.push(index);
    wasActive = active;
  }
  return entries;
}
