/**
 * `npm run fuzz:exi -- --count N [--schema s] [--seed n]`: feeds N inputs per schema to the EXI decoder (mutated
 * reference vectors and random byte strings, reproducible from the seed) and checks the properties in
 * `fuzz-check.ts`. Schemas run one after another, each in a worker thread watched from here: a worker that makes no
 * progress for `HANG_MS` is terminated, the input it was stuck on is reported, and a new worker resumes after it.
 * Each kind of finding is printed once per schema with the first input that showed it (input index and seed replay
 * it); the table counts every finding. Exit code 1 when there was any finding.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { SCHEMA_NAMES, isSchemaName, type SchemaName } from '../codecs/exi/index.js';
import { InputGenerator } from './fuzz-inputs.js';
import { COUNTER_SLOTS, Counter, type FuzzJob, type WorkerMessage } from './fuzz-protocol.js';
import { machine } from './machine.js';
import { Prng } from '../test/shared/prng.js';
import { loadVectors } from './vectors.js';
import { parseHex, toHex } from '../cli/hex.js';

const HANG_MS = 10_000;
const WATCH_INTERVAL_MS = 250;
const PROGRESS_INTERVAL_MS = 60_000;
/** A codec that allocates without bound on some input must fail that worker, not the machine. */
const WORKER_HEAP_MB = 512;

interface Options {
  readonly count: number;
  readonly seed: number;
  readonly schemas: readonly SchemaName[];
}

interface SchemaStats {
  readonly schema: SchemaName;
  readonly inputs: number;
  readonly seconds: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly findings: number;
}

function integerOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 0 || value > 0x7fff_ffff) {
    throw new Error(`--${name} must be an integer from 0 to 2^31-1, got ${text}`);
  }
  return value;
}

function parseOptions(corpora: ReadonlyMap<string, readonly string[]>): Options {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, schema: { type: 'string' }, seed: { type: 'string' } },
  });
  const count = integerOption('count', values.count, 10_000);
  const seed = integerOption('seed', values.seed, 1);
  if (values.schema === undefined) return { count, seed, schemas: SCHEMA_NAMES.filter((name) => corpora.has(name)) };
  const schema = values.schema;
  if (!isSchemaName(schema)) throw new Error(`unknown schema ${schema}; one of ${SCHEMA_NAMES.join(', ')}`);
  if (!corpora.has(schema)) console.error(`note: no vectors for ${schema}; fuzzing with random bytes only`);
  return { count, seed, schemas: [schema] };
}

function corporaBySchema(): Map<string, string[]> {
  const corpora = new Map<string, string[]>();
  for (const vector of loadVectors()) {
    const corpus = corpora.get(vector.schema) ?? [];
    corpus.push(vector.hex);
    corpora.set(vector.schema, corpus);
  }
  return corpora;
}

function printFinding(schema: SchemaName, seed: number, index: number, hex: string, what: string): void {
  console.log(`FINDING ${schema} input #${index} (seed ${seed}): ${what}`);
  console.log(`  input hex: ${hex === '' ? '(empty)' : hex}`);
}

/** The input a dead worker was on, regenerated from the seed since the worker's memory is gone. */
function regenerate(job: FuzzJob, index: number): string {
  const inputs = new InputGenerator(job.corpusHex.map(parseHex), new Prng(job.seed, job.schema));
  for (let i = 0; i < index; i++) inputs.next();
  return toHex(inputs.next());
}

