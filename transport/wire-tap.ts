/**
 * What a TLS connection carries on the wire, for a capture: the encrypted records both ways and the session's secrets
 * (NSS key log lines, as Node reports them in its `keylog` event). Node's TLS reads and writes a TCP socket beneath
 * JavaScript's reach, so a connection that is recorded runs its TLS over a {@link WireTap}, a stream in between that
 * sees each chunk; one that is not keeps the direct socket.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Observable } from 'rxjs';

export type WireEvent =
  | { readonly type: 'bytes'; readonly direction: 'in' | 'out'; readonly bytes: Uint8Array; readonly time: number }
  | { readonly type: 'keylog'; readonly line: string; readonly time: number };

/**
 * The events of one connection from its first byte. Held until the capture subscribes (the connection exists for the
 * layers above only after its handshake), then passed on as they come; the held key log lines go first, since a
 * reader needs them before the first record they decrypt and a server learns them only after the client's Finished.
 */
export class WireRecord {
  private held: WireEvent[] | undefined = [];
  private listener: ((event: WireEvent) => void) | undefined;
  private ended = false;
  private onEnd: (() => void) | undefined;
  /** Epoch milliseconds of the TCP connection, for the capture's handshake packets. */
  readonly openedAt = Date.now();

  readonly events$ = new Observable<WireEvent>((subscriber) => {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of [...held.filter((e) => e.type === 'keylog'), ...held.filter((e) => e.type === 'bytes')]) subscriber.next(event);
    if (this.ended) return subscriber.complete();
    this.listener = (event) => subscriber.next(event);
    this.onEnd = () => subscriber.complete();
    return () => {
      this.listener = undefined;
      this.onEnd = undefined;
    };
  });

  add(event: WireEvent): void {
    if (this.held) this.held.push(event);
    else this.listener?.(event);
  }

  end(): void {
    this.ended = true;
    this.onEnd?.();
  }
}

/** A Duplex over `socket` that reports every chunk to `record` as it passes. */
export class WireTap extends Duplex {
  constructor(
    private readonly socket: Socket,
    private readonly record: WireRecord,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      record.add({ type: 'bytes', direction: 'in', bytes: Uint8Array.from(chunk), time: Date.now() });
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (e) => this.destroy(e));
    socket.on('close', () => {
      record.end();
      this.destroy();
    });
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.record.add({ type: 'bytes', direction: 'out', bytes: Uint8Array.from(chunk), time: Date.now() });
    this.socket.write(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.socket.end(done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.socket.destroy(error ?? undefined);
    done(error);
  }
}

/** The client random of an NSS key log line (`LABEL <client_random> <secret>`), lower-case hex. */
export function clientRandomOfKeyLogLine(line: string): string {
  return (line.split(' ')[1] ?? '').trim().toLowerCase();
}

/** TLS record header (5) + handshake header (4) + legacy_version (2), then the 32-byte random [RFC 5246 §7.4.1.2]. */
const RANDOM_AT = 11;
const RANDOM_LENGTH = 32;
const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;

/** Reads the client random from the first bytes a client sends, however they are split; anything else is ignored. */
export class ClientRandomReader {
  private head = new Uint8Array();
  random: string | undefined;

  constructor(private readonly found: (random: string) => void) {}

  readonly read = (chunk: Uint8Array): void => {
    if (this.random !== undefined || this.head.length >= RANDOM_AT + RANDOM_LENGTH) return;
    const head = new Uint8Array(this.head.length + chunk.length);
    head.set(this.head);
    head.set(chunk, this.head.length);
    this.head = head.subarray(0, RANDOM_AT + RANDOM_LENGTH);
    if (this.head.length < RANDOM_AT + RANDOM_LENGTH || this.head[0] !== HANDSHAKE || this.head[5] !== CLIENT_HELLO) return;
    this.random = Buffer.from(this.head.subarray(RANDOM_AT)).toString('hex');
    this.found(this.random);
  };
}
