/**
 * Documents are built from facts whose optional parts may be undefined; the codec reads an undefined field as absent,
 * but a decoded document has no such key. Builders drop them so that what is sent and what is received compare equal.
 */
export function compact<T extends object>(fields: T): T {
  const out = {} as T;
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) out[key] = fields[key];
  }
  return out;
}
