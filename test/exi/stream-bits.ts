/**
 * Bit surgery on EXI streams, for building what our strict encoder refuses to write but a field encoder sends: a
 * value outside its facet, a string longer than its maxLength, a code one bit wider.
 */

const bitAt = (b: Uint8Array, i: number): number => (b[i >> 3] >> (7 - (i & 7))) & 1;

export function toBits(b: Uint8Array): number[] {
  return Array.from({ length: b.length * 8 }, (_, i) => bitAt(b, i));
}

/** Bits back to bytes, the last one zero-padded. */
export function fromBits(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((v, i) => (out[i >> 3] |= v << (7 - (i & 7))));
  return out;
}

/** `value` as `width` bits, most significant first. */
export function uintBits(value: number, width: number): number[] {
  return Array.from({ length: width }, (_, k) => (value >> (width - 1 - k)) & 1);
}

/** The first bit where two streams differ: where a field starts, given two documents that differ only in it. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const x = toBits(a);
  const y = toBits(b);
  const at = x.findIndex((v, i) => v !== y[i]);
  if (at < 0) throw new Error('the streams do not differ');
  return at;
}

/** The stream with `width` bits at `at` replaced by `value`. */
export function withBits(b: Uint8Array, at: number, width: number, value: number): Uint8Array {
  const bits = toBits(b);
  bits.splice(at, width, ...uintBits(value, width));
  return fromBits(bits);
}

/** The stream with `bits` inserted at bit `at`: what an event code one bit too wide looks like. */
export function insertBits(b: Uint8Array, at: number, bits: readonly number[]): Uint8Array {
  const all = toBits(b);
  all.splice(at, 0, ...bits);
  return fromBits(all);
}

/** The stream with the first occurrence of the bit pattern `from` replaced by `to` (of any length). */
export function replaceBits(b: Uint8Array, from: readonly number[], to: readonly number[]): Uint8Array {
  const bits = toBits(b);
  const at = bits.findIndex((_, i) => from.every((v, k) => bits[i + k] === v));
  if (at < 0) throw new Error('pattern not found in the stream');
  bits.splice(at, from.length, ...to);
  return fromBits(bits);
}

/** The bits of one octet-sized EXI Unsigned Integer (< 128) followed by `octets`, as strings and binaries are written. */
export function lengthThenOctets(length: number, octets: readonly number[]): number[] {
  return [...uintBits(length, 8), ...octets.flatMap((o) => uintBits(o, 8))];
}
