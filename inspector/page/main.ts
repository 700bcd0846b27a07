/**
 * The inspector page: wires the stream (connection.ts) into the store (model/store.ts) and draws every panel for the
 * cursor, at most once per animation frame however fast events arrive.
 */
/// <reference lib="dom" />
import type { JsonValue } from '../../base/json-value.js';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { ChartView } from './chart-view.js';
import { connect, describeState, type ConnectionState } from './connection.js';
import { byId, h } from './dom.js';
import { jsonTree } from './json-view.js';
import { LogView } from './log-view.js';
import { activeStateIds } from './model/active-states.js';
import { connectionOf } from './model/messages.js';
import { stateEntries } from './model/state-entries.js';
import { InspectionStore, lastAtOrBefore, type ActorRecord } from './model/store.js';
import { timersAt } from './model/timers.js';
import { Scrubber } from './scrubber.js';
import { SequenceView } from './sequence-view.js';
import { renderStateDetails } from './state-details.js';
import { renderTimers } from './timers-view.js';
import { TreeView } from './tree-view.js';

const store = new InspectionStore();
let live = true;
let cursor = -1;
let selectedActor: string | undefined;
let selectedState: string | undefined;
let detailIndex: number | undefined;
let connection: ConnectionState = { status: 'connecting' };
/** When the newest event arrived (performance.now()), so live timers count down between events. */
let lastArrival = 0;
let scheduled = false;
let drawnDetails = '';

const at = (): number => (live ? store.events.length - 1 : cursor);

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
}

function travel(index: number, follow = false): void {
  live = follow;
  cursor = Math.min(Math.max(0, index), store.events.length - 1);
  schedule();
}

function selectActor(sessionId: string): void {
  if (selectedActor !== sessionId) selectedState = undefined;
  selectedActor = sessionId;
  schedule();
}

const tree = new TreeView(byId('actors'), store, selectActor);
const chart = new ChartView(
  byId('chart'),
  (stateId) => {
    selectedState = stateId;
    // A click on a state travels to its latest entry up to the cursor (else its first), so the diagram shows it active.
    const actor = selectedActor === undefined ? undefined : store.actors.get(selectedActor);
    if (actor !== undefined && chart.current !== undefined) {
      const entries = stateEntries(store, actor.sessionId, chart.current.root, stateId);
      const position = lastAtOrBefore(entries, at());
      const target = position >= 0 ? entries[position] : entries[0];
      if (target !== undefined) travel(target);
    }
    schedule();
  },
  schedule,
);
byId('zoom-out').addEventListener('click', () => chart.zoomBy(1 / 1.25));
byId('zoom-in').addEventListener('click', () => chart.zoomBy(1.25));
byId('zoom-fit').addEventListener('click', () => chart.zoomBy(undefined));
const log = new LogView(byId('log'), store, (index) => {
  detailIndex = index;
  travel(index);
});
const sequence = new SequenceView(byId('sequence'), byId('sequence-title'), store, (index) => {
  detailIndex = index;
  travel(index);
});
const scrubber = new Scrubber(
  {
    range: byId<HTMLInputElement>('scrubber'),
    back: byId<HTMLButtonElement>('step-back'),
    forward: byId<HTMLButtonElement>('step-forward'),
    live: byId<HTMLInputElement>('live'),
    label: byId('position'),
  },
  (index, follow) => travel(index, follow),
);

const filterText = byId<HTMLInputElement>('filter');
const hideStatus = byId<HTMLInputElement>('hide-status');
const messagesOnly = byId<HTMLInputElement>('messages-only');
const applyFilter = (): void => log.setFilter({ text: filterText.value.trim(), hideStatus: hideStatus.checked, messagesOnly: messagesOnly.checked });
for (const input of [filterText, hideStatus, messagesOnly]) input.addEventListener('input', applyFilter);

/** With nothing chosen yet, the first charging-session machine (else the first machine) is the most telling. */
function defaultActor(): ActorRecord | undefined {
  const machines = [...store.actors.values()].filter((a) => a.kind === 'machine');
  return machines.find((a) => /-(evcc|secc)$/.test(a.machineId ?? '') && !/apphand|sdp/.test(a.machineId ?? '')) ?? machines[0];
}

