/** Round-trip times collected during a window, summarised by nearest-rank percentiles. */
import type { LatencySummary } from './secc-bench-ipc.js';

export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private length = 0;

  add(ns: number): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = ns;
  }

  /** How many samples exceed `ns`. */
  countAbove(ns: number): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) if (this.samples[i]! > ns) count++;
    return count;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.length).sort();
    const rank = (q: number): number => (sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! / 1e6);
    return { count: sorted.length, p50Ms: rank(0.5), p99Ms: rank(0.99), maxMs: rank(1) };
  }
}
