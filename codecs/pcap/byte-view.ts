import { PcapError } from './pcap-errors.js';

/**
 * Bounds-checked reads from a capture file in the byte order of the current file or section. Every read first checks
 * that the bytes exist, so no length in the file can make the reader look past its end.
 */
export class ByteView {
  private readonly view: DataView;
  littleEndian = true;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  need(field: string, at: number, length: number): void {
    if (at + length > this.bytes.length) {
      throw new PcapError(field, at, `the file ends at byte ${this.bytes.length}, ${length} bytes are needed here`);
    }
  }

  u16(field: string, at: number): number {
    this.need(field, at, 2);
    return this.view.getUint16(at, this.littleEndian);
  }

  u32(field: string, at: number): number {
    this.need(field, at, 4);
    return this.view.getUint32(at, this.littleEndian);
  }

  /** A 64-bit value stored as two 32-bit halves, high first (pcapng timestamps). */
  u64Split(field: string, at: number): bigint {
    return (BigInt(this.u32(field, at)) << 32n) | BigInt(this.u32(field, at + 4));
  }

  i64(field: string, at: number): bigint {
    this.need(field, at, 8);
    return this.view.getBigInt64(at, this.littleEndian);
  }

  /** A view (not a copy) of `length` bytes. */
  slice(field: string, at: number, length: number): Uint8Array {
    this.need(field, at, length);
    return this.bytes.subarray(at, at + length);
  }
}
