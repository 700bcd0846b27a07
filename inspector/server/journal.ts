/**
 * The inspector server's bounded history. The sessions' side only appends the event object (O(1), no encoding); the
 * server encodes what was appended on a later turn of the event loop (`encode`). What is kept: the newest events (the
 * tail, bounded in count and characters) and, for what fell out of it, each actor's announcement and its latest snapshot
 * (the base, bounded in actors, the ended ones forgotten first). A viewer that joins gets the base then the tail, so
 * joining costs the same after a minute or a month, and the page still starts from every kept actor's state.
 */
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';

export interface JournalLimits {
  /** Events kept whole, newest first to stay; default 5,000 (a whole DIN session of the demo is ~3,500). */
  readonly events?: number;
  /** Characters of JSON kept whole (about bytes: the stream is mostly ASCII); default 8 Mi. */
  readonly chars?: number;
  /** Actors whose latest snapshot outlives the tail; default 1,024. */
  readonly actors?: number;
}

interface Entry {
  readonly text: string;
  readonly type: StatelyInspectionEvent['type'];
  readonly sessionId: string;
  readonly time: number;
  /** A snapshot whose status says the actor will not change again. */
  readonly ended: boolean;
}

interface BaseActor {
  readonly announcement: string;
  snapshot: string | undefined;
}

export interface JoinSummary {
  /** Events a viewer joining now receives: the base, then the tail. */
  readonly events: number;
  /** From the oldest kept event to the newest, ms on the stream's clock. */
  readonly ms: number;
  /** Events that fell out of the tail; only their actors' latest snapshots remain. */
  readonly compacted: number;
}

export class Journal {
  private readonly maxEvents: number;
  private readonly maxChars: number;
  private readonly maxActors: number;
  private incoming: StatelyInspectionEvent[] = [];
  private readonly ring: Array<Entry | undefined>;
  private chars = 0;
  private readonly base = new Map<string, BaseActor>();
  /** Base actors that ended, oldest ending first: forgotten before any running one. */
  private readonly ended = new Set<string>();
  /** Sequence number of the next event encoded (events are numbered from 0 in arrival order). */
  head = 0;
  /** Sequence number of the oldest event kept whole. */
  tailStart = 0;

  constructor(limits: JournalLimits = {}) {
    this.maxEvents = Math.max(1, limits.events ?? 5_000);
    this.maxChars = Math.max(1, limits.chars ?? 8 * 2 ** 20);
    this.maxActors = Math.max(1, limits.actors ?? 1_024);
    this.ring = new Array<Entry | undefined>(this.maxEvents);
  }

  /** The sessions' side: constant time, nothing encoded. */
  append(event: StatelyInspectionEvent): void {
    this.incoming.push(event);
  }

  /** Events appended so far, encoded or not. */
  get count(): number {
    return this.head + this.incoming.length;
  }

  /** Encodes what was appended since the last call; returns how many events that was. */
  encode(): number {
    const batch = this.incoming;
    if (batch.length === 0) return 0;
    this.incoming = [];
    for (const event of batch) {
      const text = JSON.stringify(event);
      const ended = event.type === '@xstate.snapshot' && event.snapshot.status !== undefined && event.snapshot.status !== 'active';
      // The slot of the oldest event is the one the new event takes.
      if (this.head - this.tailStart === this.maxEvents) this.evict();
      this.ring[this.head % this.maxEvents] = { text, type: event.type, sessionId: event.sessionId, time: Number(event.createdAt), ended };
      this.head++;
      this.chars += text.length;
      while (this.chars > this.maxChars && this.head - this.tailStart > 1) this.evict();
    }
    return batch.length;
  }

  /** The encoded event `seq`, if still kept whole. */
  text(seq: number): string | undefined {
    return seq >= this.tailStart && seq < this.head ? this.ring[seq % this.maxEvents]!.text : undefined;
  }

  /** What a viewer joining now gets before the tail: each remembered actor's announcement and latest snapshot. */
  baseEvents(): string[] {
    const out: string[] = [];
    for (const actor of this.base.values()) {
      out.push(actor.announcement);
      if (actor.snapshot !== undefined) out.push(actor.snapshot);
    }
    return out;
  }

  summary(): JoinSummary {
    let baseEvents = 0;
    for (const actor of this.base.values()) baseEvents += actor.snapshot === undefined ? 1 : 2;
    const oldest = this.tailStart < this.head ? this.ring[this.tailStart % this.maxEvents]!.time : 0;
    const newest = this.tailStart < this.head ? this.ring[(this.head - 1) % this.maxEvents]!.time : 0;
    return { events: baseEvents + this.head - this.tailStart, ms: Math.max(0, newest - oldest), compacted: this.tailStart };
  }

  /** The oldest event leaves the tail; an actor's announcement or snapshot lives on in the base. */
  private evict(): void {
    const slot = this.tailStart % this.maxEvents;
    const entry = this.ring[slot]!;
    this.ring[slot] = undefined;
    this.tailStart++;
    this.chars -= entry.text.length;
    if (entry.type === '@xstate.actor') {
      this.base.delete(entry.sessionId);
      this.ended.delete(entry.sessionId);
      this.base.set(entry.sessionId, { announcement: entry.text, snapshot: undefined });
      if (this.base.size > this.maxActors) this.forgetOne();
    } else if (entry.type === '@xstate.snapshot') {
      const actor = this.base.get(entry.sessionId);
      if (actor === undefined) return;
      actor.snapshot = entry.text;
      if (entry.ended) this.ended.add(entry.sessionId);
    }
  }

  private forgetOne(): void {
    const victim = this.ended.values().next().value ?? this.base.keys().next().value;
    if (victim === undefined) return;
    this.base.delete(victim);
    this.ended.delete(victim);
  }
}
