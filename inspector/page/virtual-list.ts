/**
 * A scrolling list that builds only the rows in view: the event log of a station with many sessions holds hundreds of
 * thousands of rows, and the page must keep up with the stream. Rows have one fixed height.
 */
/// <reference lib="dom" />
import { h } from './dom.js';

export class VirtualList<T> {
  private items: readonly T[] = [];
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private drawn = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly rowHeight: number,
    private readonly render: (item: T, position: number) => HTMLElement,
  ) {
    this.spacer = h('div', { class: 'virtual-spacer' });
    this.rows = h('div', { class: 'virtual-rows' });
    this.spacer.append(this.rows);
    container.append(this.spacer);
    container.addEventListener('scroll', () => this.refresh());
  }

  /** `items` may grow afterwards; call `refresh` to show what was appended. */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.drawn = '';
    this.refresh();
  }

  get length(): number {
    return this.items.length;
  }

  /** Redraws the rows in view; `force` also when the same range is in view (their content changed). */
  refresh(force = false): void {
    this.spacer.style.height = `${this.items.length * this.rowHeight}px`;
    const first = Math.max(0, Math.floor(this.container.scrollTop / this.rowHeight) - 5);
    const last = Math.min(this.items.length, Math.ceil((this.container.scrollTop + this.container.clientHeight) / this.rowHeight) + 5);
    const key = `${first}:${last}`;
    if (!force && key === this.drawn) return;
    this.drawn = key;
    this.rows.style.transform = `translateY(${first * this.rowHeight}px)`;
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) rows.push(this.render(this.items[i]!, i));
    this.rows.replaceChildren(...rows);
  }

  /** Scrolls so the row at `position` is in view (centred when it was not). */
  reveal(position: number): void {
    const top = position * this.rowHeight;
    const { scrollTop, clientHeight } = this.container;
    if (top < scrollTop || top + this.rowHeight > scrollTop + clientHeight) this.container.scrollTop = Math.max(0, top - clientHeight / 2);
  }

  /** Keeps the view at the end while it was already there (a live log). */
  followEnd(): void {
    this.container.scrollTop = this.container.scrollHeight;
  }
}
