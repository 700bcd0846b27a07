/** The figures of `bench:secc` as a table, the failures under it, and the verdict against the standard's bar. */
import type { Tally } from './secc-bench-ipc.js';
import type { RunFigures } from './secc-run.js';

const fixed = (digits: number) => (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const whole = (n: number): string => Math.round(n).toLocaleString('en-US');
const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
/** Below this, one session's share of RSS and heap drowns in the allocator's and the JIT's own movements. */
const MEMORY_MIN_SESSIONS = 100;

/** How each link is named: TCP carries DIN and ISO-2, TLS 1.2 ISO-2, TLS 1.3 ISO 15118-20. */
const LINK_NAMES: Readonly<Record<RunFigures['link'], string>> = { tcp: 'TCP', 'tls1.2': 'TLS 1.2', 'tls1.3': 'TLS 1.3' };
const nameOf = (r: RunFigures): string => `N=${r.sessions} ${LINK_NAMES[r.link]} W=${r.workers}`;

function failed(tally: Tally): number {
  return Object.values(tally.failures).reduce((sum, n) => sum + n, 0);
}

export function failures(run: RunFigures): number {
  return failed(run.evcc) + failed(run.secc);
}

export function table(runs: readonly RunFigures[], barMs: number): string {
  const header = [
    'N', 'W', 'link', 'setup s', 'req/s', 'p50 ms', 'p99 ms', 'max ms', `p99≤${barMs}`, '>250ms', 'SECC CPU%', 'of it sys', 'CPU µs/rt', 'SECC lag p99',
    'EVCC CPU%', 'EVCC lag p99', 'host busy%', 'load', 'RSS KiB/s', 'heap KiB/s', 'failed',
  ];
  const rows = runs.map((r) => [
    whole(r.sessions),
    whole(r.workers),
    LINK_NAMES[r.link],
    fixed(1)(r.setupMs / 1000),
    whole(r.requestsPerSecond),
    fixed(2)(r.latency.p50Ms),
    fixed(2)(r.latency.p99Ms),
    fixed(1)(r.latency.maxMs),
    r.latency.p99Ms <= barMs ? 'yes' : 'NO',
    whole(r.overTimeout),
    fixed(1)(r.seccCpu),
    fixed(1)(r.seccSystemCpu),
    fixed(0)(cpuPerRoundTrip(r)),
    fixed(1)(r.seccLoopDelayP99Ms),
    fixed(1)(r.fleetCpu),
    fixed(1)(r.fleetLoopDelayP99Ms),
    fixed(0)(r.hostBusy),
    fixed(2)(r.loadAverage),
    r.sessions < MEMORY_MIN_SESSIONS ? '—' : kib(r.rssPerSession),
    r.sessions < MEMORY_MIN_SESSIONS ? '—' : kib(r.heapPerSession),
    `${failed(r.evcc)}/${failed(r.secc)}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Each distinct failure reason once, with its count, per run and side. */
export function failureLines(runs: readonly RunFigures[]): string[] {
  return runs.flatMap((r) =>
    (['evcc', 'secc'] as const).flatMap((side) =>
      Object.entries(r[side].failures).map(
        ([reason, count]) => `${nameOf(r)} ${side === 'evcc' ? 'EV side' : 'SECC side'}: ${count} × ${reason}`,
      ),
    ),
  );
}

/** The bar's runs (N = 1000 on TCP, N = 200 on TLS) that were measured, with any worker count, each met or missed. */
export function verdictLines(runs: readonly RunFigures[], barMs: number, barSessions: Readonly<Record<RunFigures['link'], number>>): string[] {
  return runs
    .filter((r) => r.sessions === barSessions[r.link])
    .map((r) => {
      const verdict = r.latency.p99Ms <= barMs && failures(r) === 0 ? 'MET' : 'MISSED';
      return `bar (p99 ≤ ${barMs} ms, no failure) at ${nameOf(r)}: ${verdict} (p99 ${fixed(2)(r.latency.p99Ms)} ms, ${failures(r)} failed)`;
    });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** SECC CPU per CurrentDemand round trip, µs: what a run's work cost, whatever its rate. */
function cpuPerRoundTrip(run: RunFigures): number {
  return (run.seccCpu / 100 / run.requestsPerSecond) * 1e6;
}

/**
 * Each configuration measured more than once, as a series: on a shared host one run's p99 moves with the neighbours'
 * load, so a verdict is only as good as the series behind it.
 */
export function seriesLines(runs: readonly RunFigures[], barMs: number): string[] {
  const series = new Map<string, RunFigures[]>();
  for (const run of runs) {
    const name = nameOf(run);
    series.set(name, [...(series.get(name) ?? []), run]);
  }
  return [...series].filter(([, same]) => same.length > 1).map(([name, same]) => {
    const p99s = same.map((r) => r.latency.p99Ms);
    const met = same.filter((r) => r.latency.p99Ms <= barMs && failures(r) === 0).length;
    const cpu = same.map(cpuPerRoundTrip);
    return (
      `series ${name}: p99 ${p99s.map(fixed(1)).join(', ')} ms; median ${fixed(1)(median(p99s))} ms; ` +
      `bar met in ${met} of ${same.length}; SECC CPU per round trip ${fixed(0)(Math.min(...cpu))}–${fixed(0)(Math.max(...cpu))} µs`
    );
  });
}
