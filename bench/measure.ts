/**
 * How the bench turns an operation into figures: median wall time per call, and heap bytes allocated per call.
 *
 * Time: warm-up until the JIT has settled, then several runs of a fixed iteration count sized to last about the
 * requested run time; the median run is reported so one run disturbed by another process on a shared machine does not
 * move the figure.
 *
 * Allocation: Node 20 exposes no cumulative allocation counter, so we count what a batch leaves on the heap. With
 * `--expose-gc`, `gc()` empties the young generation, then a batch small enough to fit in it (about 1 MiB of
 * garbage) runs without a scavenge, and the growth of `heapUsed` plus `arrayBuffers` (typed-array backing stores live
 * outside the V8 heap) is what the batch allocated. A `PerformanceObserver` on 'gc' entries proves that no collection
 * fell inside the batch; a batch with one is discarded and repeated smaller. The cost of reading the counters is
 * measured with an empty operation and subtracted. Of 9 clean batches, the heap growth of the smallest and the
 * backing-store growth of the largest are kept, since background work can only inflate the one and deflate the
 * other (see `perOp`).
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

/** Garbage one batch may leave; small enough for the young generation, big enough to drown per-batch constants. */
const YOUNG_GENERATION_BUDGET = 1024 * 1024;
const MIN_BATCH = 16;
const MAX_BATCH = 20_000;
const CLEAN_BATCHES = 9;
const MAX_ATTEMPTS = 4 * CLEAN_BATCHES;

export function collector(): (() => void) | undefined {
  const collect = (globalThis as { gc?: () => void }).gc;
  return typeof collect === 'function' ? collect : undefined;
}

/** Lets the 'gc' performance entries of the batch that just ran reach the observer. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}

interface Growth {
  readonly heap: number;
  /** Typed-array backing stores live outside the V8 heap. */
  readonly buffers: number;
}

class AllocationProbe {
  private readonly gcStarts: number[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcStarts.push(entry.startTime);
  });

  constructor(private readonly collect: () => void) {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** What the batch left behind, or undefined when a collection ran inside it (the growth would undercount). */
  async batchGrowth(op: () => unknown, iterations: number): Promise<Growth | undefined> {
    this.collect();
    await settle();
    const before = process.memoryUsage();
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink.value = op();
    const end = performance.now();
    const after = process.memoryUsage();
    await settle();
    const collected = this.gcStarts.some((t) => t >= start && t <= end);
    this.gcStarts.length = 0;
    const heap = after.heapUsed - before.heapUsed;
    return collected || heap < 0 ? undefined : { heap, buffers: after.arrayBuffers - before.arrayBuffers };
  }

  /**
   * Bytes per call over several clean batches. Each counter is disturbed in one direction only: the runtime's own
   * work (compiled code, feedback, timers) adds heap bytes to a batch, and the concurrent sweeper may free the
   * backing stores of earlier batches during this one. So the heap figure is the smallest batch's and the
   * backing-store figure the largest batch's. A batch a collection fell into is repeated at half the size.
   */
  async perOp(op: () => unknown, iterations: number, heapOverhead: number): Promise<number | undefined> {
    let heap = Infinity;
    let buffers = 0;
    let clean = 0;
    let batch = iterations;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && clean < CLEAN_BATCHES; attempt++) {
      const growth = await this.batchGrowth(op, batch);
      if (growth === undefined) {
        batch = Math.max(1, batch >> 1);
        continue;
      }
      clean++;
      heap = Math.min(heap, Math.max(0, growth.heap - heapOverhead) / batch);
      buffers = Math.max(buffers, growth.buffers / batch);
    }
    return clean === 0 ? undefined : heap + buffers;
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
    // One empty call per batch: what reading the counters itself leaves on the heap.
    const overhead = (await probe.perOp(() => undefined, 1, 0)) ?? 0;
    const estimate = await probe.perOp(op, MIN_BATCH, overhead);
    if (estimate === undefined) return undefined;
    const fitting = Math.floor(YOUNG_GENERATION_BUDGET / Math.max(1, estimate));
    const iterations = Math.min(MAX_BATCH, Math.max(MIN_BATCH, fitting));
    return await probe.perOp(op, iterations, overhead);
  } finally {
    probe.disconnect();
  }
}
