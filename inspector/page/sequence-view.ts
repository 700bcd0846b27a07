/**
 * The message sequence of one connection: EVCC lane left, SECC lane right, one arrow per V2G message in the direction
 * it went, as that side saw it. Messages after the cursor are dimmed; a click moves the cursor to the message.
 */
/// <reference lib="dom" />
import type { MessageEntry } from './model/messages.js';
import { lastAtOrBefore, type InspectionStore } from './model/store.js';
import { formatTime, h } from './dom.js';
import { messageCells } from './log-view.js';
import { VirtualList } from './virtual-list.js';

const ROW_HEIGHT = 22;

export class SequenceView {
  private readonly list: VirtualList<MessageEntry>;
  private readonly title: HTMLElement;
  private connection: string | undefined;
  private shownLength = -1;
  private cursor = -1;
  private indices: number[] = [];

  constructor(
    container: HTMLElement,
    title: HTMLElement,
    private readonly store: InspectionStore,
    private readonly onSelect: (index: number) => void,
  ) {
    this.title = title;
    this.list = new VirtualList(container, ROW_HEIGHT, (entry) => this.row(entry));
  }

  /** `connection`: the selected actor's (`secc/3`), or the first one with messages. */
  update(connection: string | undefined, cursor: number, follow: boolean): void {
    const chosen = connection !== undefined && this.store.connections.has(connection) ? connection : this.store.connections.keys().next().value;
    const entries = chosen === undefined ? [] : this.store.connections.get(chosen)!;
    const changed = chosen !== this.connection;
    if (changed) {
      this.connection = chosen;
      this.title.textContent = chosen === undefined ? 'Message sequence' : `Message sequence: ${chosen}`;
      this.list.setItems(entries);
      this.indices = [];
    }
    for (let i = this.indices.length; i < entries.length; i++) this.indices.push(entries[i]!.index);
    const grew = entries.length !== this.shownLength;
    this.shownLength = entries.length;
    const moved = cursor !== this.cursor;
    this.cursor = cursor;
    if (follow) this.list.followEnd();
    else if (moved) {
      const position = lastAtOrBefore(this.indices, cursor);
      if (position >= 0) this.list.reveal(position);
    }
    this.list.refresh(changed || grew || moved);
  }

  private row(entry: MessageEntry): HTMLElement {
    const toSecc = entry.dir === 'EV->EVSE';
    const arrow = h('div', { class: `msc-arrow ${toSecc ? 'to-secc' : 'to-evcc'}` }, ...messageCells(entry));
    const row = h('div', { class: 'msc-row', data: { index: String(entry.index) } }, h('span', { class: 'msc-time', text: formatTime(entry.time - this.store.times[0]!) }), h('div', { class: 'msc-lanes' }, arrow));
    if (entry.index > this.cursor) row.classList.add('future');
    if (entry.index === lastCursorMessage(this.indices, this.cursor)) row.classList.add('cursor');
    row.addEventListener('click', () => this.onSelect(entry.index));
    return row;
  }
}

function lastCursorMessage(indices: readonly number[], cursor: number): number | undefined {
  const position = lastAtOrBefore(indices, cursor);
  return position < 0 ? undefined : indices[position];
}
