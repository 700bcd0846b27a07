/**
 * Log lines that a peer can provoke at will (a malformed datagram, a connection refused at a limit): written in full
 * while they are rare, summed up while they flood, so a flood can neither fill the disk nor bury the lines that
 * matter. The first line of a burst is written at once; those after it within the interval are counted, and when the
 * interval ends one line says how many there were and shows the last. The clock is injected, so tests step it.
 */
import { systemClock, type Clock } from '../../base/clock.js';

export interface RateLimitedLogOptions {
  /** At most one full line and one summary line per interval; default 10 s. */
  readonly intervalMs?: number;
  readonly clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
}

export const DEFAULT_LOG_INTERVAL_MS = 10_000;

export class RateLimitedLog {
  private readonly intervalMs: number;
  private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  private timer: unknown;
  private held = 0;
  private last = '';

  constructor(
    private readonly log: (line: string) => void,
    options: RateLimitedLogOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_LOG_INTERVAL_MS;
    if (!(this.intervalMs > 0)) throw new RangeError(`the log interval must be positive, got ${this.intervalMs} ms`);
    this.clock = options.clock ?? systemClock;
  }

  write(line: string): void {
    if (this.timer === undefined) {
      this.log(line);
      this.startInterval();
      return;
    }
    this.held++;
    this.last = line;
  }

  /** Writes the summary of what is held and stops the interval's timer (on shutdown). */
  close(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.summarise();
  }

  private startInterval(): void {
    this.timer = this.clock.setTimeout(() => this.intervalEnded(), this.intervalMs);
    // A pending summary must not keep a process alive that has nothing else to do.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private intervalEnded(): void {
    this.timer = undefined;
    // While the flood goes on, each interval ends with one summary; once it stops, the next line is written at once.
    if (this.summarise()) this.startInterval();
  }

  private summarise(): boolean {
    if (this.held === 0) return false;
    const seconds = this.intervalMs / 1000;
    this.log(`${this.held} more like it within ${seconds} s, the last: ${this.last}`);
    this.held = 0;
    this.last = '';
    return true;
  }
}
