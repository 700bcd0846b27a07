/**
 * V2GTP over TCP is a byte stream: a message may arrive split across segments or several may arrive in one. The
 * reassembler takes segments as they come and returns the complete messages, checking each header as soon as its
 * 8 bytes are there, so a bad header is reported before any payload is buffered for it (the receiver then closes
 * that connection, ISO 15118-2 §7.8.3.2). Memory is bounded by the configured maximum payload length.
 */
import { parseV2gtpHeader, V2GTP_HEADER_LENGTH, type V2gtpFrame, type V2gtpHeader, type V2gtpParseOptions } from './header.js';

export class V2gtpReassembler {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private header: V2gtpHeader | undefined;
  /** Offset of the next message's first byte in the stream, for error offsets that point into the connection. */
  private streamOffset = 0;

  constructor(private readonly options: V2gtpParseOptions = {}) {}

  /** Adds a segment; returns every message it completes. Throws V2gtpError on a bad header. */
  push(segment: Uint8Array): V2gtpFrame[] {
    if (segment.length) {
      this.chunks.push(segment);
      this.buffered += segment.length;
    }
    const frames: V2gtpFrame[] = [];
    for (;;) {
      if (!this.header) {
        if (this.buffered < V2GTP_HEADER_LENGTH) return frames;
        this.header = parseV2gtpHeader(this.peek(V2GTP_HEADER_LENGTH), this.options);
      }
      const total = V2GTP_HEADER_LENGTH + this.header.payloadLength;
      if (this.buffered < total) return frames;
      const frame = this.take(total);
      frames.push({ payloadType: this.header.payloadType, payload: frame.subarray(V2GTP_HEADER_LENGTH) });
      this.streamOffset += total;
      this.header = undefined;
    }
  }

  /** Bytes held for an incomplete message (0 between messages): a peer that stops mid-message leaves some. */
  get pending(): number {
    return this.buffered;
  }

  /** Where in the connection's byte stream the message being assembled starts. */
  get offset(): number {
    return this.streamOffset;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (const c of this.chunks) {
      const part = Math.min(c.length, n - filled);
      out.set(c.subarray(0, part), filled);
      filled += part;
      if (filled === n) break;
    }
    return out;
  }

  /** Removes the first `n` buffered bytes; a message within one segment is returned without copying. */
  private take(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const part = Math.min(c.length, n - filled);
      out.set(c.subarray(0, part), filled);
      filled += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    return out;
  }
}
