/**
 * The event log: every event sent to an actor and every actor created, with its time, and for V2G messages the
 * direction, name, ResponseCode and EVSEProcessing, coloured. Follows the cursor; a click moves the cursor there.
 * Status updates (`vehicle.status`: an EVCC gets one per vehicle report) arrive many times a second, so they can be hidden.
 */
/// <reference lib="dom" />
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { responseCodeClass, type MessageEntry } from './model/messages.js';
import { lastAtOrBefore, type InspectionStore } from './model/store.js';
import { formatTime, h } from './dom.js';
import { VirtualList } from './virtual-list.js';

export interface LogFilter {
  readonly text: string;
  readonly hideStatus: boolean;
  readonly messagesOnly: boolean;
}

const ROW_HEIGHT = 20;

export class LogView {
  private readonly list: VirtualList<number>;
  private rows: number[] = [];
  /** How many of the store's events the rows were filtered from. */
  private scanned = 0;
  private filter: LogFilter = { text: '', hideStatus: true, messagesOnly: false };
  private cursor = -1;

  constructor(
    container: HTMLElement,
    private readonly store: InspectionStore,
    private readonly onSelect: (index: number) => void,
  ) {
    this.list = new VirtualList(container, ROW_HEIGHT, (index) => this.row(index));
    this.list.setItems(this.rows);
  }

  setFilter(filter: LogFilter): void {
    this.filter = filter;
    this.rows = [];
    this.scanned = 0;
    this.list.setItems(this.rows);
    this.update(this.cursor, false);
  }

  /** Appends what arrived; marks the row at `cursor`; `follow`: keep the end in view (live). */
  update(cursor: number, follow: boolean): void {
    const events = this.store.events;
    const before = this.rows.length;
    for (; this.scanned < events.length; this.scanned++) if (this.accepts(this.scanned, events[this.scanned]!)) this.rows.push(this.scanned);
    const moved = cursor !== this.cursor;
    this.cursor = cursor;
    if (follow) this.list.followEnd();
    else if (moved) {
      const position = lastAtOrBefore(this.rows, cursor);
      if (position >= 0) this.list.reveal(position);
    }
    this.list.refresh(moved || this.rows.length !== before);
  }

  /** How many rows the log holds with the current filter. */
  get rowCount(): number {
    return this.rows.length;
  }

  private accepts(index: number, event: StatelyInspectionEvent): boolean {
    if (event.type === '@xstate.snapshot') return false;
    const message = this.store.messageAt.get(index);
    if (this.filter.messagesOnly && message === undefined) return false;
    if (event.type === '@xstate.event' && this.filter.hideStatus && event.event.type.endsWith('.status')) return false;
    if (this.filter.text === '') return true;
    return this.describe(index, event, message).toLowerCase().includes(this.filter.text.toLowerCase());
  }

  private actorName(sessionId: string | undefined): string {
    return sessionId === undefined ? '' : (this.store.actors.get(sessionId)?.name ?? sessionId);
  }

  private describe(index: number, event: StatelyInspectionEvent, message: MessageEntry | undefined): string {
    if (event.type === '@xstate.actor') return `${event.name} created`;
    if (event.type !== '@xstate.event') return '';
    const who = event.sourceId === undefined || event.sourceId === event.sessionId ? this.actorName(event.sessionId) : `${this.actorName(event.sourceId)} → ${this.actorName(event.sessionId)}`;
    return `${who} ${event.event.type}${message ? ` ${message.name} ${message.responseCode ?? ''} ${message.evseProcessing ?? ''}` : ''} #${index}`;
  }

  private row(index: number): HTMLElement {
    const event = this.store.events[index]!;
    const message = this.store.messageAt.get(index);
    const row = h('div', { class: 'log-row', data: { index: String(index) } }, h('span', { class: 'log-time', text: formatTime(this.store.times[index]! - this.store.times[0]!) }));
    if (index === this.cursor) row.classList.add('cursor');
    else if (index > this.cursor) row.classList.add('future');
    if (event.type === '@xstate.actor') {
      row.append(h('span', { class: 'log-actor', text: event.name }), h('span', { class: 'log-type', text: 'created' }));
    } else if (event.type === '@xstate.event') {
      const from = event.sourceId !== undefined && event.sourceId !== event.sessionId ? `${this.actorName(event.sourceId)} → ` : '';
      row.append(h('span', { class: 'log-actor', text: `${from}${this.actorName(event.sessionId)}` }));
      if (message === undefined) row.append(h('span', { class: 'log-type', text: event.event.type }));
      else row.append(...messageCells(message));
    }
    row.addEventListener('click', () => this.onSelect(index));
    return row;
  }
}

export function messageCells(message: MessageEntry): HTMLElement[] {
  const cells = [
    h('span', { class: 'log-dir', text: message.dir ?? '?' }),
    h('span', { class: 'log-message', text: message.name }),
  ];
  if (message.payloadType !== undefined) {
    const hex = message.payloadType.toString(16);
    cells.push(h('span', { class: `lane lane-${hex}`, text: `0x${hex}`, title: `V2GTP payload type 0x${hex}` }));
  }
  if (message.schema !== undefined) cells.push(h('span', { class: 'log-schema', text: message.schema }));
  if (message.responseCode !== undefined) cells.push(h('span', { class: `badge rc-${responseCodeClass(message.responseCode)}`, text: message.responseCode }));
  if (message.evseProcessing !== undefined) cells.push(h('span', { class: `badge ep-${message.evseProcessing.toLowerCase()}`, text: message.evseProcessing }));
  if (message.energy !== undefined) cells.push(h('span', { class: `badge energy-${message.energy}`, text: message.energy === 'charging' ? '⚡→EV' : '⚡→grid' }));
  return cells;
}
