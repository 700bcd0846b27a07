/**
 * How each simple type is written and read (EXI 1.0 §7.1): the datatype representation follows from the XSD type
 * and its facets, exactly as the field's codecs choose it (EXI 1.0 §7.4, the default datatype representation map).
 */
import { codeWidth } from './grammar.js';
import { isBig } from './names.js';
import type { ComplexType, SimpleType } from './xsd.js';

export type IntegerRepresentation =
  | { readonly kind: 'nbit'; readonly bits: number; readonly min: bigint; readonly max: bigint }
  | { readonly kind: 'unsigned' | 'signed' };

/** §7.1.5: a bounded range below 4096 values is an n-bit unsigned offset from the minimum; else the sign decides. */
export function integerRepresentation(t: Extract<SimpleType, { kind: 'integer' }>): IntegerRepresentation {
  if (t.min !== null && t.max !== null && t.max - t.min < 4096n) {
    return { kind: 'nbit', bits: codeWidth(Number(t.max - t.min) + 1), min: t.min, max: t.max };
  }
  return { kind: t.min !== null && t.min >= 0n ? 'unsigned' : 'signed' };
}

const lit = (v: bigint | null, big: boolean): string => (v === null ? 'null' : big ? `${v}n` : `${v}`);

/** Unsigned Integer groups needed for the largest magnitude of the type (a decoding bound; 1024 bits when unbounded). */
function maxGroups(t: Extract<SimpleType, { kind: 'integer' }>): number {
  const bound = [t.min, t.max].reduce<bigint>((m, v) => (v === null ? 2n ** 1024n : v < 0n ? (-v > m ? -v : m) : v > m ? v : m), 0n);
  return Math.max(1, Math.ceil(bound.toString(2).length / 7));
}

/**
 * A statement writing `expr` of type `t`. Of the length facets only the maximum is enforced, as by the field's codecs:
 * it bounds memory, while exact lengths (ISO-20 dhPublicKeyType length 133 also carries 56-byte X448 keys in the
 * field) are the application's to check.
 */
export function encodeValue(t: SimpleType, expr: string, enumRef: (t: SimpleType) => string): string {
  switch (t.kind) {
    case 'boolean':
      return `w.boolean(${expr});`;
    case 'integer': {
      const r = integerRepresentation(t);
      const big = isBig(t);
      if (r.kind === 'nbit') return `w.nbit(${r.bits}, ${expr}, ${lit(r.min, big)}, ${lit(r.max, big)});`;
      const fn = (big ? 'big' : '') + (r.kind === 'unsigned' ? 'uintIn' : 'intIn');
      return `w.${fn}(${expr}, ${lit(t.min, big)}, ${lit(t.max, big)});`;
    }
    case 'enum':
      return `w.enumeration(${codeWidth(t.values.length)}, ${enumRef(t)}_INDEX, ${expr});`;
    case 'string':
      return `w.stringIn(${expr}, ${t.maxLength ?? 'Infinity'});`;
    case 'binary':
      return `w.binaryIn(${expr}, ${t.maxLength ?? 'Infinity'});`;
  }
}

/** An expression reading a value of type `t`; `key` names the string table partition (the element or attribute). */
export function decodeValue(t: SimpleType, key: string, enumRef: (t: SimpleType) => string): string {
  switch (t.kind) {
    case 'boolean':
      return `r.bits(1) === 1`;
    case 'integer': {
      const r = integerRepresentation(t);
      const big = isBig(t);
      if (r.kind === 'nbit') return `r.nbit(${r.bits}, ${lit(r.min, big)}, ${lit(r.max, big)})`;
      if (big) return `r.${r.kind === 'unsigned' ? 'biguintIn' : 'bigintIn'}(${lit(t.min, true)}, ${lit(t.max, true)}, ${maxGroups(t)})`;
      return `r.${r.kind === 'unsigned' ? 'uintIn' : 'intIn'}(${lit(t.min, false)}, ${lit(t.max, false)})`;
    }
    case 'enum':
      return `r.enumeration(${codeWidth(t.values.length)}, ${enumRef(t)}_VALUES)`;
    case 'string':
      return `r.string(${JSON.stringify(key)}, ${t.maxLength ?? 'Infinity'})`;
    case 'binary':
      return `r.binaryIn(${t.maxLength ?? 'Infinity'})`;
  }
}

/** The ValueModel (codecs/exi/model.ts) of a type, as TypeScript source. */
export function modelSource(t: SimpleType | ComplexType, complexRef: (t: ComplexType) => string): string {
  switch (t.kind) {
    case 'complex':
      return `{ kind: 'complex', type: ${JSON.stringify(complexRef(t))} }`;
    case 'boolean':
      return `{ kind: 'boolean' }`;
    case 'integer': {
      const big = (v: bigint | null): string => (v === null ? 'null' : `${v}n`);
      return `{ kind: 'integer', min: ${big(t.min)}, max: ${big(t.max)}, big: ${isBig(t)}, representation: '${integerRepresentation(t).kind}' }`;
    }
    case 'enum':
      return `{ kind: 'enum', values: ${JSON.stringify(t.values)} }`;
    case 'string':
      return `{ kind: 'string', minLength: ${t.minLength}, maxLength: ${t.maxLength ?? 'null'} }`;
    case 'binary':
      return `{ kind: 'binary', encoding: '${t.encoding}', minLength: ${t.minLength}, maxLength: ${t.maxLength ?? 'null'} }`;
  }
}
