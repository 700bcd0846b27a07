/**
 * The scripted EVCC's side of a connection: one request out, its answer back, timed from the write to the moment the
 * answer's last byte was read (process.hrtime), without the V2G channel's machinery. A bad V2GTP header, an answer
 * nobody asked for, the SECC closing or no answer in time fails the exchange waiting and every later one.
 */
import type { Subscription } from 'rxjs';
import { V2gtpReassembler } from '../codecs/v2gtp/index.js';
import type { Connection } from '../transport/connection-port.js';

export interface Answer {
  readonly payload: Uint8Array;
  /** From the write of the request to the read of the answer's last byte, ns. */
  readonly ns: number;
}

interface Waiting {
  readonly sentAt: bigint;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class V2gtpLink {
  private readonly reassembler = new V2gtpReassembler();
  private readonly input: Subscription;
  private waiting: Waiting | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly timeoutMs: number,
  ) {
    this.input = connection.data$.subscribe({
      next: (segment) => this.receive(segment),
      error: (error: unknown) => this.fail(new Error(`connection lost: ${error instanceof Error ? error.message : String(error)}`)),
      complete: () => this.fail(new Error('the SECC closed the connection')),
    });
  }

  exchange(frame: Uint8Array): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('a request is still waiting for its answer'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiting = { sentAt: process.hrtime.bigint(), resolve, reject, timer };
      this.connection.write(frame);
    });
  }

  close(): void {
    this.input.unsubscribe();
    this.connection.close();
    this.fail(new Error('closed by the EVCC'));
  }

  private receive(segment: Uint8Array): void {
    const readAt = process.hrtime.bigint();
    let frames;
    try {
      frames = this.reassembler.push(segment);
    } catch (error) {
      this.fail(new Error(`bad V2GTP header from the SECC: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    for (const frame of frames) {
      const waiting = this.waiting;
      if (!waiting) {
        this.fail(new Error('the SECC sent a message nobody asked for'));
        return;
      }
      this.waiting = undefined;
      clearTimeout(waiting.timer);
      waiting.resolve({ payload: frame.payload, ns: Number(readAt - waiting.sentAt) });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    waiting.reject(this.failure);
  }
}
