/**
 * One charging station spread over several CPU cores: W worker processes (node:cluster) share the V2G TCP and TLS
 * listening sockets and each serves its share of the connections exactly as a single-process station does
 * (secc-cluster-worker.ts); this, the primary, runs SDP once and keeps what is station-wide, the paused SessionIDs.
 * Sessions are independent of one another, so nothing else needs sharing.
 *
 * Connections are handed out by node:cluster, round robin by default on Linux (the primary accepts and passes each
 * socket on); a session stays on the worker that accepted it.
 *
 * A worker that dies takes its own sessions with it and nothing else: the primary logs it and the others serve on. It
 * is not replaced: a worker that crashed is a fault to find, not to hide, and a station with fewer workers still
 * serves. When the last one is gone, SDP stops too (it would send EVs to a port nobody serves) and `ended` settles,
 * so that whoever runs the station can restart it.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { Subject, type Observable } from 'rxjs';
import type { Endpoint } from '../../base/connection-events.js';
import { openOnDynamicPort } from '../../transport/dynamic-ports.js';
import { formatEndpoint } from '../../transport/endpoint.js';
import { listenTcp } from '../../transport/tcp.js';
import type { TcpServer } from '../../transport/server.js';
import type { SdpServer } from '../sdp/sdp-server.js';
import type { Clock } from '../../base/clock.js';
import { LocalPausedSessions, type PausedSessions } from './paused-sessions.js';
import { bytesOf, limitsToIpc, tagged, untagged, type FromWorker, type ToWorker, type WorkerNetwork } from './secc-cluster-ipc.js';
import { startSeccSdp } from './secc-station.js';
import { stationLimitsFor, workerShare, type StationLimits } from './station-limits.js';
import { STATION_NODE_FLAGS } from './station-node-flags.js';

export interface SeccClusterOptions<Data> extends WorkerNetwork {
  /** How many worker processes; at least 1. */
  readonly workers: number;
  /** The whole station's limits; each worker keeps its share (station-limits.ts workerShare says how). */
  readonly limits?: Partial<StationLimits>;
  /** The module each worker runs (a path or file: URL); it calls `serveAsSeccWorker`. */
  readonly workerModule: string | URL;
  /** Given to every worker's setup: what it needs to build its sessions' options. JSON-safe. */
  readonly workerData: Data;
  /** Node flags of the workers; default this process's own and STATION_NODE_FLAGS. */
  readonly execArgv?: readonly string[];
  /** SDP server port; default 15118, 0 for an ephemeral one. */
  readonly sdpPort?: number;
  /** Where the paused sessions are remembered for all workers; default in this process. */
  readonly pausedSessions?: PausedSessions;
  /** The primary's lines: SDP, and workers that died. */
  readonly log?: (line: string) => void;
  /** Timestamps of SDP's traffic; default the system clock. */
  readonly clock?: Clock;
  /** How long every worker has to load and listen before the start fails; default START_BOUND_MS. */
  readonly startBoundMs?: number;
}

/** A worker that ended without being asked to. */
export interface SeccWorkerExit {
  readonly slot: number;
  readonly pid: number;
  /** `exited with code 1`, `killed by SIGKILL`. */
  readonly reason: string;
}

export interface SeccCluster<Up = never, Down = never> {
  readonly address: Endpoint;
  readonly tlsAddress?: Endpoint;
  readonly sdpPort: number;
  /** The workers still running, by slot (1 to W), with their process IDs. */
  workers(): ReadonlyMap<number, number>;
  readonly exits$: Observable<SeccWorkerExit>;
  /** What workers post from their `serving` callback. */
  readonly messages$: Observable<{ readonly slot: number; readonly message: Up }>;
  /** To one worker's `messages$`; false when that worker is gone. */
  send(slot: number, message: Down): boolean;
  /** Settles once no worker is left, whether they died or the station closed. */
  readonly ended: Promise<void>;
  /** Stops SDP, has every worker close its sessions and servers and leave; a worker that does not is killed. */
  close(): Promise<void>;
}

