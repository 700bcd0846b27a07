import { SlacFrameError } from './slac-errors.js';
import { MAC_ADDRESS_LENGTH, type MacAddress } from './mac.js';

/** Ethernet II without FCS: 60 bytes minimum (shorter frames are zero-padded), 1514 maximum (IEEE 802.3 §3.2.7). */
export const MIN_FRAME_LENGTH = 60;
export const MAX_FRAME_LENGTH = 1514;

/**
 * Reads the fields of one frame in order. Every read is checked against the end of the frame before it happens and
 * names its field, so no length or count field can make the codec read past the frame or allocate more than the
 * frame holds, and every fault names the field and the byte where it starts. Byte strings are copies, so a parsed
 * message does not pin or alias the receive buffer.
 */
export class FieldReader {
  private pos: number;

  constructor(
    readonly messageType: string,
    private readonly frame: Uint8Array,
    offset: number,
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  /** Bytes from the current offset to the end of the frame (padding included). */
  get remaining(): number {
    return this.frame.length - this.pos;
  }

  fail(field: string, reason: string, offset = this.pos): never {
    throw new SlacFrameError(this.messageType, field, offset, reason);
  }

  /** Checks that `length` bytes of `field` are present at the current offset; returns where they start. */
  private take(field: string, length: number): number {
    const start = this.pos;
    if (length > this.remaining) {
      this.fail(field, `the frame ends at byte ${this.frame.length}, ${length} bytes are needed here`);
    }
    this.pos = start + length;
    return start;
  }

  /**
   * Checks that a count just read (at `countOffset`) describes bytes the frame actually holds, before anything is
   * sized from it.
   */
  expect(countField: string, countOffset: number, length: number): void {
    if (length > this.remaining) {
      this.fail(
        countField,
        `announces ${length} bytes, the frame holds only ${this.remaining} after it`,
        countOffset,
      );
    }
  }

  u8(field: string): number {
    return this.frame[this.take(field, 1)];
  }

  u16be(field: string): number {
    const at = this.take(field, 2);
    return (this.frame[at] << 8) | this.frame[at + 1];
  }

  u16le(field: string): number {
    const at = this.take(field, 2);
    return this.frame[at] | (this.frame[at + 1] << 8);
  }

  u32le(field: string): number {
    const at = this.take(field, 4);
    const f = this.frame;
    return (f[at] | (f[at + 1] << 8) | (f[at + 2] << 16) | (f[at + 3] << 24)) >>> 0;
  }

  bytes(field: string, length: number): Uint8Array {
    const at = this.take(field, length);
    return this.frame.slice(at, at + length);
  }

  mac(field: string): MacAddress {
    return this.bytes(field, MAC_ADDRESS_LENGTH);
  }

  /** Reserved octets: present in the layout, ignored on receipt, written as zero. */
  reserved(field: string, length: number): void {
    this.take(field, length);
  }
}

/**
 * Writes the fields of one frame in order, checking each value against its field's size, so a message that cannot
 * be represented fails with the field's name instead of being silently truncated.
 */
export class FieldWriter {
  private readonly buf = new Uint8Array(MAX_FRAME_LENGTH);
  private pos = 0;

  constructor(readonly messageType: string) {}

  get offset(): number {
    return this.pos;
  }

  fail(field: string, reason: string, offset = this.pos): never {
    throw new SlacFrameError(this.messageType, field, offset, reason);
  }

  private room(field: string, length: number): number {
    if (this.pos + length > MAX_FRAME_LENGTH) {
      this.fail(field, `does not fit in an Ethernet frame of ${MAX_FRAME_LENGTH} bytes`);
    }
    const at = this.pos;
    this.pos += length;
    return at;
  }

  private unsigned(field: string, value: number, bits: number): number {
    if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
      this.fail(field, `${value} is not an unsigned ${bits}-bit integer`);
    }
    return value;
  }

  u8(field: string, value: number): void {
    const v = this.unsigned(field, value, 8);
    this.buf[this.room(field, 1)] = v;
  }

  u16be(field: string, value: number): void {
    const v = this.unsigned(field, value, 16);
    const at = this.room(field, 2);
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  u16le(field: string, value: number): void {
    const v = this.unsigned(field, value, 16);
    const at = this.room(field, 2);
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = v >>> 8;
  }

  u32le(field: string, value: number): void {
    const v = this.unsigned(field, value, 32);
    const at = this.room(field, 4);
    for (let i = 0; i < 4; i++) this.buf[at + i] = (v >>> (8 * i)) & 0xff;
  }

  bytes(field: string, value: Uint8Array, length: number): void {
    if (value.length !== length) this.fail(field, `is ${value.length} bytes long, the layout has ${length}`);
    this.buf.set(value, this.room(field, length));
  }

  mac(field: string, value: MacAddress): void {
    this.bytes(field, value, MAC_ADDRESS_LENGTH);
  }

  reserved(field: string, length: number): void {
    this.room(field, length);
  }

  /** The frame, zero-padded to the Ethernet minimum unless `padding` is false. */
  finish(padding: boolean): Uint8Array {
    return this.buf.slice(0, padding ? Math.max(this.pos, MIN_FRAME_LENGTH) : this.pos);
  }
}
