/**
 * The SECC process of `bench:secc`: a station on [::1] with DIN 70121 and ISO 15118-2 (DC), TLS 1.2 as well when
 * credentials are given, and a simulated DC power stage per session (bench/secc-measured.ts). With one worker it is
 * the station itself (`startSeccStation`); with W it is the primary of a cluster station (`startSeccCluster`) whose W
 * worker processes (bench/secc-cluster-worker.ts) serve the sessions, while it runs SDP and answers for the paused
 * SessionID. It reports the SECC over the window the bench marks: CPU (process.cpuUsage) and memory after a full
 * collection (when started with --expose-gc, which the workers inherit) of every SECC process summed, and the event
 * loop delay of the worst process that serves sessions. Run it with --cpu-prof to see where the time goes (one
 * profile per process).
 */
import type { Endpoint } from '../base/connection-events.js';
import { startSeccCluster, type SeccCluster } from '../actors/stack/secc-cluster.js';
import { startSeccStation, type SeccTlsOptions } from '../actors/stack/secc-station.js';
import { takeBenchMessages } from './bench-messages.js';
import type { BenchTls, FromClusterWorker, FromStation, StationMemory, Tally, ToClusterWorker, ToStation, WindowFigures } from './secc-bench-ipc.js';
import { BENCH_LIMITS, BenchSessions, memory, WindowMeter } from './secc-measured.js';
import { TallyCounter } from './tally.js';

/** The workers answer at once, except for their tally, which waits up to 10 s for sessions still closing. */
const ANSWER_BOUND_MS = 20_000;

/** The SECC as the bench sees it, whether one process or a cluster. */
interface StationUnderTest {
  readonly address: Endpoint;
  idle(): Promise<StationMemory>;
  windowStart(): void;
  windowEnd(): Promise<WindowFigures>;
  /** How every session ended; then the station is closed. */
  close(): Promise<Tally>;
}

function post(message: FromStation): void {
  process.send?.(message);
}

/** The station's one TLS port: TLS 1.2 with the -2 chain, or TLS 1.3 with the -20 chain. */
function stationTls(tls: BenchTls | undefined): SeccTlsOptions | undefined {
  if (tls === undefined) return undefined;
  return tls.version === 'tls1.3' ? { tls13: { credentials: tls.credentials } } : { credentials: tls.credentials };
}

async function singleProcess(tls: BenchTls | undefined): Promise<StationUnderTest> {
  const sessions = new BenchSessions();
  const meter = new WindowMeter();
  const station = await startSeccStation({ ...sessions.options, host: '::1', sdpPort: 0, tls: stationTls(tls), limits: BENCH_LIMITS });
  sessions.follow(station);
  return {
    address: station.tlsAddress ?? station.address,
    idle: async () => memory(),
    windowStart: () => meter.open(),
    windowEnd: async () => meter.close(),
    async close() {
      const tally = await sessions.tally();
      await station.close();
      sessions.stop();
      return tally;
    },
  };
}

type Answer<T extends FromClusterWorker['type']> = Extract<FromClusterWorker, { type: T }>;

/** Asks every worker still running and waits for each one's answer; a worker that dies meanwhile fails the question. */
function askWorkers<T extends FromClusterWorker['type']>(
  station: SeccCluster<FromClusterWorker, ToClusterWorker>,
  question: ToClusterWorker,
  answer: T,
): Promise<Answer<T>[]> {
  const slots = [...station.workers().keys()];
  return new Promise((resolve, reject) => {
    const answers = new Map<number, Answer<T>>();
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      subscriptions.unsubscribe();
      if (error) reject(error);
      else resolve(slots.map((slot) => answers.get(slot)!));
    };
    const timer = setTimeout(() => finish(new Error(`SECC workers did not answer '${question.type}' within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
    const subscriptions = station.messages$.subscribe(({ slot, message }) => {
      if (message.type !== answer) return;
      answers.set(slot, message as Answer<T>);
      if (answers.size === slots.length) finish();
    });
    subscriptions.add(station.exits$.subscribe((exit) => finish(new Error(`SECC worker ${exit.slot} ${exit.reason} before answering '${question.type}'`))));
    for (const slot of slots) station.send(slot, question);
  });
}

function summedMemory(readings: readonly StationMemory[]): StationMemory {
  return {
    rss: readings.reduce((sum, m) => sum + m.rss, 0),
    heapUsed: readings.reduce((sum, m) => sum + m.heapUsed, 0),
    collected: readings.every((m) => m.collected),
  };
}

/** The primary's CPU counts (SDP, handing connections over, the paused SessionID); its loop serves no session. */
function clusterFigures(primary: WindowFigures, workers: readonly WindowFigures[]): WindowFigures {
  const all = [primary, ...workers];
  return {
    cpuMicros: all.reduce((sum, f) => sum + f.cpuMicros, 0),
    systemMicros: all.reduce((sum, f) => sum + f.systemMicros, 0),
    wallMs: primary.wallMs,
    memory: summedMemory(all.map((f) => f.memory)),
    loopDelayP99Ms: Math.max(...workers.map((f) => f.loopDelayP99Ms)),
  };
}

async function cluster(tls: BenchTls | undefined, workers: number): Promise<StationUnderTest> {
  const meter = new WindowMeter();
  const station = await startSeccCluster<null, FromClusterWorker, ToClusterWorker>({
    workers,
    workerModule: new URL('./secc-cluster-worker.js', import.meta.url),
    workerData: null,
    // The bench chose this process's flags (bench:secc --secc-node-flags): the workers run with the same.
    execArgv: process.execArgv,
    host: '::1',
    sdpPort: 0,
    tls: stationTls(tls),
    limits: BENCH_LIMITS,
    log: (line) => console.error(line),
  });
  return {
    address: station.tlsAddress ?? station.address,
    idle: async () => summedMemory([memory(), ...(await askWorkers(station, { type: 'idle' }, 'idle')).map((a) => a.memory)]),
    windowStart() {
      meter.open();
      for (const slot of station.workers().keys()) station.send(slot, { type: 'windowStart' });
    },
    async windowEnd() {
      const own = meter.close();
      const theirs = await askWorkers(station, { type: 'windowEnd' }, 'window');
      return clusterFigures(
        own,
        theirs.map((a) => a.figures),
      );
    },
    async close() {
      const tally = new TallyCounter();
      for (const answer of await askWorkers(station, { type: 'tally' }, 'tally')) tally.add(answer.sessions);
      await station.close();
      return tally.tally();
    },
  };
}

let station: StationUnderTest | undefined;

async function handle(message: ToStation): Promise<void> {
  switch (message.type) {
    case 'start': {
      station = message.workers > 1 ? await cluster(message.tls, message.workers) : await singleProcess(message.tls);
      post({ type: 'listening', address: station.address, idle: await station.idle() });
      return;
    }
    case 'windowStart':
      return station?.windowStart();
    case 'windowEnd': {
      const figures = await station?.windowEnd();
      if (figures) post({ type: 'window', ...figures });
      return;
    }
    case 'close': {
      const sessions = await station?.close();
      if (sessions) post({ type: 'closed', sessions });
      process.disconnect?.();
      return;
    }
  }
}

takeBenchMessages((message: ToStation) => {
  handle(message).catch((error: unknown) => {
    console.error(`SECC process: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
});
