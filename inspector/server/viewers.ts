/**
 * The inspector's viewers and what each is sent, so that no viewer can hurt the sessions being watched: their number
 * is capped, each is fed from the journal on the server's own turn (never from the sessions' call), and only while
 * its socket has taken what it was sent before. A viewer that stops reading holds at most `highWater` plus one batch;
 * once it reads again it continues where it was, or, if that part of the history is gone, from the kept snapshots
 * (a resync); one that stays stuck is closed. Viewers level with the stream share one encoding of what is new: the
 * cost of a turn grows with the events and the viewers, not with their product.
 */
import type { CatchUpMessage, LiveMessage } from '../page/model/stream-control.js';
import type { Journal } from './journal.js';
import { textFrame, type WebSocketConnection } from './websocket.js';

/** Enough for a team around one station; each viewer costs the server a share of its time. */
export const DEFAULT_MAX_VIEWERS = 32;

export interface ViewerLimits {
  /** Viewers served at once; one more is closed with 1013 and a reason. Default DEFAULT_MAX_VIEWERS. */
  readonly maxViewers?: number;
  /** A viewer is sent nothing more while this many bytes wait in its socket; default 1 MiB. */
  readonly highWater?: number;
  /** Characters of JSON per write to a viewer (one message to our page); default 256 Ki. */
  readonly batchChars?: number;
  /** A viewer blocked at `highWater` this long is closed; default 30 s. */
  readonly stalledMs?: number;
}

export interface ViewerStats {
  readonly viewers: number;
  /** Refused over the cap since the start. */
  readonly refused: number;
  /** Fell behind the kept history and were resynced from the snapshots. */
  readonly resynced: number;
  /** Closed for staying blocked. */
  readonly dropped: number;
  /** Bytes waiting in all viewers' sockets now. */
  readonly bufferedBytes: number;
}

interface Viewer {
  readonly connection: WebSocketConnection;
  /** Our page: JSON arrays and control messages; otherwise one Stately event per message. */
  readonly batch: boolean;
  /** The base events still to send, from `pendingAt`. */
  pending: readonly string[];
  pendingAt: number;
  /** The next journal event to send. */
  cursor: number;
  catchingUp: boolean;
  blockedSince: number | undefined;
}

export class Viewers {
  private readonly maxViewers: number;
  private readonly highWater: number;
  private readonly batchChars: number;
  private readonly stalledMs: number;
  private readonly viewers = new Set<Viewer>();
  private refused = 0;
  private resynced = 0;
  private dropped = 0;
  /** The frames of the newest events from a journal position, per kind of viewer, while the journal's head is `cacheHead`. */
  private readonly cache = new Map<string, { readonly frames: Buffer; readonly next: number }>();
  private cacheHead = -1;

  constructor(
    private readonly journal: Journal,
    limits: ViewerLimits = {},
  ) {
    this.maxViewers = limits.maxViewers ?? DEFAULT_MAX_VIEWERS;
    this.highWater = limits.highWater ?? 2 ** 20;
    this.batchChars = limits.batchChars ?? 256 * 2 ** 10;
    this.stalledMs = limits.stalledMs ?? 30_000;
  }

  /** Takes a new viewer, or closes it with the reason when the cap is reached. */
  admit(connection: WebSocketConnection, batch: boolean): void {
    if (this.viewers.size >= this.maxViewers) {
      this.refused++;
      // 1013 Try Again Later (RFC 6455 §7.4.1 as registered by IANA).
      connection.close(1013, `inspector full: ${this.maxViewers} viewers already watching`);
      return;
    }
    const viewer: Viewer = { connection, batch, pending: [], pendingAt: 0, cursor: 0, catchingUp: true, blockedSince: undefined };
    this.restart(viewer, false);
    this.viewers.add(viewer);
    connection.onClose(() => this.viewers.delete(viewer));
    connection.onDrain(() => this.pump(viewer));
    this.pump(viewer);
  }

