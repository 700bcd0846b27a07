/**
 * Documents generated from the schema model by a random walk over each type's EXI grammar: every document is valid
 * by construction, and the walk reaches optional elements present and absent, arrays up to maxOccurs and the
 * boundary values of every datatype.
 */
import { schemaModel, typeModel } from '../../codecs/exi/json.js';
import type { ProductionModel, TypeModel, ValueModel } from '../../codecs/exi/model.js';
import { Prng } from '../shared/prng.js';

/** A uniform number in [0, 1), from a seeded generator so a failing document can be regenerated. */
export type Random = () => number;

export function prng(seed: number, stream = ''): Random {
  const p = new Prng(seed, stream);
  return () => p.uint32() / 0x1_0000_0000;
}

class DeadEnd extends Error {}

const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

function integer(rnd: Random, m: Extract<ValueModel, { kind: 'integer' }>): number | bigint {
  const min = m.min ?? (m.big ? -(2n ** 70n) : -(2n ** 31n));
  const max = m.max ?? (m.big ? 2n ** 70n : 2n ** 31n);
  const span = max - min;
  const candidates = [min, max, min + BigInt(Math.floor(rnd() * Number(span > 1000000n ? 1000000n : span)))];
  if (min <= 0n && max >= 0n) candidates.push(0n);
  const v = pick(rnd, candidates);
  return m.big ? v : Number(v);
}

function bytes(rnd: Random, maxLength: number | null): Uint8Array {
  const max = Math.min(maxLength ?? 40, 300);
  const n = rnd() < 0.2 ? max : Math.floor(rnd() * Math.min(max + 1, 24));
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
}

function text(rnd: Random, maxLength: number | null): string {
  const max = Math.min(maxLength ?? 40, 300);
  const n = rnd() < 0.2 ? max : Math.floor(rnd() * Math.min(max + 1, 24));
  return Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
}

function value(rnd: Random, m: ValueModel, depth: number): unknown {
  switch (m.kind) {
    case 'boolean':
      return rnd() < 0.5;
    case 'integer':
      return integer(rnd, m);
    case 'enum':
      return pick(rnd, m.values);
    case 'string':
      return text(rnd, m.maxLength);
    case 'binary':
      return bytes(rnd, m.maxLength);
    case 'complex':
      return complex(rnd, typeModel(m.type), depth + 1);
  }
}

function usable(t: TypeModel, doc: Record<string, unknown>, p: ProductionModel): boolean {
  const [kind, field] = p;
  if (kind === 'EE') return true;
  if ((kind !== 'AT' && kind !== 'SE' && kind !== 'CH') || field < 0) return false;
  const f = t.fields[field];
  return f.array ? ((doc[f.key] as unknown[] | undefined)?.length ?? 0) < f.maxOccurs : doc[f.key] === undefined;
}

function complex(rnd: Random, t: TypeModel, depth: number): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  let s = 0;
  for (let steps = 0; ; steps++) {
    const choices = t.states[s].filter((p) => usable(t, doc, p));
    if (choices.length === 0 || steps > 200) throw new DeadEnd();
    const end = choices.find((p) => p[0] === 'EE');
    const p = end && (depth > 5 || rnd() < 0.25) ? end : pick(rnd, choices);
    if (p[0] === 'EE') return doc;
    const f = t.fields[p[1]];
    const v = value(rnd, f.value, depth);
    if (f.array) {
      const a = (doc[f.key] ??= []) as unknown[];
      a.push(v);
      s = p[3] !== undefined && a.length === p[3] ? (p[4] as number) : p[2];
    } else {
      doc[f.key] = v;
      s = p[2];
    }
  }
}

/** A random valid document of `schema` with the given root element, or undefined if the walk kept dead-ending. */
export function randomDocument(rnd: Random, schema: string, root: string): object | undefined {
  const r = schemaModel(schema).roots.find((x) => x.key === root);
  if (!r) throw new Error(`${root} is not a root of ${schema}`);
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return { [root]: value(rnd, r.value, 0) };
    } catch (e) {
      if (!(e instanceof DeadEnd)) throw e;
    }
  }
  return undefined;
}
