/**
 * What one station serves at once, so that no peer can starve the others: connections in all and per peer address,
 * and charging sessions. An SECC serves the EVs at its connectors: one EV holds one connection (two for a moment
 * when it reconnects before the SECC has seen its old one close) and one session. The defaults leave a handful per
 * peer and some dozens in all, far above what a station's connectors need and far below what exhausts a process's
 * descriptors; a test bench that runs hundreds of EVs from one address raises them.
 */
import { checkLimits, type ConnectionLimits } from '../../transport/connection-gate.js';

export interface StationLimits extends ConnectionLimits {
  /** Charging sessions at once: sessions whose supportedAppProtocol handshake chose a protocol. */
  readonly maxSessions: number;
}

export const DEFAULT_STATION_LIMITS: StationLimits = {
  maxConnections: 64,
  maxConnectionsPerPeer: 4,
  maxSessions: 32,
};

export function stationLimitsFor(overrides: Partial<StationLimits> = {}): StationLimits {
  const limits = { ...DEFAULT_STATION_LIMITS, ...overrides };
  checkLimits(limits);
  return limits;
}

/**
 * A cluster worker's share. node:cluster hands connections to the workers round robin from the primary, which keeps
 * no count of them, so the limits hold per worker: the totals are split evenly (rounded up), and the per-peer bound
 * applies in each worker, which bounds one peer at `workers` times it station-wide (round robin spreads a peer's
 * connections over the workers, so it reaches that only with as many connections as it takes to fill every worker).
 */
export function workerShare(limits: StationLimits, workers: number): StationLimits {
  const share = (n: number): number => (n === Infinity ? n : Math.ceil(n / workers));
  return { maxConnections: share(limits.maxConnections), maxConnectionsPerPeer: limits.maxConnectionsPerPeer, maxSessions: share(limits.maxSessions) };
}
