import { ExiError } from './exi-errors.js';
import { ElementPath } from './path.js';
import type { EncodeQuirk } from './options.js';

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
  private quirks: ReadonlySet<EncodeQuirk> = NO_QUIRKS;

  constructor(
    public schema: string,
    initialSize = 512,
  ) {
    this.buf = new Uint8Array(initialSize);
  }

  reset(schema: string, quirks: ReadonlySet<EncodeQuirk> = NO_QUIRKS): void {
    this.schema = schema;
    this.quirks = quirks;
    this.pos = 0;
    this.acc = 0;
    this.nacc = 0;
    this.path.reset();
  }

  get bitOffset(): number {
    return this.pos * 8 + this.nacc;
  }

  /** Whether the content from here on is written in the quirk's grammar instead of the XSD's. */
  quirkGrammar(quirk: EncodeQuirk): boolean {
    return this.quirks.has(quirk);
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

  /** The one key of a document object: the root element's local name. */
  rootKey(doc: unknown): string {
    if (typeof doc !== 'object' || doc === null) this.fail(`expected a document object, got ${describe(doc)}`);
    const keys = Object.keys(doc);
    if (keys.length !== 1) this.fail(`a document has exactly one root element, got ${keys.length} keys`);
    return keys[0];
  }

  /** Element content must be an object (the generated encoder tests that inline), whose keys are its type's fields. */
  notContent(v: unknown): never {
    this.fail(`expected element content (an object), got ${describe(v)}`);
  }

  /** A misspelt optional field would otherwise vanish from the message without a word (the JSON convention). */
  unknownField(key: string, type: string): never {
    this.fail(`${key} is not a field of ${type}`);
  }

  // Checked writers used by the generated code: a document that breaks its schema is an ExiError, never bad bytes.

  boolean(v: unknown): void {
    if (typeof v !== 'boolean') this.fail(`expected a boolean, got ${describe(v)}`);
    this.bits(1, v ? 1 : 0);
  }

  /** A bounded integer whose range is below 4096 values: an n-bit offset from the minimum (EXI 1.0 §7.1.9). */
  nbit(n: number, v: unknown, min: number, max: number): void {
    this.checkInteger(v, min, max);
    this.bits(n, (v as number) - min);
  }

  uintIn(v: unknown, min: number, max: number): void {
    this.checkInteger(v, min, max);
    this.uint(v as number);
  }

  intIn(v: unknown, min: number | null, max: number | null): void {
    this.checkInteger(v, min ?? -Number.MAX_SAFE_INTEGER, max ?? Number.MAX_SAFE_INTEGER);
    this.int(v as number);
  }

  biguintIn(v: unknown, min: bigint, max: bigint | null): void {
    this.biguint(this.checkBig(v, min, max));
  }

  bigintIn(v: unknown, min: bigint | null, max: bigint | null): void {
    this.bigint(this.checkBig(v, min, max));
  }

  enumeration(n: number, index: ReadonlyMap<unknown, number>, v: unknown): void {
    const i = index.get(v);
    if (i === undefined) this.fail(`${describe(v)} is not one of ${[...index.keys()].join(', ')}`);
    this.bits(n, i);
  }

  stringIn(v: unknown, maxLength: number): void {
    if (typeof v !== 'string') this.fail(`expected a string, got ${describe(v)}`);
    if (v.length > maxLength && [...v].length > maxLength) this.fail(`string length ${[...v].length} exceeds maxLength ${maxLength}`);
    this.string(v);
  }

  binaryIn(v: unknown, maxLength: number): void {
    if (!(v instanceof Uint8Array)) this.fail(`expected binary data (Uint8Array), got ${describe(v)}`);
    if (v.length > maxLength) this.fail(`binary length ${v.length} exceeds maxLength ${maxLength}`);
    this.binary(v);
  }

  /** `shrunk`: the field C codec's size of an array the XSD leaves unbounded (cbv2g-arrays.ts), checked on request. */
  arrayIn(v: unknown, key: string, maxOccurs: number, shrunk = maxOccurs): void {
    if (!Array.isArray(v)) this.fail(`${key}: expected an array, got ${describe(v)}`);
    if (v.length > maxOccurs) this.fail(`${key}: ${v.length} entries exceed maxOccurs ${maxOccurs}`);
    if (v.length > shrunk && this.quirks.has('cbv2gShrunkArrays')) {
      this.fail(`${key}: ${v.length} entries exceed ${shrunk}, the size libcbv2g decodes (cbv2gShrunkArrays)`);
    }
  }

  private checkInteger(v: unknown, min: number, max: number): void {
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`expected an integer, got ${describe(v)}`);
    if (v < min || v > max) this.fail(`${v} outside ${min}..${max}`);
  }

  private checkBig(v: unknown, min: bigint | null, max: bigint | null): bigint {
    const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
    if (b === undefined) this.fail(`expected an integer (bigint), got ${describe(v)}`);
    if ((min !== null && b < min) || (max !== null && b > max)) this.fail(`${b} outside ${min ?? '-∞'}..${max ?? '∞'}`);
    return b;
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

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : v instanceof Uint8Array ? 'binary data' : 'an object';
  return `${typeof v} ${String(v)}`;
}

const NO_QUIRKS: ReadonlySet<EncodeQuirk> = new Set();
