/**
 * What a cluster station's primary and its workers tell each other over Node's IPC channel. Every message carries
 * the `kopher` tag, so anything else on the channel (a stray `process.send`) is recognised as not ours and dropped.
 * Messages are JSON (cluster's default serialization): a SessionID travels as its bytes' numbers.
 *
 * A worker says `ready` first: a message that reaches a process before its module has added a 'message' listener is
 * lost, and a worker's module loads the whole stack before it gets there.
 */
import type { SessionOutcome } from '../../machines/session/session-events.js';
import type { Endpoint } from '../../base/connection-events.js';
import type { SeccTlsOptions } from './secc-station.js';
import type { StationLimits } from './station-limits.js';
import type { SessionSite } from './paused-sessions.js';

export const CLUSTER_TAG = 'kopher-secc-cluster';

/** Where a worker listens: the same for every worker, the port shared through the primary. */
export interface WorkerNetwork {
  readonly host?: string;
  readonly iface?: string;
  readonly port?: number;
  readonly tls?: SeccTlsOptions;
}

/** A worker's share of the station's limits; JSON has no Infinity, so no limit travels as null. */
export type IpcLimits = { readonly [K in keyof StationLimits]: number | null };

export const limitsToIpc = (limits: StationLimits): IpcLimits => ({
  maxConnections: finite(limits.maxConnections),
  maxConnectionsPerPeer: finite(limits.maxConnectionsPerPeer),
  maxSessions: finite(limits.maxSessions),
});

export const limitsFromIpc = (limits: IpcLimits): StationLimits => ({
  maxConnections: limits.maxConnections ?? Infinity,
  maxConnectionsPerPeer: limits.maxConnectionsPerPeer ?? Infinity,
  maxSessions: limits.maxSessions ?? Infinity,
});

const finite = (n: number): number | null => (n === Infinity ? null : n);

export type ToWorker =
  | {
      readonly type: 'start';
      readonly slot: number;
      readonly workers: number;
      readonly network: WorkerNetwork;
      readonly limits: IpcLimits;
      readonly data: unknown;
    }
  | { readonly type: 'joinable'; readonly ask: number; readonly sessionIds: readonly (readonly number[])[] }
  | { readonly type: 'app'; readonly message: unknown }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'listening'; readonly address: Endpoint; readonly tlsAddress?: Endpoint }
  | { readonly type: 'failed'; readonly reason: string }
  | { readonly type: 'ask'; readonly ask: number; readonly connector: string }
  | { readonly type: 'ended'; readonly result: SessionOutcome['result']; readonly sessionId?: readonly number[]; readonly site: SessionSite }
  | { readonly type: 'app'; readonly message: unknown };

type Tagged<M> = M & { readonly kopher: typeof CLUSTER_TAG };

export function tagged<M>(message: M): Tagged<M> {
  return { ...message, kopher: CLUSTER_TAG };
}

/** The message if it is one of ours (tagged, with a type); undefined for anything else on the channel. */
export function untagged<M extends { readonly type: string }>(raw: unknown): M | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const candidate = raw as { kopher?: unknown; type?: unknown };
  return candidate.kopher === CLUSTER_TAG && typeof candidate.type === 'string' ? (raw as M) : undefined;
}

export function bytesOf(numbers: readonly number[] | undefined): Uint8Array | undefined {
  return numbers && Uint8Array.from(numbers);
}

export function numbersOf(bytes: Uint8Array | undefined): number[] | undefined {
  return bytes && Array.from(bytes);
}
