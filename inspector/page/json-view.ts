/**
 * A JSON value as a collapsible tree (`<details>` per object and array), for decoded V2G messages and contexts.
 * Children are built when a node is first opened, so a large context costs nothing until someone looks into it.
 */
/// <reference lib="dom" />
import type { JsonValue } from '../../base/json-value.js';
import { h } from './dom.js';

function leaf(value: JsonValue): HTMLElement {
  const kind = value === null ? 'null' : typeof value;
  return h('span', { class: `json-${kind}`, text: JSON.stringify(value) });
}

function summaryOf(value: readonly JsonValue[] | { readonly [key: string]: JsonValue }): string {
  return Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
}

function entry(key: string, value: JsonValue, openDepth: number): HTMLElement {
  if (value === null || typeof value !== 'object') return h('div', { class: 'json-entry' }, h('span', { class: 'json-key', text: `${key}: ` }), leaf(value));
  const details = h('details', { class: 'json-node' }, h('summary', {}, h('span', { class: 'json-key', text: key }), ` ${summaryOf(value)}`));
  const fill = (): void => {
    if (details.dataset.filled === 'yes') return;
    details.dataset.filled = 'yes';
    const entries: Array<[string, JsonValue]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    details.append(...entries.map(([k, v]) => entry(k, v, openDepth - 1)));
  };
  details.addEventListener('toggle', fill);
  if (openDepth > 0) {
    fill();
    details.open = true;
  }
  return details;
}

/** `openDepth`: how many levels start open. */
export function jsonTree(label: string, value: JsonValue, openDepth = 2): HTMLElement {
  return h('div', { class: 'json-tree' }, entry(label, value, openDepth));
}
