/**
 * `npm run bench:exi [-- --json]`: speed and allocation of the EXI codec on the messages the C reference codec
 * (EVerest libcbv2g) was measured on, beside its figures (bench-reference.ts reads them at run time).
 *
 * Method. Encode is `encode(schema, document)` with the document built by `fromJson` beforehand; decode is
 * `decode(schema, bytes)` on the reference vector's bytes; both include the EXI header, like the C figures. Each
 * operation is warmed up for 0.3 s, then timed with `process.hrtime.bigint()` in 9 runs of an iteration count sized to
 * last about 0.2 s; the median run's ns/op is reported. Bytes allocated per op: Node 20 has no allocation counter, so
 * after `gc()` (the script runs with `--expose-gc`) a batch sized to fit in the young generation runs, and the growth
 * of `heapUsed` + `arrayBuffers` is what it allocated; a `PerformanceObserver` on 'gc' entries rejects any batch a
 * collection fell into, the counter-reading overhead is subtracted, and the least disturbed of 9 clean batches is
 * reported (details in `measure.ts`). The whole run stays under about 30 s on 2 cores.
 *
 * `--json` prints only lines `{"message","op","ns",...}` on stdout (one per message and operation); everything
 * else, including failures, goes to stderr.
 */
import { parseArgs } from 'node:util';
import { decode, encode, fromJson, type Documents, type SchemaName } from '../codecs/exi/index.js';
import { BENCH_REFERENCE_PATH, readBenchReference } from './bench-reference.js';
import { benchCase, CASE_IDS, type BenchCase } from './exi-cases.js';
import { bytesPerOp, collector, medianNsPerOp, type TimingPlan } from './measure.js';
import { machine } from './machine.js';
import { loadVectors } from './vectors.js';
import { toHex } from '../cli/hex.js';

const PLAN: TimingPlan = { runs: 9, runSeconds: 0.2, warmupSeconds: 0.3 };

type Op = 'encode' | 'decode';

interface OpFigures {
  readonly ns: number;
  readonly bytesPerOp: number | undefined;
}

interface CaseResult {
  readonly benchCase: BenchCase;
  readonly exiBytes: number;
  readonly encode: OpFigures;
  readonly decode: OpFigures | undefined;
}

async function measure(op: () => unknown): Promise<OpFigures> {
  const ns = medianNsPerOp(op, PLAN);
  return { ns, bytesPerOp: await bytesPerOp(op) };
}

async function run(benchCase: BenchCase): Promise<CaseResult> {
  const { schema, bytes, referenceHex } = benchCase;
  // fromJson checks the document against the schema, which is what makes it a Documents[schema].
  const document = fromJson(schema, benchCase.json) as Documents[SchemaName];
  const encoded = encode(schema, document);
  if (referenceHex !== undefined && toHex(encoded) !== referenceHex) {
    console.error(`warning: ${benchCase.id}: our encoding differs from the reference vector's bytes`);
  }
  return {
    benchCase,
    exiBytes: encoded.length,
    encode: await measure(() => encode(schema, document)),
    decode: bytes === undefined ? undefined : await measure(() => decode(schema, bytes)),
  };
}

function referenceNs(result: CaseResult, op: Op): number | undefined {
  return op === 'encode' ? result.benchCase.reference?.encodeNs : result.benchCase.reference?.decodeNs;
}

function jsonLines(result: CaseResult): string[] {
  const ops: [Op, OpFigures | undefined][] = [
    ['encode', result.encode],
    ['decode', result.decode],
  ];
  return ops.flatMap(([op, figures]) =>
    figures === undefined
      ? []
      : [
          JSON.stringify({
            message: result.benchCase.id,
            op,
            ns: Math.round(figures.ns),
            bytesPerOp: figures.bytesPerOp === undefined ? undefined : Math.round(figures.bytesPerOp),
            cRefNs: referenceNs(result, op),
          }),
        ],
  );
}

const count = (n: number | undefined): string => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const ratio = (ours: number | undefined, c: number | undefined): string =>
  ours === undefined || c === undefined ? '—' : `${(ours / c).toFixed(2)}×`;

function table(results: readonly CaseResult[], withReference: boolean): string {
  const header = withReference
    ? ['message', 'EXI B', 'C B', 'encode ns', 'C enc ns', 'ours/C', 'decode ns', 'C dec ns', 'ours/C']
    : ['message', 'EXI B', 'encode ns', 'decode ns'];
  header.push('enc B/op', 'dec B/op');
  const rows = results.map((result) => {
    const { reference } = result.benchCase;
    const encodeNs = result.encode.ns;
    const decodeNs = result.decode?.ns;
    const allocation = [count(result.encode.bytesPerOp), count(result.decode?.bytesPerOp)];
    return withReference
      ? [
          result.benchCase.id,
          count(result.exiBytes),
          count(reference?.exiBytes),
          count(encodeNs),
          count(reference?.encodeNs),
          ratio(encodeNs, reference?.encodeNs),
          count(decodeNs),
          count(reference?.decodeNs),
          ratio(decodeNs, reference?.decodeNs),
          ...allocation,
        ]
      : [result.benchCase.id, count(result.exiBytes), count(encodeNs), count(decodeNs), ...allocation];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const pad = (cell: string, column: number): string =>
    column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!);
  const line = (cells: readonly string[]): string => cells.map(pad).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const vectors = loadVectors();
  const referenceRows = readBenchReference();
  if (collector() === undefined) console.error('note: bytes per op need node --expose-gc; printing time only.');
  if (referenceRows === undefined && !values.json) {
    console.log(`note: ${BENCH_REFERENCE_PATH} is absent; printing our figures without the C reference.\n`);
  }
  const results: CaseResult[] = [];
  let failures = 0;
  for (const id of CASE_IDS) {
    try {
      const result = await run(benchCase(id, vectors, referenceRows ?? []));
      results.push(result);
      if (values.json) for (const line of jsonLines(result)) console.log(line);
    } catch (error) {
      failures++;
      console.error(`${id}: not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!values.json) {
    console.log(`EXI codec benchmark on ${machine()}`);
    console.log(
      `median of ${PLAN.runs} runs of ~${PLAN.runSeconds} s after ${PLAN.warmupSeconds} s warm-up; ns per message, ` +
        'EXI header included; B/op = bytes allocated per call (V8 heap + ArrayBuffer backing stores)\n',
    );
    console.log(table(results, referenceRows !== undefined));
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
