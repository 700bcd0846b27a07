/**
 * Turns whatever an actor holds (context with Uint8Array messages, bigint counters, functions, actor refs, cycles)
 * into a value JSON.stringify accepts and a browser can show: the inspection stream must never throw on a context.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonValueOptions {
  /**
   * What a function becomes: dropped (snapshots, events: behaviour is not state), or `{ type: name }` (a machine's
   * definition, where an inline action or guard is still a step worth showing, as Stately's inspector expects).
   */
  readonly functions: 'drop' | 'name';
}

const DROPPED = Symbol('dropped');

export function toJsonValue(value: unknown, options: JsonValueOptions = { functions: 'drop' }): JsonValue {
  const result = convert(value, options, new Set());
  return result === DROPPED ? null : result;
}

function convert(value: unknown, options: JsonValueOptions, ancestors: Set<object>): JsonValue | typeof DROPPED {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'symbol':
      return DROPPED;
    case 'function':
      return options.functions === 'name' ? { type: value.name || 'anonymous' } : DROPPED;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Uint8Array) return Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('hex');
  if (ancestors.has(object)) return '[Circular]';
  ancestors.add(object);
  try {
    return convertObject(object, options, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function convertObject(object: object, options: JsonValueOptions, ancestors: Set<object>): JsonValue | typeof DROPPED {
  if ('toJSON' in object && typeof object.toJSON === 'function') return convert(object.toJSON(), options, ancestors);
  if (object instanceof Error) return { name: object.name, message: object.message };
  if (Array.isArray(object) || object instanceof Set) {
    // Position matters in a list: what cannot be shown becomes null, as JSON.stringify does.
    return [...object].map((item) => {
      const converted = convert(item, options, ancestors);
      return converted === DROPPED ? null : converted;
    });
  }
  const entries = object instanceof Map ? [...object].map(([k, v]) => [String(k), v] as const) : Object.entries(object);
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of entries) {
    const converted = convert(item, options, ancestors);
    if (converted !== DROPPED) result[key] = converted;
  }
  return result;
}
