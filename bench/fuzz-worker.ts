/**
 * Fuzzes one schema inside a worker thread, so the coordinator can terminate it if the codec never returns from an
 * input. Each input's properties are checked by `checkInput`; an input slower than the limit is re-run before it
 * counts as a finding, because on a shared 2-core machine a single run can be delayed by another process or a
 * collection.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { checkInput, type CheckResult } from './fuzz-check.js';
import { InputGenerator } from './fuzz-inputs.js';
import {
  COUNTER_SLOTS,
  Counter,
  findingKind,
  MAX_REPORTED_KINDS,
  type FuzzJob,
  type WorkerMessage,
} from './fuzz-protocol.js';
import { Prng } from '../test/shared/prng.js';
import { parseHex, toHex } from '../cli/hex.js';

const SLOW_MS = 10;
const SLOW_TRIES = 3;
const LENIENT_EVERY = 8;

interface TimedCheck {
  readonly result: CheckResult;
  readonly ms: number;
}

function timedCheck(job: FuzzJob, bytes: Uint8Array, alsoLenient: boolean): TimedCheck {
  let best: TimedCheck | undefined;
  for (let tries = 0; tries < SLOW_TRIES && (best === undefined || best.ms > SLOW_MS); tries++) {
    const start = performance.now();
    const result = checkInput(job.schema, bytes, alsoLenient);
    const ms = performance.now() - start;
    if (best === undefined || ms < best.ms) best = { result, ms };
  }
  return best!;
}

function findingOf({ result, ms }: TimedCheck): string | undefined {
  if (ms <= SLOW_MS) return result.finding;
  const slow = `took ${ms.toFixed(1)} ms (fastest of ${SLOW_TRIES} tries, limit ${SLOW_MS} ms)`;
  return result.finding === undefined ? slow : `${result.finding}; ${slow}`;
}

function post(message: WorkerMessage): void {
  parentPort!.postMessage(message);
}

function run(job: FuzzJob): void {
  const counters = new Int32Array(job.counters, 0, COUNTER_SLOTS);
  const inputs = new InputGenerator(job.corpusHex.map(parseHex), new Prng(job.seed, job.schema));
  for (let index = 0; index < job.start; index++) inputs.next();
  const reportedKinds = new Set<string>();
  post({ type: 'started' });
  for (let index = job.start; index < job.count; index++) {
    const bytes = inputs.next();
    Atomics.store(counters, Counter.inFlight, index);
    const checked = timedCheck(job, bytes, index % LENIENT_EVERY === 0);
    if (checked.result.strict === 'accepted') Atomics.add(counters, Counter.accepted, 1);
    if (checked.result.strict === 'rejected') Atomics.add(counters, Counter.rejected, 1);
    const what = findingOf(checked);
    if (what !== undefined) {
      Atomics.add(counters, Counter.findings, 1);
      const kind = findingKind(what);
      if (!reportedKinds.has(kind) && reportedKinds.size < MAX_REPORTED_KINDS) {
        reportedKinds.add(kind);
        post({ type: 'finding', index, hex: toHex(bytes), what });
      }
    }
    Atomics.add(counters, Counter.done, 1);
  }
}

run(workerData as FuzzJob);
