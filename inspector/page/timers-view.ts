/** The running timers of the selected actor: the standard's timer name, its length and the time left, as a bar. */
/// <reference lib="dom" />
import type { TimerAt } from './model/timers.js';
import { h } from './dom.js';

export function renderTimers(container: HTMLElement, timers: readonly TimerAt[]): void {
  if (timers.length === 0) {
    container.replaceChildren(h('div', { class: 'muted', text: 'No timer running.' }));
    return;
  }
  container.replaceChildren(
    ...timers.map((t) => {
      const left = Math.max(0, t.remaining);
      const bar = h('div', { class: 'timer-bar' }, h('div', { class: 'timer-fill' }));
      (bar.firstChild as HTMLElement).style.width = `${Math.min(100, (left / t.ms) * 100).toFixed(1)}%`;
      return h(
        'div',
        { class: 'timer', title: t.event, data: { delay: t.delay } },
        h('span', { class: 'timer-name', text: t.delay }),
        h('span', { class: 'timer-left', text: `${(left / 1000).toFixed(3)} s of ${(t.ms / 1000).toFixed(3)} s` }),
        bar,
      );
    }),
  );
}
