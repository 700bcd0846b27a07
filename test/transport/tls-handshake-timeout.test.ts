/**
 * A TLS server cuts off the clients whose handshake does not finish in its handshake timeout: raw TCP connections
 * that never send a ClientHello, and one that sends half of a record and stops, are closed by the server, reported as
 * handshake failures, and a real client is served meanwhile. Node reports ERR_TLS_HANDSHAKE_TIMEOUT but leaves the
 * socket open; these would hang without the server's own destroy.
 */
import { connect, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateTestPki, seccTlsCredentials } from '../../crypto/index.js';
import type { RefusedHandshake } from '../../transport/tls.js';
import { connectTls, listenTls } from '../../transport/tls.js';
import { within } from '../shared/async.js';
import { ipv6LoopbackAvailable } from './helpers.js';

const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';
const pki = await generateTestPki();

test('stalled handshakes are destroyed at the handshake timeout, each reported; a client completes meanwhile', async () => {
  const handshakeTimeoutMs = 300;
  const server = await listenTls({ host, version: 'tls1.2', credentials: seccTlsCredentials(pki), handshakeTimeoutMs });
  const failures: RefusedHandshake[] = [];
  server.handshakeFailures$.subscribe((f) => failures.push(f));
  server.connections$.subscribe((c) => c.data$.subscribe({ error: () => undefined }));
  const sockets: Socket[] = [];
  try {
    const closed = Array.from({ length: 20 }, (_, n) => {
      const socket = connect({ host, port: server.address.port });
      socket.on('error', () => undefined);
      // The last one starts a handshake record (type, version, a length of 255) and sends no more of it.
      if (n === 19) socket.once('connect', () => socket.write(Buffer.from('16030100ff01', 'hex')));
      sockets.push(socket);
      return new Promise<void>((resolve) => socket.once('close', () => resolve()));
    });
    const client = await connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem] });
    client.close();
    await within(Promise.all(closed), 'every stalled connection closed by the server', 20 * handshakeTimeoutMs);
    assert.is(failures.length, 20);
    for (const { error } of failures) assert.match(error.message, /handshake timeout/i);
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
  }
});

test.run();