  /** Sends every viewer what it can take of what the journal has; `now` in ms for the stall check. */
  flush(now: number): void {
    for (const viewer of this.viewers) {
      this.pump(viewer);
      if (viewer.connection.bufferedBytes() < this.highWater) viewer.blockedSince = undefined;
      else if (viewer.blockedSince === undefined) viewer.blockedSince = now;
      else if (now - viewer.blockedSince > this.stalledMs) {
        this.dropped++;
        this.viewers.delete(viewer);
        viewer.connection.close(1008, `too slow: blocked over ${this.stalledMs} ms`);
      }
    }
  }

  stats(): ViewerStats {
    let bufferedBytes = 0;
    for (const viewer of this.viewers) bufferedBytes += viewer.connection.bufferedBytes();
    return { viewers: this.viewers.size, refused: this.refused, resynced: this.resynced, dropped: this.dropped, bufferedBytes };
  }

  closeAll(code: number, reason: string): void {
    for (const viewer of this.viewers) viewer.connection.close(code, reason);
    this.viewers.clear();
  }

  /** From the kept snapshots and the tail, as a viewer joining now. */
  private restart(viewer: Viewer, resync: boolean): void {
    viewer.pending = this.journal.baseEvents();
    viewer.pendingAt = 0;
    viewer.cursor = this.journal.tailStart;
    viewer.catchingUp = true;
    if (viewer.batch) {
      const message: CatchUpMessage = { type: 'kopher.catch-up', ...this.journal.summary(), resync };
      viewer.connection.sendText(JSON.stringify(message));
    }
  }

  private pump(viewer: Viewer): void {
    const { connection } = viewer;
    if (!this.viewers.has(viewer) || connection.bufferedBytes() >= this.highWater) return;
    if (viewer.cursor < this.journal.tailStart) {
      this.resynced++;
      this.restart(viewer, true);
    }
    while (connection.bufferedBytes() < this.highWater) {
      const frames = viewer.pendingAt < viewer.pending.length ? this.pendingFrames(viewer) : this.journalFrames(viewer);
      if (frames === undefined) break;
      connection.sendFrames(frames);
    }
    if (viewer.pending.length > 0 && viewer.pendingAt >= viewer.pending.length) {
      viewer.pending = [];
      viewer.pendingAt = 0;
    }
    if (viewer.catchingUp && viewer.pending.length === 0 && viewer.cursor === this.journal.head) {
      viewer.catchingUp = false;
      const live: LiveMessage = { type: 'kopher.live' };
      if (viewer.batch) connection.sendText(JSON.stringify(live));
    }
  }

  private pendingFrames(viewer: Viewer): Buffer {
    const texts: string[] = [];
    for (let chars = 0; viewer.pendingAt < viewer.pending.length && chars < this.batchChars; ) {
      const text = viewer.pending[viewer.pendingAt++]!;
      texts.push(text);
      chars += text.length;
    }
    return this.frames(viewer.batch, texts);
  }

  private journalFrames(viewer: Viewer): Buffer | undefined {
    const { head } = this.journal;
    if (viewer.cursor >= head) return undefined;
    if (this.cacheHead !== head) {
      this.cache.clear();
      this.cacheHead = head;
    }
    const key = `${viewer.batch ? 'batch' : 'each'}:${viewer.cursor}`;
    let chunk = this.cache.get(key);
    if (chunk === undefined) {
      const texts: string[] = [];
      let seq = viewer.cursor;
      for (let chars = 0; seq < head && chars < this.batchChars; seq++) {
        const text = this.journal.text(seq)!;
        texts.push(text);
        chars += text.length;
      }
      chunk = { frames: this.frames(viewer.batch, texts), next: seq };
      // Only the newest events are what several viewers ask for at once; a catching-up viewer's are its own.
      if (seq === head) this.cache.set(key, chunk);
    }
    viewer.cursor = chunk.next;
    return chunk.frames;
  }

  /** One JSON array for our page; one message per event, as Stately's inspector reads them, otherwise. */
  private frames(batch: boolean, texts: readonly string[]): Buffer {
    return batch ? textFrame(`[${texts.join(',')}]`) : Buffer.concat(texts.map(textFrame));
  }
}
