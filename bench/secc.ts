/**
 * `npm run bench:secc [-- --n 1,10 --tls --tls13 --tcp --window 20 --interval 100 --jitter 0.1 --workers 1,2 --repeat R --profile DIR]`: one SECC
 * under N simulated EVs, the EVs in a separate process so the SECC's CPU is measured alone.
 *
 * Per run: a fresh SECC process (startSeccStation on [::1], DIN 70121 and ISO 15118-2 DC, a simulated DC stage per
 * session; with `--workers W` above 1, the primary of a cluster station whose W worker processes serve the sessions,
 * startSeccCluster) and a fresh EVCC process running N scripted EVCCs (bench/evcc-script.ts), half DIN and half
 * ISO-2 over TCP; all ISO-2 over TLS 1.2, DIN being TCP-only [V2G-DC-618]; all ISO 15118-20 DC over TLS 1.3, its only
 * transport (bench/iso20-script.ts, DC_ChargeLoop standing for CurrentDemand in every figure below). Each EV connects straight to the V2G port (no SDP),
 * does the supportedAppProtocol handshake and its DC session up to the CurrentDemand loop, then sends CurrentDemandReq
 * `--interval` ms after each CurrentDemandRes, as cars do (`--jitter F`: each pause drawn from `--interval` × (1 ± F),
 * as unsynchronised cars drift; default 0). Once all are in the loop, the window of `--window` s
 * starts: the EVs record each CurrentDemandReq→Res round trip (from the write to the read of the answer's last byte,
 * hrtime), the SECC its CPU (process.cpuUsage), its event loop delay and, after gc(), its RSS and heap at N against
 * those before the first connection. Then every EV stops properly (PowerDelivery Stop, WeldingDetection,
 * SessionStop) and both sides' outcomes are counted: any failure makes the exit code 1.
 *
 * Default: N = 1, 10, 100, 1000 on TCP and 1, 10, 100, 200 on TLS 1.2 and on TLS 1.3; `--tcp`, `--tls` (1.2) and
 * `--tls13` run only the links named; one
 * worker (the station in the SECC process itself), `--workers 1,2` runs each N both ways. A cluster's CPU and memory
 * are those of all its processes summed, its event loop delay the worst worker's.
 * `--repeat R` runs the whole plan R times over, interleaved (so the host's swings fall on every configuration alike), and
 * sums up each configuration's series: its p99s in the order run, their median, and in how many runs the bar was met.
 * `--profile DIR` runs the SECC process under `node --cpu-prof` (its workers too) and leaves one .cpuprofile per
 * process and run in DIR. The SECC processes run with STATION_NODE_FLAGS, as a station should;
 * `--secc-node-flags "<flags>"` replaces them ('' for Node's defaults).
 * The bar is V2G_SECC_Msg_Performance_Time for CurrentDemandRes (25 ms; the same for -20's DC_ChargeLoopRes) at p99,
 * at N = 1000 (TCP) and 200 (TLS 1.2, TLS 1.3).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { generateLabPki, loadOrCreateTestPki, seccTlsCredentials } from '../crypto/index.js';
import { DEFAULT_PKI_DIR } from '../cli/shared-options.js';
import { STATION_NODE_FLAGS } from '../actors/stack/station-node-flags.js';
import { STANDARD_TIMING } from '../machines/timing/v2g-timers.js';
import { fdLimitProblem } from './fd-limit.js';
import { machine } from './machine.js';
import { failureLines, failures, seriesLines, table, verdictLines } from './secc-report.js';
import { measureRun, type RunFigures, type RunPlan } from './secc-run.js';

type Link = 'tcp' | 'tls' | 'tls13';
const DEFAULT_SESSIONS: Readonly<Record<Link, readonly number[]>> = { tcp: [1, 10, 100, 1000], tls: [1, 10, 100, 200], tls13: [1, 10, 100, 200] };
const BAR_SESSIONS = { tcp: 1000, 'tls1.2': 200, 'tls1.3': 200 } as const;
const BAR_MS = STANDARD_TIMING.iso2.V2G_SECC_Msg_Performance_Time.CurrentDemand;

interface Options {
  readonly links: readonly Link[];
  readonly sessions?: readonly number[];
  readonly workers: readonly number[];
  readonly windowSeconds: number;
  readonly intervalMs: number;
  readonly jitter: number;
  readonly repeat: number;
  readonly profileDir?: string;
  readonly seccNodeFlags: readonly string[];
}

function positive(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${option} ${text}: a whole number of at least 1`);
  return value;
}

function fraction(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new RangeError(`--${option} ${text}: a fraction from 0 up to (not including) 1`);
  return value;
}

function parse(): Options {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      tls: { type: 'boolean', default: false },
      tls13: { type: 'boolean', default: false },
      tcp: { type: 'boolean', default: false },
      window: { type: 'string', default: '20' },
      interval: { type: 'string', default: '100' },
      jitter: { type: 'string', default: '0' },
      workers: { type: 'string', default: '1' },
      repeat: { type: 'string', default: '1' },
      profile: { type: 'string' },
      'secc-node-flags': { type: 'string', default: STATION_NODE_FLAGS.join(' ') },
    },
  });
  const chosen = (['tcp', 'tls', 'tls13'] as const).filter((link) => values[link]);
  const links = chosen.length === 0 ? (['tcp', 'tls', 'tls13'] as const) : chosen;
  return {
    links,
    sessions: values.n?.split(',').map((n) => positive('n', n.trim())),
    workers: values.workers.split(',').map((w) => positive('workers', w.trim())),
    windowSeconds: positive('window', values.window),
    intervalMs: positive('interval', values.interval),
    jitter: fraction('jitter', values.jitter),
    repeat: positive('repeat', values.repeat),
    profileDir: values.profile === undefined ? undefined : resolve(values.profile),
    seccNodeFlags: values['secc-node-flags'].split(' ').filter((flag) => flag !== ''),
  };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parse();
  } catch (error) {
    console.error(`bench:secc: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const plan = options.links.flatMap((link) =>
    (options.sessions ?? DEFAULT_SESSIONS[link]).flatMap((sessions) => options.workers.map((workers) => ({ link, sessions, workers }))),
  );
  const plans = Array.from({ length: options.repeat }, () => plan).flat();
  const largest = Math.max(...plans.map((p) => p.sessions));
  const problem = fdLimitProblem(largest);
  if (problem) {
    console.error(`bench:secc: ${problem}`);
    return 2;
  }
  const pki = options.links.includes('tls') ? await loadOrCreateTestPki(DEFAULT_PKI_DIR) : undefined;
  // The -20 chain (P-521) is made for the bench run: nothing outside it needs its keys.
  const lab = options.links.includes('tls13') ? (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates : undefined;
  const tlsOf: Readonly<Record<Link, RunPlan['tls']>> = {
    tcp: undefined,
    tls: pki && { version: 'tls1.2', credentials: seccTlsCredentials(pki), trustedRoot: pki.v2gRootCa.pem },
    tls13: lab && { version: 'tls1.3', credentials: seccTlsCredentials(lab), trustedRoot: lab.v2gRootCa.pem },
  };
  const seccFlags = [...options.seccNodeFlags, ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];

  console.log(`SECC under load (bench:secc) on ${machine()}`);
  console.log(
    `window ${options.windowSeconds} s once all sessions are in the CurrentDemand loop; CurrentDemandReq ${options.intervalMs} ms ` +
      `${options.jitter > 0 ? `(± ${Math.round(options.jitter * 100)} %) ` : ''}after each ` +
      `CurrentDemandRes; SECC Node flags: ${options.seccNodeFlags.join(' ') || '(none)'}.\n` +
      'TCP: half DIN 70121, half ISO 15118-2 DC; TLS 1.2: all ISO 15118-2 DC (DIN is TCP-only); TLS 1.3: all ISO 15118-20 DC\n' +
      '(Scheduled, EIM; the P-521 chain of a -20 lab PKI; DC_ChargeLoop is its CurrentDemand).\n' +
      'EVs: scripted clients over the codec in one separate process (no session machines, CurrentDemandReq encoded once per ' +
      'session), so the client is cheap (see EVCC CPU%); no SDP per EV, each connects to the V2G port directly.\n',
  );
  const runs: RunFigures[] = [];
  let broken = false;
  for (const { link, sessions, workers } of plans) {
    const plan: RunPlan = {
      sessions,
      workers,
      tls: tlsOf[link],
      windowMs: options.windowSeconds * 1000,
      loopIntervalMs: options.intervalMs,
      loopJitter: options.jitter,
      seccFlags,
    };
    const name = `N=${sessions} ${link === 'tls13' ? 'TLS 1.3' : link.toUpperCase()} W=${workers}`;
    process.stderr.write(`${name}: measuring ...\n`);
    try {
      runs.push(await measureRun(plan));
    } catch (error) {
      broken = true;
      console.error(`${name}: not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(table(runs, BAR_MS));
  console.log(
    '\nreq/s: CurrentDemand round trips completed in the window; p50/p99/max: CurrentDemandReq→Res seen by the EVs; >250ms: ' +
      'answers later than V2G_EVCC_Msg_Timeout (a real EV would have aborted); W: SECC worker processes (1: the SECC process ' +
      "serves the sessions itself; W > 1: a cluster primary and W workers, their CPU and memory summed, SECC lag the worst worker's); " +
      'CPU%: of one core over the window; SECC/EVCC lag: event loop delay p99 of that process, ms; host busy%: every process on ' +
      'every core, of one core (the machine is shared); load: 1-min ' +
      'load average at the start; RSS/heap KiB/s: (at N − idle)/N per session, after gc, from N = 100; failed: EV side/SECC side.',
  );
  for (const line of failureLines(runs)) console.log(line);
  for (const line of verdictLines(runs, BAR_MS, BAR_SESSIONS)) console.log(line);
  if (options.repeat > 1) for (const line of seriesLines(runs, BAR_MS)) console.log(line);
  if (options.profileDir) console.log(`\nSECC CPU profiles (one per process and run): ${options.profileDir}`);
  return broken || runs.some((r) => failures(r) > 0) ? 1 : 0;
}

process.exitCode = await main();
