import { ExiError, type ExiWarning } from './exi-errors.js';
import { ElementPath } from './path.js';
import { unknownLiteral, type Quirk } from './options.js';

const MAX_SAFE_GROUPS = 8; // 8 x 7 bits = 56 bits: beyond this a number-typed value cannot be exact

/**
 * Bit-packed EXI input. Every read is bounds-checked against the stream, so no length field can make the decoder
 * read past the end or allocate more than the input could hold.
 */
export class BitReader {
  readonly path = new ElementPath();
  readonly warnings: ExiWarning[] = [];
  private pos = 0;
  private readonly limit: number;
  /** Values outside their XSD facets are read with a warning instead of failing (options.ts `outOfFacet`). */
  private readonly facetsLenient: boolean;
  /** Created at the first choice point of a grammar quirk (options.ts GRAMMAR_QUIRKS), as few streams reach one. */
  private reached: Quirk[] | undefined;
  /** String table (EXI §7.3): filled lazily, only when a stream contains strings. */
  private globalValues: string[] | undefined;
  private localValues: Map<string, string[]> | undefined;

  constructor(
    readonly schema: string,
    private readonly buf: Uint8Array,
    private readonly quirks: ReadonlySet<Quirk> = NO_QUIRKS,
  ) {
    this.limit = buf.length * 8;
    this.facetsLenient = quirks.has('outOfFacet');
  }

  get bitOffset(): number {
    return this.pos;
  }

  has(quirk: Quirk): boolean {
    return this.quirks.has(quirk);
  }

  /** Grammar quirks at whose choice point the stream arrived, tolerated or not. */
  get grammarQuirksReached(): readonly Quirk[] {
    return this.reached ?? NO_QUIRKS_REACHED;
  }

  /** Whether the content from here on is read in the quirk's grammar instead of the XSD's. */
  quirkGrammar(quirk: Quirk): boolean {
    const reached = (this.reached ??= []);
    if (!reached.includes(quirk)) reached.push(quirk);
    if (!this.quirks.has(quirk)) return false;
    this.warn(`the stream does not decode in the XSD's grammar; content from here read in the quirk's (tolerated: ${quirk})`, quirk);
    return true;
  }

  warn(message: string, quirk?: Quirk, bitOffset = this.pos): void {
    const path = this.path.toString();
    this.warnings.push(quirk ? { bitOffset, path, message, quirk } : { bitOffset, path, message });
  }

  /** A value the representation carries but a facet of its XSD type excludes: an error, or tolerated with a warning. */
  private outOfFacet(reason: string, at: number): void {
    if (!this.facetsLenient) this.fail(reason, at);
    this.warn(`${reason} (tolerated: outOfFacet)`, 'outOfFacet', at);
  }

  fail(reason: string, bitOffset = this.pos): never {
    throw new ExiError(this.schema, bitOffset, this.path.toString(), reason);
  }

  /** Reads `n` bits (1 ≤ n ≤ 24), most significant first. */
  bits(n: number): number {
    const p = this.pos;
    const end = p + n;
    if (end > this.limit) this.fail(`unexpected end of stream (needs ${n} more bits)`);
    this.pos = end;
    const buf = this.buf;
    const i = p >>> 3;
    if (i + 4 <= buf.length) {
      const w = (buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3];
      return (w << (p & 7)) >>> (32 - n);
    }
    let v = 0;
    for (let q = p; q < end; q++) v = (v << 1) | ((buf[q >>> 3] >>> (7 - (q & 7))) & 1);
    return v;
  }

  /** An event code of a state with a single declared production: anything but 0 is a deviation we do not decode. */
  code0(width: number, what: string): void {
    if (this.bits(width) !== 0) this.deviation(what);
  }

  deviation(what: string, bitOffset = this.pos): never {
    this.fail(`undeclared event (second-level event code, e.g. xsi:type, xsi:nil or an unknown element) where ${what} was expected`, bitOffset);
  }

  uint(): number {
    let v = 0;
    let mul = 1;
    for (let g = 0; ; g++) {
      const b = this.bits(8);
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      if (g + 1 >= MAX_SAFE_GROUPS) this.fail('unsigned integer too large for its type');
      mul *= 0x80;
    }
  }

  biguint(maxGroups: number): bigint {
    let v = 0n;
    let shift = 0n;
    for (let g = 0; ; g++) {
      const b = this.bits(8);
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v;
      if (g + 1 >= maxGroups) this.fail('unsigned integer too large for its type');
      shift += 7n;
    }
  }

  int(): number {
    return this.bits(1) === 0 ? this.uint() : -this.uint() - 1;
  }

  bigint(maxGroups: number): bigint {
    return this.bits(1) === 0 ? this.biguint(maxGroups) : -this.biguint(maxGroups) - 1n;
  }

  /** hexBinary / base64Binary: the length is checked against what the stream still holds, so it bounds allocation. */
  binary(): Uint8Array {
    const at = this.pos;
    const n = this.uint();
    if (this.pos + n * 8 > this.limit) this.fail(`binary length ${n} exceeds the rest of the stream`, at);
    if ((this.pos & 7) === 0) {
      const i = this.pos >>> 3;
      this.pos += n * 8;
      return this.buf.slice(i, i + n);
    }
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = this.bits(8);
    return out;
  }

