/**
 * What a channel received, held until a reader takes it. One connection outlives the machines that speak through it
 * (the supportedAppProtocol handshake, then the session), and between two of them nobody listens: the inbox keeps the
 * messages of that gap, and the channel's end, for the next reader instead of losing them.
 *
 * Items are opened (decoded) only when handed to a reader, so they are read the way the reader's side understands
 * them at that moment: after the handshake, in the negotiated protocol.
 */
import { Observable, type Subscriber } from 'rxjs';

export class Inbox<T, E> {
  private readonly unread: T[] = [];
  private readonly readers = new Set<Subscriber<E>>();
  private last: E | undefined;
  private delivering = false;

  /**
   * Every reader gets what is unread when it subscribes, then what arrives; after `end`, the last event, then
   * completion. Meant for one reader at a time (the machine speaking through the channel).
   */
  readonly events$ = new Observable<E>((reader) => {
    this.readers.add(reader);
    this.deliver();
    return () => this.readers.delete(reader);
  });

  /** `open` turns an item into the event readers get; undefined when opening it ended the inbox instead. */
  constructor(
    private readonly open: (item: T) => E | undefined,
    readonly capacity: number,
  ) {}

  get ended(): boolean {
    return this.last !== undefined;
  }

  /** Adds an item; false (and nothing added) when `capacity` items are unread already. */
  put(item: T): boolean {
    if (this.ended || this.unread.length >= this.capacity) return false;
    this.unread.push(item);
    this.deliver();
    return true;
  }

  /**
   * No more items: readers get what is still unread (unless `dropUnread`), then `last`. Only the first end counts, so
   * the cause of an end is what readers see, not its consequences.
   */
  end(last: E, dropUnread: boolean): void {
    if (this.ended) return;
    this.last = last;
    if (dropUnread) this.unread.length = 0;
    this.deliver();
  }

  /**
   * Readers may react synchronously (send, close, stop reading); the flag makes nested calls leave the work to the
   * loop already running, which re-checks readers and items on every turn.
   */
  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let readers = this.openReaders(); readers.length > 0; readers = this.openReaders()) {
        if (this.unread.length > 0) {
          const event = this.open(this.unread.shift() as T);
          if (event !== undefined) for (const reader of readers) reader.next(event);
          continue;
        }
        if (this.last === undefined) break;
        for (const reader of readers) {
          reader.next(this.last);
          reader.complete();
          this.readers.delete(reader);
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  /**
   * A reader that stopped while being subscribed (e.g. `take(1)` satisfied by what was unread) is closed before its
   * teardown is registered, so it is recognised here rather than by that teardown.
   */
  private openReaders(): Subscriber<E>[] {
    for (const reader of this.readers) if (reader.closed) this.readers.delete(reader);
    return [...this.readers];
  }
}