/** Runs workers for one schema until every input is checked, replacing any worker that hangs or dies. */
function fuzzSchema(schema: SchemaName, corpusHex: readonly string[], options: Options): Promise<SchemaStats> {
  const counters = new Int32Array(new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const begun = performance.now();
  const stats = (): SchemaStats => ({
    schema,
    inputs: Atomics.load(counters, Counter.done),
    seconds: (performance.now() - begun) / 1000,
    accepted: Atomics.load(counters, Counter.accepted),
    rejected: Atomics.load(counters, Counter.rejected),
    findings: Atomics.load(counters, Counter.findings),
  });

  return new Promise((resolve, reject) => {
    let lastDone = -1;
    let lastProgress = performance.now();
    let lastReport = performance.now();

    const launch = (start: number): void => {
      const { seed, count } = options;
      const job: FuzzJob = { schema, seed, count, start, corpusHex, counters: counters.buffer as SharedArrayBuffer };
      const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      let abandoned = false;
      // Until the worker has regenerated the inputs before `start`, it runs only our code: nothing to watch yet.
      let started = false;
      lastProgress = performance.now();

      /** Reports the input the worker was on, counts it as done, and resumes with a new worker after it. */
      const replace = (what: string): void => {
        abandoned = true;
        clearInterval(watch);
        const index = Atomics.load(counters, Counter.inFlight);
        Atomics.add(counters, Counter.findings, 1);
        printFinding(schema, options.seed, index, regenerate(job, index), what);
        Atomics.add(counters, Counter.done, 1);
        void worker.terminate().then(() => (index + 1 < options.count ? launch(index + 1) : resolve(stats())));
      };

      const watch = setInterval(() => {
        const now = performance.now();
        const done = Atomics.load(counters, Counter.done);
        if (done !== lastDone || !started) {
          lastDone = done;
          lastProgress = now;
        } else if (now - lastProgress > HANG_MS) {
          replace(`no result after ${HANG_MS / 1000} s: the codec hangs (worker terminated)`);
          return;
        }
        if (now - lastReport > PROGRESS_INTERVAL_MS) {
          lastReport = now;
          const { inputs, seconds } = stats();
          console.error(`${schema}: ${inputs}/${options.count} inputs, ${Math.round(inputs / seconds)}/s`);
        }
      }, WATCH_INTERVAL_MS);

      worker.on('message', (message: WorkerMessage) => {
        lastProgress = performance.now();
        if (message.type === 'started') started = true;
        if (message.type === 'finding') printFinding(schema, options.seed, message.index, message.hex, message.what);
      });
      worker.on('error', (error) => {
        if (abandoned) return;
        if (started) {
          replace(`the worker died: ${error.name}: ${error.message}`);
          return;
        }
        // Dying before the first input is the fuzzer's own failure (e.g. the codec does not load), not a finding.
        abandoned = true;
        clearInterval(watch);
        reject(new Error(`${schema}: the fuzz worker failed to start: ${error.message}`));
      });
      worker.on('exit', (code) => {
        if (abandoned) return;
        clearInterval(watch);
        if (code === 0) resolve(stats());
        else reject(new Error(`${schema}: fuzz worker exited with code ${code}`));
      });
    };

    if (options.count === 0) resolve(stats());
    else launch(0);
  });
}

const COLUMNS = ['schema', 'inputs', 'inputs/s', 'accepted', 'rejected', 'findings'] as const;
const WIDTHS = [22, 10, 9, 10, 10, 8] as const;
const number = (n: number): string => Math.round(n).toLocaleString('en-US');

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i]!) : cell.padStart(WIDTHS[i]!))).join('  ');
}

function statsRow(s: SchemaStats): string {
  const rate = s.seconds > 0 ? s.inputs / s.seconds : 0;
  return row([s.schema, ...[s.inputs, rate, s.accepted, s.rejected, s.findings].map(number)]);
}

async function main(): Promise<number> {
  const corpora = corporaBySchema();
  const options = parseOptions(corpora);
  console.log(`EXI fuzz: ${number(options.count)} inputs per schema, seed ${options.seed}, on ${machine()}\n`);
  console.log(row(COLUMNS));
  const all: SchemaStats[] = [];
  for (const schema of options.schemas) {
    const stats = await fuzzSchema(schema, corpora.get(schema) ?? [], options);
    all.push(stats);
    console.log(statsRow(stats));
  }
  const sum = (pick: (s: SchemaStats) => number): number => all.reduce((total, s) => total + pick(s), 0);
  const inputs = sum((s) => s.inputs);
  const seconds = sum((s) => s.seconds);
  const findings = sum((s) => s.findings);
  console.log(
    `\ntotal: ${number(inputs)} inputs over ${all.length} schemas in ${seconds.toFixed(1)} s ` +
      `(${number(seconds === 0 ? 0 : inputs / seconds)}/s): ${number(sum((s) => s.accepted))} accepted, ` +
      `${number(sum((s) => s.rejected))} rejected with ExiError, ${number(findings)} findings`,
  );
  return findings === 0 ? 0 : 1;
}

process.exitCode = await main();
