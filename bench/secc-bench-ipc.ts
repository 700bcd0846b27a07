/**
 * What the processes of `bench:secc` tell each other over Node's IPC channel: the bench (orchestrator), the SECC
 * process (bench/secc-station-worker.ts), with `--workers` above 1 its cluster workers (bench/secc-cluster-worker.ts),
 * and the EVCC fleet process (bench/secc-evcc-worker.ts).
 */
import type { SessionProtocol } from '../actors/stack/session-machines.js';
import type { TlsCredentials } from '../crypto/index.js';
import type { Endpoint } from '../base/connection-events.js';
import type { TlsVersion } from '../transport/tls.js';

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** How a group of sessions ended: how many as they should, and the reasons of the others with their counts. */
export interface Tally {
  readonly ok: number;
  readonly failures: Readonly<Record<string, number>>;
}

export type ToStation =
  | { readonly type: 'start'; readonly tls?: BenchTls; readonly workers: number }
  | { readonly type: 'windowStart' }
  | { readonly type: 'windowEnd' }
  | { readonly type: 'close' };

export interface StationMemory {
  readonly rss: number;
  readonly heapUsed: number;
  /** Whether gc() ran before the reading (the process was started with --expose-gc). */
  readonly collected: boolean;
}

/** One process's figures over the window; for a cluster, summed over its processes (see secc-station-worker.ts). */
export interface WindowFigures {
  /** User + system CPU over the window, µs; the system part alone (the kernel's socket work); wall time, ms. */
  readonly cpuMicros: number;
  readonly systemMicros: number;
  readonly wallMs: number;
  readonly memory: StationMemory;
  /** p99 of the event loop's delay over the window, ms: how long a ready socket may wait for the SECC's turn. */
  readonly loopDelayP99Ms: number;
}

export type FromStation =
  | { readonly type: 'listening'; readonly address: Endpoint; readonly idle: StationMemory }
  | ({ readonly type: 'window' } & WindowFigures)
  | { readonly type: 'closed'; readonly sessions: Tally };

/** The cluster primary's questions to each of its workers, and their answers. */
export type ToClusterWorker = { readonly type: 'idle' } | { readonly type: 'windowStart' } | { readonly type: 'windowEnd' } | { readonly type: 'tally' };

export type FromClusterWorker =
  | { readonly type: 'idle'; readonly memory: StationMemory }
  | { readonly type: 'window'; readonly figures: WindowFigures }
  | { readonly type: 'tally'; readonly sessions: Tally };

/** The protocols the bench's scripted EVCCs speak: DC each (bench/din-script.ts, iso2-script.ts, iso20-script.ts). */
export type BenchProtocol = Extract<SessionProtocol, 'din' | 'iso2' | 'iso20-dc'>;

/** The station's TLS: 1.2 with the -2 chain (ISO 15118-2) or 1.3 with the -20 chain (ISO 15118-20). */
export interface BenchTls {
  readonly version: TlsVersion;
  readonly credentials: TlsCredentials;
}

export interface FleetPlan {
  readonly secc: Endpoint;
  /** The TLS version the fleet speaks and the PEM of the V2G root it trusts; absent: TCP. */
  readonly tls?: { readonly version: TlsVersion; readonly trustedRoot: string };
  readonly sessions: number;
  /** Session i speaks protocols[i % protocols.length]. */
  readonly protocols: readonly BenchProtocol[];
  readonly windowMs: number;
  readonly loopIntervalMs: number;
  /** See ScriptedEvccOptions.loopJitter. */
  readonly loopJitter: number;
}

export type ToFleet = { readonly type: 'start'; readonly plan: FleetPlan } | { readonly type: 'stop' };

export type FromFleet =
  | { readonly type: 'inLoop'; readonly setupMs: number; readonly failed: number }
  | {
      readonly type: 'window';
      readonly latency: LatencySummary;
      readonly wallMs: number;
      /** CurrentDemandRes later than V2G_EVCC_Msg_Timeout (a real EV would have ended the session). */
      readonly overTimeout: number;
      /** The fleet process's own CPU over the window, µs, and its event loop delay p99, ms. */
      readonly cpuMicros: number;
      readonly loopDelayP99Ms: number;
    }
  | { readonly type: 'done'; readonly sessions: Tally };