/** A worker that could not start: the station did not start either. */
export class SeccClusterError extends Error {
  override readonly name = 'SeccClusterError';

  constructor(
    readonly slot: number,
    readonly reason: string,
  ) {
    super(`SECC worker ${slot}: ${reason}`);
  }
}

/** Loading the stack and listening takes a worker about a second on a busy machine; this leaves room for more. */
const START_BOUND_MS = 20_000;
/** Closing a worker's sessions is quick; one that has not left by then is killed. */
const STOP_BOUND_MS = 5_000;

interface Member {
  readonly slot: number;
  readonly worker: Worker;
  readonly exited: Promise<void>;
}

/**
 * The network of the workers with both ports fixed. node:cluster binds a shared port in this process when the first
 * worker listens on it, and a worker asking for port 0 gets whatever the system chooses, outside the dynamic range
 * more often than not; so the ports are chosen here, in the range, by binding each once (secc-station.ts's rule). The
 * port is free again between this probe and the first worker's listen: another process taking it in those
 * milliseconds makes the station fail to start, as a taken fixed port does.
 */
async function sharedPorts(options: WorkerNetwork): Promise<WorkerNetwork> {
  const probes: TcpServer[] = [];
  const probe = async (fixed: number | undefined): Promise<number> => {
    if (fixed !== undefined) return fixed;
    const where = formatEndpoint(options.host ?? options.iface ?? '::', 0);
    const server = await openOnDynamicPort((port) => listenTcp({ host: options.host, iface: options.iface, port }), where);
    probes.push(server);
    return server.address.port;
  };
  try {
    const port = await probe(options.port);
    const tls = options.tls && { ...options.tls, port: await probe(options.tls.port) };
    return { host: options.host, iface: options.iface, port, tls };
  } finally {
    await Promise.all(probes.map((server) => server.close()));
  }
}

