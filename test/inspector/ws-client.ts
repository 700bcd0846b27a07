/**
 * A bare WebSocket client for the server tests (Node 20 has none built in): the upgrade request, masked frames out,
 * the server's unmasked frames in. Every wait is bounded, and generously: the bounds catch a hang, they do not time
 * the server (a loaded CI host may be slow).
 */
import { get as httpGet, request } from 'node:http';
import type { Socket } from 'node:net';

/** A client frame: always masked (RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Buffer, mask = Buffer.from([1, 2, 3, 4]), fin = true): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | length]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([header, mask, masked]);
}

export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** How long a test waits for what must come before it calls it a hang. */
export const HANG_MS = 60_000;

export interface TestClient {
  readonly frames: ServerFrame[];
  /** Resolves once `count` frames arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<void>;
  /** Resolves once `done` holds for the frames so far; rejects after `ms`. */
  waitUntil(done: (frames: readonly ServerFrame[]) => boolean, ms?: number): Promise<void>;
  /** Stops reading (the server's bytes pile up in the sockets), or reads again. */
  pause(): void;
  resume(): void;
  send(bytes: Buffer): void;
  destroy(): void;
}

export type UpgradeResult = { readonly ok: true; readonly client: TestClient } | { readonly ok: false; readonly status: number };

export function openClient(url: string, headers: Record<string, string> = {}): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
      timeout: HANG_MS,
    });
    req.on('timeout', () => req.destroy(new Error('upgrade timed out')));
    req.on('error', reject);
    req.on('response', (response) => {
      response.resume();
      resolve({ ok: false, status: response.statusCode ?? 0 });
    });
    req.on('upgrade', (_response, socket: Socket, head: Buffer) => resolve({ ok: true, client: client(socket, head) }));
    req.end();
  });
}

function client(socket: Socket, head: Buffer): TestClient {
  const frames: ServerFrame[] = [];
  let pending = Buffer.from(head);
  const waiters: Array<() => void> = [];
  const read = (chunk: Buffer): void => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) break;
      let length = pending[1]! & 0x7f;
      let header = 2;
      if (length === 126) [length, header] = [pending.length < 4 ? Infinity : pending.readUInt16BE(2), 4];
      else if (length === 127) [length, header] = [pending.length < 10 ? Infinity : Number(pending.readBigUInt64BE(2)), 10];
      if (pending.length < header + length) break;
      frames.push({ opcode: pending[0]! & 0x0f, payload: pending.subarray(header, header + length) });
      pending = pending.subarray(header + length);
    }
    for (const w of waiters.splice(0)) w();
  };
  socket.on('data', read);
  // Frames the server sent right behind its 101 answer arrive in `head`.
  read(Buffer.alloc(0));
  // A wait that ended (met, timed out, or its condition threw) leaves no check behind: a stale one would run on the
  // frames of the server's close and throw out of the socket's 'data' listener, hiding why the test failed.
  const waitUntil = (done: (frames: readonly ServerFrame[]) => boolean, ms: number, what: () => string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = waiters.indexOf(check);
        if (at >= 0) waiters.splice(at, 1);
        reject(new Error(`${what()} after ${ms} ms`));
      }, ms);
      const check = (): void => {
        let met: boolean;
        try {
          met = done(frames);
        } catch (error) {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (met) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return {
    frames,
    waitFor: (count, ms = HANG_MS) => waitUntil(() => frames.length >= count, ms, () => `${frames.length} of ${count} frames`),
    waitUntil: (done, ms = HANG_MS) => waitUntil(done, ms, () => `not there after ${frames.length} frames`),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    send: (bytes) => socket.write(bytes),
    destroy: () => socket.destroy(),
  };
}

/** A GET with any Host header (fetch will not send one of our choosing). */
export function getStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { Host: host }, timeout: HANG_MS }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('GET timed out')));
    req.on('error', reject);
  });
}
