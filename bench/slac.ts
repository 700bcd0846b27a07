/**
 * `npm run bench:slac`: how long SLAC takes on real frames, and what it costs the hosts. An EV host and an EVSE host
 * (with the software modem SIMULATOR in its process) run in two network namespaces joined by a veth pair, as in
 * test/slac/af-packet.test.ts; each run is a fresh pair of processes. Measured per run:
 * - time: from the EV sending CM_SLAC_PARAM.REQ to matched (the modem's CM_SET_KEY.CNF, which stands for the link),
 *   wall clock in the EV process;
 * - CPU: process.cpuUsage() of the EV host from the start of its SLAC actor to matched, and of the EVSE host (host
 *   and modem) from the EV's first request to its own match. Each process is fresh, so this is a cold run's cost,
 *   first compilation of the code paths included, as one pairing per plug-in is.
 * The EV uses the standard's minimum intervals (TP_match_sequence 0 ms, TP_EV_batch_msg_interval 20 ms). The floor
 * is 13 intervals of 20 ms: one after each of the 3 CM_START_ATTEN_CHAR.IND and 10 CM_MNBC_SOUND.IND (the EV
 * machine evaluates one interval after its last sound).
 *
 * `npm run bench:slac -- --runs N --json`. Needs root (namespaces, raw sockets); elsewhere it says why and exits 0.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SlacTiming } from '../machines/slac/slac-timers.js';
import { cannotMakeNamespaces, NetnsLab } from '../test/slac/veth/netns.js';
import { machine } from './machine.js';

const hosts = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'slac', 'veth');
const EV_MAC = '02:00:00:00:0e:01';
const EVSE_MAC = '02:00:00:00:5e:01';
const LIMIT_MS = 10_000;
const MINIMUM_INTERVALS: Partial<SlacTiming> = { TP_match_sequence: 0, TP_EV_batch_msg_interval: 20 };

interface Run {
  readonly ms: number;
  readonly evCpuMs: number;
  readonly evseCpuMs: number;
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, json: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs ${values.runs}: a whole number, 1 or more`);
const why = cannotMakeNamespaces();
if (why !== undefined) {
  console.log(`bench:slac skipped: ${why}`);
} else {
  const results = await measure(runs);
  if (values.json) {
    for (const r of results) console.log(JSON.stringify(r));
  } else {
    report(results);
  }
}

async function measure(count: number): Promise<Run[]> {
  const lab = new NetnsLab(LIMIT_MS + 5_000);
  try {
    const [evNs, evseNs] = [lab.namespace('ev'), lab.namespace('evse')];
    const [evIf, evseIf] = [`kve${lab.id}`, `kvs${lab.id}`];
    lab.veth({ ns: evNs, name: evIf, mac: EV_MAC }, { ns: evseNs, name: evseIf, mac: '02:00:00:00:5e:f0' });
    const timing = JSON.stringify(MINIMUM_INTERVALS);
    const results: Run[] = [];
    for (let i = 0; i < count; i++) {
      const evse = lab.node(evseNs, [join(hosts, 'evse-host.js'), evseIf, EV_MAC, EVSE_MAC, `${LIMIT_MS}`, timing]);
      await evse.line((l) => l === 'ready');
      const ev = lab.node(evNs, [join(hosts, 'ev-host.js'), evIf, `${LIMIT_MS}`, timing]);
      const evResult = JSON.parse(await ev.line((l) => l.startsWith('{')));
      const evseResult = JSON.parse(await evse.line((l) => l.startsWith('{')));
      if (evResult.result !== 'matched' || evseResult.result !== 'matched') {
        throw new Error(`run ${i + 1} did not match: EV ${JSON.stringify(evResult)}, EVSE ${JSON.stringify(evseResult)}`);
      }
      await Promise.all([ev.exit(), evse.exit()]);
      results.push({ ms: evResult.ms, evCpuMs: evResult.cpuMs, evseCpuMs: evseResult.cpuMs });
    }
    return results;
  } finally {
    lab.close();
  }
}

function report(results: readonly Run[]): void {
  console.log(`Machine: ${machine()}`);
  console.log(`${results.length} runs, EV with TP_match_sequence 0 ms and TP_EV_batch_msg_interval 20 ms (floor: 13 × 20 ms = 260 ms)\n`);
  console.log('| figure | median | min | max |');
  console.log('|---|---|---|---|');
  const rows: [string, (r: Run) => number][] = [
    ['CM_SLAC_PARAM.REQ to matched, ms', (r) => r.ms],
    ['EV host CPU, ms', (r) => r.evCpuMs],
    ['EVSE host + modem simulator CPU, ms', (r) => r.evseCpuMs],
  ];
  for (const [name, of] of rows) {
    const sorted = results.map(of).sort((a, b) => a - b);
    const cells = [median(sorted), sorted[0], sorted[sorted.length - 1]].map((v) => v.toFixed(1));
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
