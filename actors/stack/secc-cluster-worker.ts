/**
 * A worker process of a cluster station (secc-cluster.ts): the module the primary forks calls `serveAsSeccWorker`
 * with what only it can build (the power module of a session, where its lines go), and the primary supplies the rest:
 * where to listen, TLS credentials, the worker's slot. The worker then serves its share of the connections exactly as
 * a single-process station does, and asks the primary for the station-wide paused SessionID.
 *
 * Leaving: a worker closes its sessions and servers and leaves at its primary's word, and on SIGTERM or SIGINT of its
 * own (Ctrl-C and a service manager's SIGTERM reach every process of the station at once; a worker signalled alone,
 * by `kill` or a supervisor, must end as well), within LEAVE_BOUND_MS. A worker whose IPC channel closes, because it
 * left or because its primary ended or was killed, ends at once: no process of a station outlives its primary.
 */
import cluster from 'node:cluster';
import { Subject, type Observable } from 'rxjs';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import type { PausedSessions, SessionSite } from './paused-sessions.js';
import { limitsFromIpc, numbersOf, tagged, untagged, type FromWorker, type ToWorker } from './secc-cluster-ipc.js';
import { startSeccServers, type SeccServers, type SeccServersOptions } from './secc-station.js';

/** What a worker's module decides; the network options and the station-wide state come from the primary. */
export type SeccWorkerStationOptions = Omit<SeccServersOptions, 'host' | 'iface' | 'port' | 'tls' | 'limits' | 'pausedSessions' | 'numbering'>;

export interface SeccWorkerContext<Data, Down> {
  /** 1 to `workers`: which worker this is. */
  readonly slot: number;
  readonly workers: number;
  /** The cluster's `workerData`, as the primary gave it. */
  readonly data: Data;
  /** What the primary sends this worker with `send`. */
  readonly messages$: Observable<Down>;
}

export interface SeccWorkerSetup<Up> {
  readonly station: SeccWorkerStationOptions;
  /** Runs once the servers listen: follow the sessions, talk to the primary with `post`. */
  readonly serving?: (servers: SeccServers, post: (message: Up) => void) => void;
  /** Runs after the servers and their sessions closed at the primary's word: stop what the setup started. */
  readonly closed?: () => void | Promise<void>;
}

/** How long a session waits for the primary's paused SessionID before it opens a new session instead. */
const ASK_BOUND_MS = 1_000;
/** Closing a worker's sessions is quick (the primary kills one that takes longer than its own 5 s); a signalled one leaves by then. */
const LEAVE_BOUND_MS = 5_000;

function post(message: FromWorker): void {
  // The channel may have closed (the primary is gone); this process is then leaving anyway.
  process.send?.(tagged(message), undefined, undefined, () => undefined);
}

/** The paused SessionIDs kept by the primary, so that an EV paused on one worker may resume on another. */
class PrimaryPausedSessions implements PausedSessions {
  private asked = 0;
  private readonly waiting = new Map<number, (sessionIds: readonly Uint8Array[]) => void>();

  constructor(private readonly log: (line: string) => void) {}

  joinable(connector: string): Promise<readonly Uint8Array[]> {
    const ask = ++this.asked;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(ask);
        this.log(`SECC worker: the primary did not say within ${ASK_BOUND_MS} ms which sessions are paused; this one starts a new session`);
        resolve([]);
      }, ASK_BOUND_MS);
      this.waiting.set(ask, (sessionIds) => {
        clearTimeout(timer);
        this.waiting.delete(ask);
        resolve(sessionIds);
      });
      post({ type: 'ask', ask, connector });
    });
  }

  answered(ask: number, sessionIds: readonly Uint8Array[]): void {
    this.waiting.get(ask)?.(sessionIds);
  }

  ended(outcome: SessionOutcome, site: SessionSite): void {
    post({ type: 'ended', result: outcome.result, sessionId: numbersOf(outcome.sessionId), site });
  }

  /** Closing: sessions still waiting start new ones (on a channel that is closing too). */
  release(): void {
    for (const resolve of [...this.waiting.values()]) resolve([]);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Serves as worker of the primary that forked this process, until the primary closes the station. `setup` runs once
 * the primary has said who this worker is; a setup or a server that fails is reported to the primary, which gives up
 * starting the station, and the process leaves.
 */
export function serveAsSeccWorker<Data, Down = never, Up = never>(
  setup: (context: SeccWorkerContext<Data, Down>) => SeccWorkerSetup<Up> | Promise<SeccWorkerSetup<Up>>,
): void {
  const worker = cluster.worker;
  if (!worker) throw new Error('serveAsSeccWorker runs in a process forked by startSeccCluster (node:cluster worker)');
  // node:cluster ends a worker whose primary is gone, not one that disconnected itself and still holds a handle.
  process.once('disconnect', () => process.exit());
  const down = new Subject<Down>();
  let paused: PrimaryPausedSessions | undefined;
  let running: Promise<{ servers: SeccServers; closed?: () => void | Promise<void> } | undefined> | undefined;

  const start = async (message: Extract<ToWorker, { type: 'start' }>): Promise<{ servers: SeccServers; closed?: () => void | Promise<void> } | undefined> => {
    try {
      const chosen = await setup({ slot: message.slot, workers: message.workers, data: message.data as Data, messages$: down });
      const log = chosen.station.log ?? ((): void => undefined);
      paused = new PrimaryPausedSessions(log);
      const servers = await startSeccServers({
        ...chosen.station,
        ...message.network,
        limits: limitsFromIpc(message.limits),
        pausedSessions: paused,
        numbering: { first: message.slot, step: message.workers },
      });
      post({ type: 'listening', address: servers.address, tlsAddress: servers.tlsAddress });
      chosen.serving?.(servers, (app) => post({ type: 'app', message: app }));
      return { servers, closed: chosen.closed };
    } catch (error) {
      post({ type: 'failed', reason: reasonOf(error) });
      worker.disconnect();
      return undefined;
    }
  };

  const closeOnce = async (): Promise<void> => {
    const started = await running;
    paused?.release();
    down.complete();
    if (started) {
      await started.servers.close();
      await started.closed?.();
    }
    // Leaving the cluster this way marks the exit as asked for; the process ends once the channel has closed.
    worker.disconnect();
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= closeOnce());
  const leave = (): void => {
    void close().catch((error: unknown) => {
      console.error(`SECC worker ${worker.id}: closing failed: ${reasonOf(error)}`);
      process.exit(1);
    });
  };
  const signalled = (): void => {
    leave();
    setTimeout(() => {
      console.error(`SECC worker ${worker.id}: sessions not closed within ${LEAVE_BOUND_MS} ms of the signal; leaving`);
      process.exit(1);
    }, LEAVE_BOUND_MS).unref();
  };
  process.on('SIGINT', signalled);
  process.on('SIGTERM', signalled);

  process.on('message', (raw: unknown) => {
    const message = untagged<ToWorker>(raw);
    if (!message) return;
    switch (message.type) {
      case 'start':
        running ??= start(message);
        return;
      case 'joinable':
        return paused?.answered(message.ask, message.sessionIds.map((id) => Uint8Array.from(id)));
      case 'app':
        return down.next(message.message as Down);
      case 'close':
        return leave();
    }
  });
  post({ type: 'ready' });
}
