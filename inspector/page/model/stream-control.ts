/**
 * What the inspector's server tells its own page besides events (the `?batch` stream only: Stately's inspector gets
 * nothing but Stately events). Shared by the server and the page, so both spell it alike.
 */

/** Sent when the page joins, and again if it fell so far behind that it is resynced from the kept snapshots. */
export interface CatchUpMessage {
  readonly type: 'kopher.catch-up';
  /** Events the server sends before the page is at live. */
  readonly events: number;
  /** The time those events span on the stream's clock, ms. */
  readonly ms: number;
  /** Events of the run that are no longer kept whole: their actors arrive as their latest snapshots instead. */
  readonly compacted: number;
  /** True when the page had fallen behind what is kept and starts again from the snapshots. */
  readonly resync: boolean;
}

/** The page has every event the server has: from now on it is live. */
export interface LiveMessage {
  readonly type: 'kopher.live';
}

export type StreamControl = CatchUpMessage | LiveMessage;

export function isStreamControl(value: unknown): value is StreamControl {
  const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
  return type === 'kopher.catch-up' || type === 'kopher.live';
}
