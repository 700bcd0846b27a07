/**
 * One measurement of `bench:secc`: a fresh SECC process (with W > 1 workers, the primary of a fresh cluster) and a
 * fresh EVCC fleet process for N sessions, so each N starts from a clean heap and its memory figure is its own. The
 * window opens when every session is in the CurrentDemand loop; the SECC's CPU, event loop delay and memory are read
 * over the same window as the EVs' round trips.
 */
import { fileURLToPath } from 'node:url';
import type { TlsCredentials } from '../crypto/index.js';
import type { TlsVersion } from '../transport/tls.js';
import { ChildLink } from './child-link.js';
import { hostBusyPercent, hostCpuTimes, loadAverage } from './host-load.js';
import type { BenchProtocol, FromFleet, FromStation, LatencySummary, Tally, ToFleet, ToStation } from './secc-bench-ipc.js';

export interface RunPlan {
  readonly sessions: number;
  /** SECC worker processes; 1: the station is the SECC process itself. */
  readonly workers: number;
  /**
   * TLS 1.2 (ISO-2 only: DIN 70121 runs on plain TCP [V2G-DC-618]) or TLS 1.3 (ISO 15118-20 only, which runs on
   * nothing else [V2G20-1237]) with these credentials; absent: TCP, DIN and ISO-2.
   */
  readonly tls?: { readonly version: TlsVersion; readonly credentials: TlsCredentials; readonly trustedRoot: string };
  readonly windowMs: number;
  readonly loopIntervalMs: number;
  /** The EVs' pacing spread around `loopIntervalMs`, a fraction (0.1: ±10 %). */
  readonly loopJitter: number;
  /** Node flags for the SECC process, e.g. --cpu-prof. */
  readonly seccFlags: readonly string[];
}

export interface RunFigures {
  readonly sessions: number;
  readonly workers: number;
  readonly link: 'tcp' | TlsVersion;
  readonly protocols: readonly BenchProtocol[];
  readonly setupMs: number;
  readonly latency: LatencySummary;
  readonly requestsPerSecond: number;
  readonly overTimeout: number;
  /** % of one core, every SECC process together; of which system (kernel) time. */
  readonly seccCpu: number;
  readonly seccSystemCpu: number;
  readonly fleetCpu: number;
  /** All cores, all processes (ours and everyone else's), % of one core; undefined off Linux. */
  readonly hostBusy: number | undefined;
  readonly loadAverage: number;
  /** The worst SECC process serving sessions. */
  readonly seccLoopDelayP99Ms: number;
  readonly fleetLoopDelayP99Ms: number;
  /** (at N − idle) / N, bytes, every SECC process together. */
  readonly rssPerSession: number;
  readonly heapPerSession: number;
  readonly memoryCollected: boolean;
  /** How the EVs' sessions ended, and how the SECC's did. */
  readonly evcc: Tally;
  readonly secc: Tally;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const START_BOUND_MS = 60_000;
/** Setup of one session takes tens of ms; a thousand in batches of 50 (10 for TLS), a few seconds. */
const setupBound = (sessions: number): number => 60_000 + sessions * 100;
const STOP_BOUND_MS = 60_000;

export async function measureRun(plan: RunPlan): Promise<RunFigures> {
  const protocols: BenchProtocol[] = plan.tls === undefined ? ['din', 'iso2'] : plan.tls.version === 'tls1.3' ? ['iso20-dc'] : ['iso2'];
  const secc = new ChildLink<FromStation, ToStation>('SECC process', here('./secc-station-worker.js'), ['--expose-gc', ...plan.seccFlags]);
  let fleet: ChildLink<FromFleet, ToFleet> | undefined;
  try {
    secc.send({ type: 'start', tls: plan.tls && { version: plan.tls.version, credentials: plan.tls.credentials }, workers: plan.workers });
    const listening = await secc.next('listening', START_BOUND_MS);
    fleet = new ChildLink<FromFleet, ToFleet>('EVCC process', here('./secc-evcc-worker.js'), []);
    const load = loadAverage();
    fleet.send({
      type: 'start',
      plan: {
        secc: listening.address,
        tls: plan.tls && { version: plan.tls.version, trustedRoot: plan.tls.trustedRoot },
        sessions: plan.sessions,
        protocols,
        windowMs: plan.windowMs,
        loopIntervalMs: plan.loopIntervalMs,
        loopJitter: plan.loopJitter,
      },
    });
    const inLoop = await fleet.next('inLoop', setupBound(plan.sessions));
    secc.send({ type: 'windowStart' });
    const hostFrom = hostCpuTimes();
    const evWindow = await fleet.next('window', plan.windowMs + START_BOUND_MS);
    secc.send({ type: 'windowEnd' });
    const hostTo = hostCpuTimes();
    const seccWindow = await secc.next('window', START_BOUND_MS);
    fleet.send({ type: 'stop' });
    const done = await fleet.next('done', STOP_BOUND_MS);
    secc.send({ type: 'close' });
    const closed = await secc.next('closed', STOP_BOUND_MS);
    const perSession = (at: number, idle: number): number => (at - idle) / plan.sessions;
    return {
      sessions: plan.sessions,
      workers: plan.workers,
      link: plan.tls?.version ?? 'tcp',
      protocols,
      setupMs: inLoop.setupMs,
      latency: evWindow.latency,
      requestsPerSecond: evWindow.latency.count / (evWindow.wallMs / 1000),
      overTimeout: evWindow.overTimeout,
      seccCpu: (seccWindow.cpuMicros / 1000 / seccWindow.wallMs) * 100,
      seccSystemCpu: (seccWindow.systemMicros / 1000 / seccWindow.wallMs) * 100,
      fleetCpu: (evWindow.cpuMicros / 1000 / evWindow.wallMs) * 100,
      hostBusy: hostBusyPercent(hostFrom, hostTo),
      loadAverage: load,
      seccLoopDelayP99Ms: seccWindow.loopDelayP99Ms,
      fleetLoopDelayP99Ms: evWindow.loopDelayP99Ms,
      rssPerSession: perSession(seccWindow.memory.rss, listening.idle.rss),
      heapPerSession: perSession(seccWindow.memory.heapUsed, listening.idle.heapUsed),
      memoryCollected: seccWindow.memory.collected && listening.idle.collected,
      evcc: done.sessions,
      secc: closed.sessions,
    };
  } catch (error) {
    secc.kill();
    fleet?.kill();
    throw error;
  } finally {
    await Promise.all([secc.finish(STOP_BOUND_MS), fleet?.finish(STOP_BOUND_MS)]);
  }
}
