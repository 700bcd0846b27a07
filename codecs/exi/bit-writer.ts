import { ExiError } from './errors.js';
import { ElementPath } from './path.js';

/**
 * Bit-packed EXI output (EXI 1.0 §7, alignment "bit-packed" as the V2G standards use it): fields are written MSB
 * first, whole fields at a time through a small accumulator, never byte-aligned.
 */
export class BitWriter {
  readonly path = new ElementPath();
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private nacc = 0;

  constructor(
    public schema: string,
    initialSize = 512,
  ) {
    this.buf = new Uint8Array(initialSize);
  }

  reset(schema: string): void {
    this.schema = schema;
    this.pos = 0;
    this.acc = 0;
    this.nacc = 0;
    this.path.reset();
  }

  get bitOffset(): number {
    return this.pos * 8 + this.nacc;
  }

  fail(reason: string): never {
    throw new ExiError(this.schema, this.bitOffset, this.path.toString(), reason);
  }

  /** Writes the low `n` bits of `v` (n ≤ 24). */
  bits(n: number, v: number): void {
    let nacc = this.nacc + n;
    let acc = (this.acc << n) | v;
    if (nacc >= 8) {
      if (this.pos + 4 > this.buf.length) this.grow(4);
      const buf = this.buf;
      do {
        nacc -= 8;
        buf[this.pos++] = acc >>> nacc;
      } while (nacc >= 8);
      acc &= (1 << nacc) - 1;
    }
    this.acc = acc;
    this.nacc = nacc;
  }

  /** EXI Unsigned Integer (§7.1.6): 7-bit groups, least significant first, high bit set on all but the last. */
  uint(v: number): void {
    while (v >= 0x80) {
      this.bits(8, 0x80 | (v % 0x80));
      v = Math.floor(v / 0x80);
    }
    this.bits(8, v);
  }

  biguint(v: bigint): void {
    while (v >= 0x80n) {
      this.bits(8, 0x80 | Number(v & 0x7fn));
      v >>= 7n;
    }
    this.bits(8, Number(v));
  }

  /** EXI Integer (§7.1.5): a sign bit, then the magnitude as Unsigned Integer (-v-1 for negative values). */
  int(v: number): void {
    if (v < 0) {
      this.bits(1, 1);
      this.uint(-v - 1);
    } else {
      this.bits(1, 0);
      this.uint(v);
    }
  }

  bigint(v: bigint): void {
    if (v < 0n) {
      this.bits(1, 1);
      this.biguint(-v - 1n);
    } else {
      this.bits(1, 0);
      this.biguint(v);
    }
  }

  /** hexBinary / base64Binary (§7.1.1): length as Unsigned Integer, then the octets. */
  binary(b: Uint8Array): void {
    const n = b.length;
    this.uint(n);
    if (this.pos + n + 4 > this.buf.length) this.grow(n + 4);
    if (this.nacc === 0) {
      this.buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    const shift = this.nacc;
    let acc = this.acc;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      acc = (acc << 8) | b[i];
      buf[pos++] = acc >>> shift;
      acc &= (1 << shift) - 1;
    }
    this.acc = acc;
    this.pos = pos;
  }

  /**
   * A string value as a string-table miss (§7.3.3): length + 2, then each code point as Unsigned Integer. Table hits
   * are never written, as the field's codecs do, so our bytes equal theirs.
   */
  string(s: string): void {
    let ascii = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.uint(s.length + 2);
      for (let i = 0; i < s.length; i++) this.bits(8, s.charCodeAt(i));
      return;
    }
    const cps = Array.from(s, (c) => c.codePointAt(0) as number);
    this.uint(cps.length + 2);
    for (const cp of cps) this.uint(cp);
  }

  /** Pads the last byte with zeros and returns a copy of the stream. */
  finish(): Uint8Array {
    if (this.nacc > 0) this.bits(8 - this.nacc, 0);
    return this.buf.slice(0, this.pos);
  }

  private grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra + 64));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}
