/**
 * What else the machine was doing while a figure was taken: the load average, and how busy all cores were over an
 * interval (Linux /proc/stat), as a percentage of one core so it adds up with per-process CPU figures.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** The aggregate `cpu` line of /proc/stat; undefined where there is none (not Linux). */
export function hostCpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [label, ...fields] = line.trim().split(/\s+/);
    if (label !== 'cpu') return undefined;
    const ticks = fields.map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    // idle and iowait are the 4th and 5th fields.
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** Busy share of all cores between two readings, as % of one core (2 cores fully busy: 200). */
export function hostBusyPercent(from: CpuTimes | undefined, to: CpuTimes | undefined): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return ((to.busy - from.busy) / (to.total - from.total)) * cpus().length * 100;
}

export function loadAverage(): number {
  return loadavg()[0]!;
}