function exitReason(code: number | null, signal: string | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

export async function startSeccCluster<Data, Up = never, Down = never>(options: SeccClusterOptions<Data>): Promise<SeccCluster<Up, Down>> {
  if (!cluster.isPrimary) throw new Error('startSeccCluster runs in a primary process, not in a cluster worker');
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers ${options.workers}: a whole number of at least 1`);
  const log = options.log ?? ((): void => undefined);
  const startBoundMs = options.startBoundMs ?? START_BOUND_MS;
  const paused = options.pausedSessions ?? new LocalPausedSessions();
  const limits = limitsToIpc(workerShare(stationLimitsFor(options.limits), options.workers));
  const network = await sharedPorts(options);
  const members = new Map<number, Member>();
  const exits = new Subject<SeccWorkerExit>();
  const messages = new Subject<{ slot: number; message: Up }>();
  const listening = new Map<number, (report: Extract<FromWorker, { type: 'listening' | 'failed' }> | { type: 'gone'; reason: string }) => void>();
  let sdp: SdpServer | undefined;
  let sdpClosed: Promise<void> | undefined;
  // Stopped by close() or by the last worker's death, whichever comes first; a UDP socket is closed once.
  const stopSdp = (): Promise<void> => (sdpClosed ??= sdp?.close() ?? Promise.resolve());
  let closing = false;
  let allGone: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (allGone = resolve));

  const sendTo = (member: Member, message: ToWorker): boolean => {
    if (!member.worker.isConnected()) return false;
    // A worker may die between the check and the write: that is reported by its exit, not here.
    member.worker.send(tagged(message), undefined, () => undefined);
    return true;
  };

  const heard = (member: Member, message: FromWorker): void => {
    switch (message.type) {
      case 'ready':
        sendTo(member, { type: 'start', slot: member.slot, workers: options.workers, network, limits, data: options.workerData });
        return;
      case 'listening':
      case 'failed':
        return listening.get(member.slot)?.(message);
      case 'ask':
        void paused.joinable(message.connector).then((ids) => sendTo(member, { type: 'joinable', ask: message.ask, sessionIds: ids.map((id) => Array.from(id)) }));
        return;
      case 'ended':
        return paused.ended({ result: message.result, sessionId: bytesOf(message.sessionId) }, message.site);
      case 'app':
        return messages.next({ slot: member.slot, message: message.message as Up });
    }
  };

  const gone = (member: Member, code: number | null, signal: string | null): void => {
    members.delete(member.slot);
    const reason = exitReason(code, signal);
    listening.get(member.slot)?.({ type: 'gone', reason });
    if (!closing) {
      log(`SECC worker ${member.slot} (pid ${member.worker.process.pid}) ${reason}: its sessions are lost; ${members.size} worker(s) left`);
      exits.next({ slot: member.slot, pid: member.worker.process.pid ?? 0, reason });
    }
    if (members.size > 0) return;
    if (!closing) log('SECC: no worker left; SDP stops');
    void stopSdp();
    exits.complete();
    messages.complete();
    allGone();
  };

  cluster.setupPrimary({
    exec: typeof options.workerModule === 'string' ? options.workerModule : fileURLToPath(options.workerModule),
    args: [],
    execArgv: options.execArgv ? [...options.execArgv] : [...process.execArgv, ...STATION_NODE_FLAGS],
    silent: false,
  });
  for (let slot = 1; slot <= options.workers; slot++) {
    const worker = cluster.fork();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const member: Member = { slot, worker, exited };
    members.set(slot, member);
    worker.on('message', (raw: unknown) => {
      const message = untagged<FromWorker>(raw);
      if (message) heard(member, message);
    });
    // An IPC write to a worker that just died; its exit says what happened.
    worker.on('error', () => undefined);
    worker.once('exit', (code: number | null, signal: string | null) => gone(member, code, signal));
  }

  const stopWorkers = async (): Promise<void> => {
    closing = true;
    await Promise.all(
      [...members.values()].map(async (member) => {
        sendTo(member, { type: 'close' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_BOUND_MS)));
        const left = await Promise.race([member.exited.then(() => 'left' as const), late]);
        clearTimeout(timer);
        if (left === 'left') return;
        log(`SECC worker ${member.slot} (pid ${member.worker.process.pid}) did not leave within ${STOP_BOUND_MS} ms; killed`);
        member.worker.process.kill('SIGKILL');
        await member.exited;
      }),
    );
  };

  let address: Endpoint;
  let tlsAddress: Endpoint | undefined;
  try {
    const reports = await Promise.all(
      [...members.values()].map(
        (member) =>
          new Promise<Extract<FromWorker, { type: 'listening' }>>((resolve, reject) => {
            const timer = setTimeout(() => reject(new SeccClusterError(member.slot, `not listening within ${startBoundMs} ms`)), startBoundMs);
            listening.set(member.slot, (report) => {
              clearTimeout(timer);
              listening.delete(member.slot);
              if (report.type === 'listening') resolve(report);
              else reject(new SeccClusterError(member.slot, report.reason));
            });
          }),
      ),
    );
    ({ address, tlsAddress } = reports[0]!);
    sdp = await startSeccSdp({ address, tlsAddress }, { ...options, log });
    if (sdpClosed) {
      await sdp.close();
      throw new Error('SECC: every worker left while SDP was starting');
    }
  } catch (error) {
    for (const waiting of listening.values()) waiting({ type: 'gone', reason: 'the station did not start' });
    await stopWorkers();
    throw error;
  }

  return {
    address,
    tlsAddress,
    sdpPort: sdp.port,
    workers: () => new Map([...members.values()].map((m) => [m.slot, m.worker.process.pid ?? 0])),
    exits$: exits,
    messages$: messages,
    send: (slot, message) => {
      const member = members.get(slot);
      return member !== undefined && sendTo(member, { type: 'app', message });
    },
    ended,
    async close() {
      closing = true;
      await stopSdp();
      await stopWorkers();
      await ended;
    },
  };
}
