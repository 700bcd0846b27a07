/** The in-memory connection pair behaves like a socket: ordered, asynchronous delivery; FIN on close, reset on destroy. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection } from '../../transport/connection-port.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo } from '../shared/async.js';

interface Seen {
  bytes: number[][];
  end?: 'complete' | string;
}

function watch(connection: Connection): Seen {
  const seen: Seen = { bytes: [] };
  connection.data$.subscribe({
    next: (b) => seen.bytes.push([...b]),
    complete: () => (seen.end = 'complete'),
    error: (e: unknown) => (seen.end = e instanceof Error ? e.message : String(e)),
  });
  return seen;
}

test('writes arrive on the other end later, in order, as copies', async () => {
  const [a, b] = memoryConnectionPair();
  const atB = watch(b);
  const atA = watch(a);
  const buffer = Uint8Array.of(1, 2);
  a.write(buffer);
  buffer[0] = 9;
  a.write(Uint8Array.of(3));
  b.write(Uint8Array.of(4));
  assert.equal(atB.bytes, [], 'nothing is delivered synchronously');
  await flushIo();
  assert.equal(atB.bytes, [[1, 2], [3]]);
  assert.equal(atA.bytes, [[4]]);
  assert.is(a.security, 'tcp');
  assert.equal(a.remote, b.local);
});

test('close delivers what was written before it, then completes both ends', async () => {
  const [a, b] = memoryConnectionPair('tls1.2');
  const atA = watch(a);
  const atB = watch(b);
  a.write(Uint8Array.of(1));
  a.close();
  a.write(Uint8Array.of(2));
  await flushIo();
  assert.equal(atB.bytes, [[1]], 'a write after close is dropped');
  assert.is(atB.end, 'complete');
  assert.is(atA.end, 'complete');
  assert.is(b.security, 'tls1.2');
});

test('destroy drops undelivered writes, completes here and resets the peer', async () => {
  const [a, b] = memoryConnectionPair();
  const atA = watch(a);
  const atB = watch(b);
  a.write(Uint8Array.of(1));
  a.destroy('test');
  assert.is(atA.end, 'complete');
  await flushIo();
  assert.equal(atB.bytes, []);
  assert.is(atB.end, 'connection reset by peer');
});

test.run();
