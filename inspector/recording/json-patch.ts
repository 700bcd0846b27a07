/**
 * How a recording stores an actor's snapshot: as what changed since its previous one. A machine's context is mostly
 * the same from one step to the next (settings, the vehicle's limits), and repeating it whole made up three quarters
 * of a recorded session. A patch node replaces a value (`=`), removes an object's key (`-`) or descends into an
 * object (`$`); arrays and values of another kind are replaced whole.
 */
import type { JsonValue } from '../../base/json-value.js';

export type JsonPatch = { readonly '=': JsonValue } | { readonly '-': 1 } | { readonly $: { readonly [key: string]: JsonPatch } };

type JsonObject = { readonly [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]!));
  }
  const keys = Object.keys(a).filter((key) => a[key] !== undefined);
  return keys.length === Object.keys(b).filter((key) => b[key] !== undefined).length && keys.every((key) => b[key] !== undefined && sameJson(a[key]!, b[key]!));
}

/** What turns `before` into `after`; undefined when they are equal. Keys whose value is undefined count as absent. */
export function diffJson(before: JsonValue, after: JsonValue): JsonPatch | undefined {
  if (!isObject(before) || !isObject(after)) return sameJson(before, after) ? undefined : { '=': after };
  const changes: Record<string, JsonPatch> = {};
  let changed = false;
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    const change = old === undefined ? { '=': value } : diffJson(old, value);
    if (change !== undefined) {
      changes[key] = change;
      changed = true;
    }
  }
  for (const key of Object.keys(before)) {
    if (before[key] !== undefined && after[key] === undefined) {
      changes[key] = { '-': 1 };
      changed = true;
    }
  }
  return changed ? { $: changes } : undefined;
}

/** `before` with `patch` applied; `before` itself is left as it is. Throws a TypeError on a malformed patch. */
export function applyJsonPatch(before: JsonValue, patch: JsonPatch): JsonValue {
  if ('=' in patch) return patch['='];
  if (!('$' in patch) || !isObject(before) || !isObject(patch.$)) throw new TypeError('a patch that descends into something that is not an object');
  const after: Record<string, JsonValue> = { ...before };
  for (const [key, change] of Object.entries(patch.$)) {
    if (!isObject(change as JsonValue)) throw new TypeError(`patch of ${JSON.stringify(key)} is not an object`);
    if ('-' in change) delete after[key];
    else after[key] = applyJsonPatch(before[key] ?? {}, change);
  }
  return after;
}