  /** A binary value of an element or attribute: the length facet is checked after the stream bound, which comes first. */
  binaryIn(maxLength: number): Uint8Array {
    const at = this.pos;
    const b = this.binary();
    if (b.length > maxLength) this.outOfFacet(`binary length ${b.length} exceeds maxLength ${maxLength}`, at);
    return b;
  }

  /**
   * A string value (§7.3.3): 0 = local value hit, 1 = global value hit, otherwise a literal of length - 2 code
   * points. The field's codecs never write hits, but conforming encoders do, so we read them.
   */
  string(key: string, maxLength: number): string {
    const at = this.pos;
    const n = this.uint();
    if (n === 0) {
      const local = this.localValues?.get(key);
      if (!local || local.length === 0) this.fail('local string table hit with an empty partition', at);
      return local[local.length === 1 ? 0 : this.index(local.length, at)];
    }
    if (n === 1) {
      const global = this.globalValues;
      if (!global || global.length === 0) this.fail('global string table hit with an empty table', at);
      return global[global.length === 1 ? 0 : this.index(global.length, at)];
    }
    const len = n - 2;
    if (this.pos + len * 8 > this.limit) this.fail(`string length ${len} exceeds the rest of the stream`, at);
    if (len > maxLength) this.outOfFacet(`string length ${len} exceeds maxLength ${maxLength}`, at);
    let s = '';
    for (let k = 0; k < len; k++) {
      const b = this.bits(8);
      if (b < 0x80) s += String.fromCharCode(b);
      else {
        this.pos -= 8;
        const cp = this.uint();
        if (cp > 0x10ffff) this.fail(`code point ${cp} out of range`, at);
        s += String.fromCodePoint(cp);
      }
    }
    if (len > 0) this.remember(key, s);
    return s;
  }

  /**
   * The EXI header as the V2G standards use it (EXI 1.0 §5): distinguishing bits 10, no options, final version 1,
   * i.e. exactly 0x80, with the schema implied by the supportedAppProtocol handshake.
   */
  header(): void {
    const h = this.bits(8);
    if (h !== 0x80) this.fail(`EXI header 0x${h.toString(16).padStart(2, '0')} is not 0x80 (no cookie, no options, version 1)`, 0);
  }

  // Checked readers used by the generated code: every value is checked against its XSD type.

  nbit(n: number, min: number, max: number): number {
    const at = this.pos;
    const v = this.bits(n) + min;
    if (v > max) this.outOfFacet(`value ${v} outside ${min}..${max}`, at);
    return v;
  }

  uintIn(min: number, max: number): number {
    const at = this.pos;
    const v = this.uint();
    if (v < min || v > max) this.outOfFacet(`value ${v} outside ${min}..${max}`, at);
    return v;
  }

  intIn(min: number | null, max: number | null): number {
    const at = this.pos;
    const v = this.int();
    if ((min !== null && v < min) || (max !== null && v > max)) this.outOfFacet(`value ${v} outside ${min}..${max}`, at);
    return v;
  }

  biguintIn(min: bigint, max: bigint | null, maxGroups: number): bigint {
    const at = this.pos;
    const v = this.biguint(maxGroups);
    if (v < min || (max !== null && v > max)) this.outOfFacet(`value ${v} outside ${min}..${max ?? '∞'}`, at);
    return v;
  }

  bigintIn(min: bigint | null, max: bigint | null, maxGroups: number): bigint {
    const at = this.pos;
    const v = this.bigint(maxGroups);
    if ((min !== null && v < min) || (max !== null && v > max)) this.outOfFacet(`value ${v} outside ${min ?? '-∞'}..${max ?? '∞'}`, at);
    return v;
  }

  /** The literal at the n-bit index; an index past the last literal, where the width holds one, is `#<index>`. */
  enumeration<L extends string>(n: number, literals: readonly L[]): L {
    const at = this.pos;
    const i = this.bits(n);
    if (i < literals.length) return literals[i];
    this.outOfFacet(`enumeration index ${i} outside 0..${literals.length - 1}`, at);
    // The document's type names the XSD's literals; an unknown index is delivered as a string that is none of them.
    return unknownLiteral(i) as L;
  }

  /** After the document: the rest of the last byte must be zero, and so must any trailing bytes (with a warning). */
  end(): void {
    const rest = (8 - (this.pos & 7)) & 7;
    if (rest > 0 && this.bits(rest) !== 0) {
      if (!this.has('nonZeroPadding')) this.fail('non-zero padding bits after the end of the document');
      this.warn('non-zero padding bits after the end of the document (tolerated: nonZeroPadding)');
    }
    const from = this.pos >>> 3;
    if (from >= this.buf.length) return;
    for (let i = from; i < this.buf.length; i++) {
      if (this.buf[i] !== 0) this.fail(`${this.buf.length - from} bytes of trailing data after the end of the document`);
    }
    this.warn(`${this.buf.length - from} zero bytes of padding after the end of the document`);
  }

  private index(count: number, at: number): number {
    const i = this.bits(32 - Math.clz32(count - 1));
    if (i >= count) this.fail(`string table index ${i} out of range (${count} entries)`, at);
    return i;
  }

  private remember(key: string, s: string): void {
    (this.globalValues ??= []).push(s);
    const local = (this.localValues ??= new Map());
    const partition = local.get(key);
    if (partition) partition.push(s);
    else local.set(key, [s]);
  }
}

const NO_QUIRKS: ReadonlySet<Quirk> = new Set();
const NO_QUIRKS_REACHED: readonly Quirk[] = [];
