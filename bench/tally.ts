/** Counts how sessions ended, keeping each distinct failure reason once with its count (a thousand alike read as one). */
import type { Tally } from './secc-bench-ipc.js';

export class TallyCounter {
  private ok = 0;
  private readonly failures: Record<string, number> = {};

  succeeded(): void {
    this.ok++;
  }

  failed(reason: string): void {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }

  /** Another group's counts: a station's sessions counted in each of its processes. */
  add(other: Tally): void {
    this.ok += other.ok;
    for (const [reason, count] of Object.entries(other.failures)) this.failures[reason] = (this.failures[reason] ?? 0) + count;
  }

  get failedCount(): number {
    return Object.values(this.failures).reduce((sum, n) => sum + n, 0);
  }

  tally(): Tally {
    return { ok: this.ok, failures: { ...this.failures } };
  }
}
