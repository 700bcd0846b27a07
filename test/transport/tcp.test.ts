/**
 * Plain TCP transport: bytes flow both ways over [::1]; the peer's close completes data$, a reset errors it; link-
 * local addresses work with a scope; dial failures are TransportErrors naming the reason.
 */
import { connect as netConnect, createServer as netCreateServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TransportError } from '../../transport/transport-errors.js';
import { connectTcp, listenTcp } from '../../transport/tcp.js';
import { drain, failureOf, first, ipv6LoopbackAvailable, withCleanup } from './helpers.js';

// Without [::1] (a NOTICE says so) the same scenarios run over 127.0.0.1: the transport is address-family blind.
const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';

test('echo over TCP: what the EVCC writes the SECC reads, and back; both sides are security tcp', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const accepted = first(server.connections$);
    const client = await connectTcp({ host, port: server.address.port });
    defer(() => client.destroy('test over'));
    const secc = await accepted;
    secc.data$.subscribe((bytes) => secc.write(bytes));
    const echoed = first(client.data$);
    client.write(Uint8Array.of(0x01, 0xfe, 0x80, 0x01));
    assert.equal([...(await echoed)], [0x01, 0xfe, 0x80, 0x01]);
    assert.is(client.security, 'tcp');
    assert.is(secc.security, 'tcp');
    assert.equal(secc.remote, client.local);
    assert.equal(client.remote, { address: host, port: server.address.port });
  }));

test('the peer closing completes data$ on both sides, after the bytes written before the close', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const accepted = first(server.connections$);
    const client = await connectTcp({ host, port: server.address.port });
    const secc = await accepted;
    client.write(new TextEncoder().encode('SessionStopReq'));
    client.close();
    assert.is(await drain(secc.data$), 'SessionStopReq');
    assert.is(await drain(client.data$), '');
  }));

test('a reset by the peer (resetAndDestroy) errors data$ with reason reset', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const accepted = first(server.connections$);
    const raw = netConnect({ host, port: server.address.port });
    defer(() => raw.destroy());
    await new Promise((resolve) => raw.once('connect', resolve));
    const secc = await accepted;
    raw.resetAndDestroy();
    const error = await failureOf(secc.data$);
    assert.instance(error, TransportError);
    assert.is((error as TransportError).reason, 'reset');
    assert.is((error as TransportError).code, 'ECONNRESET');
    // A later subscriber sees the same error instead of waiting forever.
    assert.is(await failureOf(secc.data$), error);
  }));

test('a reset by the SECC errors the EVCC client data$', () =>
  withCleanup(async (defer) => {
    const sockets: Socket[] = [];
    // The reset answers the first byte, so the client is surely connected when it comes.
    const raw = netCreateServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => socket.resetAndDestroy());
    });
    await new Promise<void>((resolve) => raw.listen(0, host, resolve));
    defer(() => new Promise((resolve) => raw.close(resolve)));
    const port = (raw.address() as { port: number }).port;
    const client = await connectTcp({ host, port });
    defer(() => client.destroy('test over'));
    client.write(Uint8Array.of(0x01));
    const error = await failureOf(client.data$);
    assert.instance(error, TransportError);
    assert.is((error as TransportError).reason, 'reset');
    assert.is(sockets.length, 1);
  }));

test('connections accepted while nobody is subscribed wait for the next subscriber, one taken at a time', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const clients = [await connectTcp({ host, port: server.address.port }), await connectTcp({ host, port: server.address.port })];
    for (const c of clients) defer(() => c.destroy('test over'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = [await first(server.connections$), await first(server.connections$)];
    assert.equal(taken.map((c) => c.remote.port).sort(), clients.map((c) => c.local.port).sort());
  }));

test('closing the server tears down the connections it accepted and completes connections$', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    const accepted = first(server.connections$);
    const completed = new Promise<boolean>((resolve) => server.connections$.subscribe({ complete: () => resolve(true) }));
    const client = await connectTcp({ host, port: server.address.port });
    defer(() => client.destroy('test over'));
    await accepted;
    await server.close();
    assert.is(await drain(client.data$), '');
    assert.ok(await completed);
  }));

test('connecting where nobody listens is a TransportError "refused" naming the endpoint', async () => {
  const server = await listenTcp({ host });
  const port = server.address.port;
  await server.close();
  try {
    await connectTcp({ host, port, timeoutMs: 1_000 });
    assert.unreachable('nobody listens');
  } catch (e) {
    assert.instance(e, TransportError);
    assert.is((e as TransportError).reason, 'refused');
    assert.is((e as TransportError).operation, 'connect');
    assert.ok((e as TransportError).endpoint.endsWith(`:${port}`));
  }
});

test('an interface that does not exist is a TransportError "interface"', async () => {
  for (const attempt of [() => listenTcp({ iface: 'nosuchif0' }), () => connectTcp({ host: 'fe80::1', iface: 'nosuchif0', port: 15118 })]) {
    try {
      await attempt();
      assert.unreachable('no such interface');
    } catch (e) {
      assert.instance(e, TransportError);
      assert.is((e as TransportError).reason, 'interface');
    }
  }
});

const linkLocal = Object.entries(networkInterfaces()).find(([, addresses]) => addresses?.some((a) => a.family === 'IPv6' && /^fe80:/i.test(a.address)));

test('IPv6 link-local: listen on an interface, dial fe80::… with iface, and with the %scope written in the host', async () => {
  if (!linkLocal) {
    console.log('NOTICE: no interface with an IPv6 link-local address; the link-local test is skipped.');
    return;
  }
  const [iface, addresses] = linkLocal;
  const address = addresses!.find((a) => a.family === 'IPv6' && /^fe80:/i.test(a.address))!.address;
  await withCleanup(async (defer) => {
    const server = await listenTcp({ iface });
    defer(() => server.close());
    assert.is(server.address.address, `${address}%${iface}`);
    for (const dial of [{ host: address, iface }, { host: `${address}%${iface}` }]) {
      const accepted = first(server.connections$);
      const client = await connectTcp({ ...dial, port: server.address.port });
      defer(() => client.destroy('test over'));
      const secc = await accepted;
      client.write(Uint8Array.of(0x42));
      client.close();
      assert.is(await drain(secc.data$), 'B');
    }
  });
});

test.run();
