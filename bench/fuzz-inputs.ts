/**
 * The fuzzer's input stream for one schema: mostly reference vectors with a few structural mutations (they keep the
 * header and early grammar intact, so the decoder gets deep before it meets damage), and some pure random byte
 * strings (they exercise the header and first event codes). Mutations copy before they write, so the corpus stays
 * intact; each input is dropped after use, so a million-input run holds no more memory than a short one.
 */
import type { Prng } from '../test/shared/prng.js';

const MAX_RANDOM_LENGTH = 512;
/** Distinguishing bits `10`, no options, no cookie: the only header the V2G standards use. */
const EXI_HEADER = 0x80;
/** Splicing and extension can compound; the cap keeps one input bounded even when the corpus holds 16 KiB vectors. */
const MAX_INPUT_LENGTH = 64 * 1024;
/** Rounds per input fall off geometrically: one mutation keeps most documents decodable, stacked ones dig further. */
const MAX_MUTATIONS = 4;
/** Values that sit on boundaries of EXI's unsigned-integer continuation bit and of event-code widths. */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff];

type Mutation = (input: Uint8Array) => Uint8Array;

export class InputGenerator {
  private readonly mutations: readonly Mutation[] = [
    (input) => this.flipBits(input),
    (input) => this.replaceBytes(input),
    (input) => this.truncate(input),
    (input) => this.extend(input),
    (input) => this.splice(input),
    (input) => this.zeroRange(input),
  ];

  constructor(
    private readonly corpus: readonly Uint8Array[],
    private readonly prng: Prng,
  ) {}

  next(): Uint8Array {
    if (this.corpus.length === 0 || this.prng.below(8) === 0) return this.random();
    let input = this.pick();
    let rounds = 1;
    while (rounds < MAX_MUTATIONS && this.prng.below(2) === 0) rounds++;
    for (let r = 0; r < rounds; r++) input = this.mutations[this.prng.below(this.mutations.length)]!(input);
    return input.length > MAX_INPUT_LENGTH ? input.subarray(0, MAX_INPUT_LENGTH) : input;
  }

  /** Half of them start with the `80` header every V2G stream has, so random bits also reach the first grammar. */
  private random(): Uint8Array {
    const bytes = new Uint8Array(this.prng.between(0, MAX_RANDOM_LENGTH));
    this.prng.fill(bytes);
    if (bytes.length > 0 && this.prng.below(2) === 0) bytes[0] = EXI_HEADER;
    return bytes;
  }

  private pick(): Uint8Array {
    return this.corpus[this.prng.below(this.corpus.length)]!;
  }

  private flipBits(input: Uint8Array): Uint8Array {
    if (input.length === 0) return input;
    const out = input.slice();
    const flips = this.prng.between(1, 8);
    for (let i = 0; i < flips; i++) out[this.prng.below(out.length)]! ^= 1 << this.prng.below(8);
    return out;
  }

  private replaceBytes(input: Uint8Array): Uint8Array {
    if (input.length === 0) return input;
    const out = input.slice();
    const replacements = this.prng.between(1, 4);
    for (let i = 0; i < replacements; i++) {
      out[this.prng.below(out.length)] =
        this.prng.below(2) === 0 ? INTERESTING_BYTES[this.prng.below(INTERESTING_BYTES.length)]! : this.prng.below(256);
    }
    return out;
  }

  private truncate(input: Uint8Array): Uint8Array {
    return input.subarray(0, this.prng.below(input.length + 1));
  }

  private extend(input: Uint8Array): Uint8Array {
    const out = new Uint8Array(input.length + this.prng.between(1, 64));
    out.set(input);
    this.prng.fill(out, input.length);
    return out;
  }

  /** A prefix of this input joined to a suffix of another vector of the same schema. */
  private splice(input: Uint8Array): Uint8Array {
    const other = this.pick();
    const head = input.subarray(0, this.prng.below(input.length + 1));
    const tail = other.subarray(this.prng.below(other.length + 1));
    const out = new Uint8Array(head.length + tail.length);
    out.set(head);
    out.set(tail, head.length);
    return out;
  }

  private zeroRange(input: Uint8Array): Uint8Array {
    if (input.length === 0) return input;
    const out = input.slice();
    const start = this.prng.below(out.length);
    out.fill(0, start, start + this.prng.between(1, 16));
    return out;
  }
}
