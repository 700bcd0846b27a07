/**
 * One direction of a captured TCP connection put back in byte order. Captures hold retransmissions and, rarely,
 * segments out of order; V2GTP needs the exact byte stream. Memory is bounded: a gap that stays open past
 * MAX_PENDING_BYTES is reported and the stream resynchronises at the next segment, as a decoder of a lossy capture must.
 */
const MAX_PENDING_BYTES = 1 << 20;

export interface StreamChunk {
  readonly bytes?: Uint8Array;
  /** Set when bytes were lost: the V2GTP reassembler of this direction must start over. */
  readonly gap?: string;
}

export class TcpStream {
  private expected: number | undefined;
  private readonly pending = new Map<number, Uint8Array>();
  private pendingBytes = 0;

  /** A SYN fixes where data starts (its sequence number + 1). */
  syn(sequence: number): void {
    this.expected = (sequence + 1) >>> 0;
    this.pending.clear();
    this.pendingBytes = 0;
  }

  push(sequence: number, payload: Uint8Array): StreamChunk[] {
    if (!payload.length) return [];
    if (this.expected === undefined) this.expected = sequence;
    const out: StreamChunk[] = [];
    const ahead = distance(this.expected, sequence);
    if (ahead > 0) {
      this.pending.set(sequence, payload);
      this.pendingBytes += payload.length;
      if (this.pendingBytes > MAX_PENDING_BYTES) {
        out.push({ gap: `${this.pendingBytes} bytes wait behind a hole at sequence ${this.expected}` });
        this.resynchronise();
        return this.drain(out);
      }
      return out;
    }
    this.accept(sequence, payload, out);
    return this.drain(out);
  }

  private accept(sequence: number, payload: Uint8Array, out: StreamChunk[]): void {
    const expected = this.expected ?? sequence;
    const already = distance(sequence, expected);
    if (already >= payload.length) return;
    out.push({ bytes: payload.subarray(already) });
    this.expected = (expected + payload.length - already) >>> 0;
  }

  private drain(out: StreamChunk[]): StreamChunk[] {
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [sequence, payload] of this.pending) {
        if (distance(this.expected ?? sequence, sequence) > 0) continue;
        this.pending.delete(sequence);
        this.pendingBytes -= payload.length;
        this.accept(sequence, payload, out);
        progressed = true;
      }
    }
    return out;
  }

  private resynchronise(): void {
    let lowest: number | undefined;
    for (const sequence of this.pending.keys()) {
      if (lowest === undefined || distance(sequence, lowest) < 0) lowest = sequence;
    }
    this.expected = lowest;
  }
}

/** `to - from` on the 32-bit sequence circle, as a signed number. */
function distance(from: number, to: number): number {
  return ((to - from) << 0) | 0;
}
