/**
 * How the bench turns an operation into figures: median wall time per call, and heap bytes allocated per call.
 *
 * Time: warm-up until the JIT has settled, then several runs of a fixed iteration count sized to last about the
 * requested run time; the median run is reported so one run disturbed by another process on a shared machine does not
 * move the figure.
 *
 * Allocation: Node 20 exposes no cumulative allocation counter, so we count what a batch leaves on the heap. With
 * `--expose-gc`, `gc()` empties the young generation, then a batch small enough to fit in it (about 256 KiB of
 * garbage) runs without a scavenge, and the growth of `heapUsed` plus `arrayBuffers` (typed-array backing stores live
 * outside the V8 heap) is exactly what the batch allocated. A `PerformanceObserver` on 'gc' entries proves that no
 * collection fell inside the batch; a batch with one is discarded and repeated. The cost of reading the counters is
 * measured with an empty operation and subtracted.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface TimingPlan {
  readonly runs: number;
  readonly runSeconds: number;
  readonly warmupSeconds: number;
}

/** Results land here so the optimiser cannot prove an operation's result unused. */
const sink: { value: unknown } = { value: undefined };

function batchNs(op: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink.value = op();
  return Number(process.hrtime.bigint() - start);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function medianNsPerOp(op: () => unknown, plan: TimingPlan): number {
  let iterations = 1;
  let spent = 0;
  let perOp = 0;
  while (spent < plan.warmupSeconds * 1e9) {
    const ns = batchNs(op, iterations);
    spent += ns;
    perOp = ns / iterations;
    if (ns < 10e6) iterations *= 2;
  }
  const perRun = Math.max(1, Math.round((plan.runSeconds * 1e9) / perOp));
  const runs: number[] = [];
  for (let r = 0; r < plan.runs; r++) runs.push(batchNs(op, perRun) / perRun);
  return median(runs);
}

const YOUNG_GENERATION_BUDGET = 256 * 1024;
const ALLOCATION_BATCHES = 7;
const MAX_ATTEMPTS = 4 * ALLOCATION_BATCHES;

export function collector(): (() => void) | undefined {
  const collect = (globalThis as { gc?: () => void }).gc;
  return typeof collect === 'function' ? collect : undefined;
}

/** Lets the 'gc' performance entries of the batch that just ran reach the observer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}

class AllocationProbe {
  private readonly gcStarts: number[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcStarts.push(entry.startTime);
  });

  constructor(private readonly collect: () => void) {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Bytes the batch allocated, or undefined when a collection ran inside it (the growth would then undercount). */
  async batchBytes(op: () => unknown, iterations: number): Promise<number | undefined> {
    this.collect();
    const before = process.memoryUsage();
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink.value = op();
    const end = performance.now();
    const after = process.memoryUsage();
    await settle();
    const collected = this.gcStarts.some((t) => t >= start && t <= end);
    this.gcStarts.length = 0;
    const grown = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
    return collected || grown < 0 ? undefined : grown;
  }

  async medianBatchBytes(op: () => unknown, iterations: number): Promise<number | undefined> {
    const clean: number[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS && clean.length < ALLOCATION_BATCHES; attempt++) {
      const bytes = await this.batchBytes(op, iterations);
      if (bytes !== undefined) clean.push(bytes);
    }
    return clean.length === 0 ? undefined : median(clean);
  }

  disconnect(): void {
    this.observer.disconnect();
  }
}

/**
 * Undefined when the process was started without `--expose-gc` (see `collector`), or when no batch ran free of
 * collections.
 * Call after the operation is warmed up, so compilation does not count as the operation's allocation.
 */
export async function bytesPerOp(op: () => unknown): Promise<number | undefined> {
  const collect = collector();
  if (collect === undefined) return undefined;
  const probe = new AllocationProbe(collect);
  try {
    const probeIterations = 16;
    const overhead = (await probe.medianBatchBytes(() => undefined, probeIterations)) ?? 0;
    const estimate = await probe.medianBatchBytes(op, probeIterations);
    if (estimate === undefined) return undefined;
    const perOpEstimate = Math.max(1, (estimate - overhead) / probeIterations);
    const iterations = Math.min(20_000, Math.max(probeIterations, Math.floor(YOUNG_GENERATION_BUDGET / perOpEstimate)));
    const emptyBytes = (await probe.medianBatchBytes(() => undefined, iterations)) ?? 0;
    const opBytes = await probe.medianBatchBytes(op, iterations);
    return opBytes === undefined ? undefined : Math.max(0, (opBytes - emptyBytes) / iterations);
  } finally {
    probe.disconnect();
  }
}
