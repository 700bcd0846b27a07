/**
 * Time travel: a slider over every recorded event, step buttons, and "live", which keeps the cursor on the newest
 * event. Left and right arrow keys step when no text field has the focus.
 */
/// <reference lib="dom" />
import { formatTime } from './dom.js';

export interface ScrubberElements {
  readonly range: HTMLInputElement;
  readonly back: HTMLButtonElement;
  readonly forward: HTMLButtonElement;
  readonly live: HTMLInputElement;
  readonly label: HTMLElement;
}

export class Scrubber {
  constructor(
    private readonly elements: ScrubberElements,
    /** `index`: the event to travel to; `live`: follow the stream instead. */
    private readonly onMove: (index: number, live: boolean) => void,
  ) {
    const { range, back, forward, live } = elements;
    range.addEventListener('input', () => onMove(Number(range.value), false));
    back.addEventListener('click', () => this.step(-1));
    forward.addEventListener('click', () => this.step(1));
    live.addEventListener('change', () => onMove(Number(range.max), live.checked));
    document.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement | null;
      if (target !== null && (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text')) return;
      if (event.key === 'ArrowLeft') this.step(-1);
      else if (event.key === 'ArrowRight') this.step(1);
    });
  }

  private step(delta: number): void {
    const { range } = this.elements;
    const next = Math.min(Number(range.max), Math.max(0, Number(range.value) + delta));
    this.onMove(next, false);
  }

  update(cursor: number, count: number, live: boolean, time: number): void {
    const { range, live: liveBox, label } = this.elements;
    const max = String(Math.max(0, count - 1));
    if (range.max !== max) range.max = max;
    if (range.value !== String(cursor)) range.value = String(Math.max(0, cursor));
    liveBox.checked = live;
    label.textContent = count === 0 ? 'no events yet' : `event ${cursor + 1} of ${count} · ${formatTime(time)}`;
  }
}