/** Frames drawn and the time they took: the benchmark reads them from the body's data attributes. */
let frames = 0;
let renderMs = 0;
let slowestFrameMs = 0;

function render(): void {
  const started = performance.now();
  draw();
  const spent = performance.now() - started;
  frames++;
  renderMs += spent;
  slowestFrameMs = Math.max(slowestFrameMs, spent);
  Object.assign(document.body.dataset, { frames: String(frames), renderMs: renderMs.toFixed(1), slowestFrameMs: slowestFrameMs.toFixed(1) });
}

function draw(): void {
  const index = at();
  selectedActor ??= defaultActor()?.sessionId;
  const actor = selectedActor === undefined ? undefined : store.actors.get(selectedActor);
  const time = index < 0 ? 0 : store.times[index]!;
  const now = live ? time + (performance.now() - lastArrival) : time;

  tree.update(index, selectedActor);
  byId('chart-title').textContent = actor === undefined ? 'Statechart' : `Statechart: ${actor.name}${actor.machineId && actor.machineId !== actor.name ? ` (${actor.machineId})` : ''}`;
  chart.show(actor?.machineId);
  const root = chart.current?.root;
  const snapshot = actor === undefined ? undefined : store.snapshotAt(actor.sessionId, index);
  chart.highlight(root === undefined ? [] : activeStateIds(root, snapshot?.value), selectedState);
  renderTimers(byId('timers'), actor === undefined ? [] : timersAt(store, actor.sessionId, index, now));
  const details = byId('state-details');
  if (root !== undefined && actor !== undefined && selectedState !== undefined) {
    renderStateDetails(details, { root, stateId: selectedState, entries: stateEntries(store, actor.sessionId, root, selectedState), cursor: index, onTravel: (i) => travel(i) });
  } else {
    details.replaceChildren(h('div', { class: 'muted', text: 'Click a state in the diagram.' }));
  }
  log.update(index, live);
  sequence.update(actor === undefined ? undefined : connectionOf(actor.name), index, live);
  scrubber.update(index, store.events.length, live, index < 0 ? 0 : time - store.times[0]!);
  renderDetails(actor, index);

  byId('status').textContent = `${describeState(connection)} · ${store.events.length} events · ${store.actors.size} actors`;
  document.body.dataset.stream = connection.status;
  document.body.dataset.events = String(store.events.length);
  document.body.dataset.logRows = String(log.rowCount);
  document.body.dataset.cursor = String(index);
}

/** The clicked event and the selected actor's context at the cursor, rebuilt only when either changes. */
function renderDetails(actor: ActorRecord | undefined, index: number): void {
  const snapshotIndex = actor === undefined ? -1 : (actor.snapshots[lastAtOrBefore(actor.snapshots, index)] ?? -1);
  const key = `${detailIndex}:${actor?.sessionId}:${snapshotIndex}`;
  if (key === drawnDetails) return;
  drawnDetails = key;
  const parts: HTMLElement[] = [];
  if (detailIndex !== undefined) {
    const message = store.messageAt.get(detailIndex);
    if (message !== undefined) parts.push(jsonTree(`${message.name} (${[message.dir ?? '?', message.schema].filter(Boolean).join(', ')})`, message.message, 3));
    parts.push(jsonTree(`event #${detailIndex}`, store.events[detailIndex] as unknown as JsonValue, message === undefined ? 2 : 0));
  }
  if (actor !== undefined && snapshotIndex >= 0) {
    const snapshot = store.snapshotAt(actor.sessionId, index);
    parts.push(jsonTree(`context of ${actor.name}`, snapshot?.context ?? null, 1));
  }
  byId('details').replaceChildren(...parts);
}

function receive(events: readonly StatelyInspectionEvent[]): void {
  for (const event of events) store.add(event);
  lastArrival = performance.now();
  schedule();
}

connect(receive, (state) => {
  connection = state;
  schedule();
});
// Live timers count down between events.
setInterval(() => {
  if (live && connection.status === 'live') schedule();
}, 200);
