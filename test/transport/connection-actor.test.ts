/**
 * The connection's actor over real sockets on loopback: it follows a dial through TCP (and TLS) to open, an accepted
 * connection from the replay of what happened before the SECC named it, and ends each way a connection ends — our
 * close, the peer's, a reset, a refused dial, a TLS chain the EVCC does not trust, a handshake the SECC refused —
 * with the reason; a connection that fails leaves the others open.
 */
import { connect as netConnect } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, type Observable } from 'rxjs';
import { toPromise } from 'xstate';
import { generateTestPki, generateUnrelatedPki, seccTlsCredentials } from '../../crypto/index.js';
import type { ConnectionEvent, ConnectionSecurity } from '../../base/connection-events.js';
import type { Connection } from '../../transport/connection-port.js';
import { startConnectionActor, type ConnectionActor } from '../../actors/transport/connection-actor.js';
import { connectTcp, listenTcp } from '../../transport/tcp.js';
import { connectTls, listenTls } from '../../transport/tls.js';
import { within } from '../shared/async.js';
import { first, ipv6LoopbackAvailable, withCleanup } from './helpers.js';

const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';
const [pki, unrelated] = await Promise.all([generateTestPki(), generateUnrelatedPki()]);

/** The actor's states in order, from its start. */
function statesOf(actor: ConnectionActor): unknown[] {
  const states: unknown[] = [actor.getSnapshot().value];
  actor.subscribe((snapshot) => states[states.length - 1] !== snapshot.value && states.push(snapshot.value));
  return states;
}

/** The actor a dial starts, whether or not the dial succeeds, and the states it went through. */
function dialled(security: ConnectionSecurity) {
  let started: ConnectionActor | undefined;
  let states: unknown[] = [];
  const onActor = (actor: ConnectionActor): void => {
    started = actor;
    states = statesOf(actor);
  };
  return {
    onLifecycle: (events$: Observable<ConnectionEvent>): void => void startConnectionActor(events$, security, { onActor }),
    actor(): ConnectionActor {
      if (started === undefined) throw new Error('the dial started no actor');
      return started;
    },
    states: (): unknown[] => states,
  };
}

const accepted = (connection: Connection): ConnectionActor => startConnectionActor(connection.lifecycle$, connection.security);
const ending = (actor: ConnectionActor) => within(toPromise(actor), `${actor.id} ending`);

test('TCP: the EVCC dials through connecting to open, the SECC learns its connection open; our close ends both closed', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const next = first(server.connections$);
    const evcc = dialled('tcp');
    const client = await connectTcp({ host, port: server.address.port, onLifecycle: evcc.onLifecycle });
    defer(() => client.destroy('test over'));
    const atSecc = await next;
    const secc = accepted(atSecc);
    assert.is(secc.getSnapshot().value, 'open');
    // Read on both ends, as the channel does: a socket sees the peer's FIN only while it reads.
    atSecc.data$.subscribe();
    client.data$.subscribe();
    client.close();
    assert.equal(await ending(evcc.actor()), { state: 'closed', reason: 'closed by this side' });
    assert.equal(await ending(secc), { state: 'closed', reason: 'the peer closed the connection' });
    assert.equal(evcc.states(), ['connecting', 'open', 'closing', 'closed']);
  }));

test('TCP: a reset from the peer fails that connection with the reason reset; another connection stays open', () =>
  withCleanup(async (defer) => {
    const server = await listenTcp({ host });
    defer(() => server.close());
    const atSecc = new Map<number, ConnectionActor>();
    const bothAccepted = new Promise<void>((resolve) =>
      server.connections$.subscribe((c: Connection) => {
        c.data$.subscribe({ error: () => undefined });
        atSecc.set(c.remote.port, accepted(c));
        if (atSecc.size === 2) resolve();
      }),
    );
    const other = await connectTcp({ host, port: server.address.port });
    defer(() => other.destroy('test over'));
    const raw = netConnect({ host, port: server.address.port });
    defer(() => raw.destroy());
    await new Promise((resolve) => raw.once('connect', resolve));
    await within(bothAccepted, 'both connections accepted');
    const reset = atSecc.get(raw.localPort!)!;
    raw.resetAndDestroy();
    const end = await ending(reset);
    assert.is(end.state, 'failed');
    assert.is(end.failure, 'reset');
    assert.match(end.reason, /^reset: /);
    assert.is(atSecc.get(other.local.port)!.getSnapshot().value, 'open');
  }));

test('TCP: a dial nobody answers ends the actor failed, refused', () =>
  withCleanup(async () => {
    const server = await listenTcp({ host });
    const port = server.address.port;
    await server.close();
    const evcc = dialled('tcp');
    const refused = await connectTcp({ host, port, timeoutMs: 1_000, onLifecycle: evcc.onLifecycle }).then(
      (c) => c.destroy('should not have connected'),
      () => 'refused',
    );
    assert.is(refused, 'refused', 'nobody listens');
    const end = await ending(evcc.actor());
    assert.is(end.state, 'failed');
    assert.is(end.failure, 'refused');
  }));

test('TLS: connecting, tlsHandshake, open, with what the handshake agreed; the SECC learns its connection open too', () =>
  withCleanup(async (defer) => {
    const server = await listenTls({ host, version: 'tls1.2', credentials: seccTlsCredentials(pki) });
    defer(() => server.close());
    const next = first(server.connections$);
    const evcc = dialled('tls1.2');
    const client = await connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem], onLifecycle: evcc.onLifecycle });
    defer(() => client.destroy('test over'));
    const secc = accepted(await next);
    assert.equal(evcc.states(), ['connecting', 'tlsHandshake', 'open']);
    const agreed = { protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256' };
    assert.equal(evcc.actor().getSnapshot().context.tls, agreed);
    assert.equal(secc.getSnapshot().context.tls, agreed);
    assert.is(secc.getSnapshot().value, 'open');
  }));

test('TLS: an SECC chain the EVCC does not trust fails the actor in the handshake, reason untrusted-chain', () =>
  withCleanup(async (defer) => {
    const server = await listenTls({ host, version: 'tls1.2', credentials: seccTlsCredentials(pki) });
    defer(() => server.close());
    server.handshakeFailures$.subscribe();
    const evcc = dialled('tls1.2');
    const dial = connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [unrelated.v2gRootCa.pem], onLifecycle: evcc.onLifecycle });
    const refused = await dial.then(
      (c) => c.destroy('should not have connected'),
      () => 'refused',
    );
    assert.is(refused, 'refused', 'an untrusted chain is not accepted');
    const end = await ending(evcc.actor());
    assert.equal(evcc.states(), ['connecting', 'tlsHandshake', 'failed']);
    assert.is(end.failure, 'untrusted-chain');
    assert.match(end.reason, /^untrusted-chain: /);
  }));

test('TLS: the SECC\'s side of a refused handshake gets an actor too, failed in the handshake, once its socket is released', () =>
  withCleanup(async (defer) => {
    const server = await listenTls({ host, version: 'tls1.2', credentials: seccTlsCredentials(pki) });
    defer(() => server.close());
    const refusedAtSecc = first(server.handshakeFailures$);
    const dial = connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [pki.v2gRootCa.pem] });
    await dial.then(
      (c) => c.destroy('should not have connected'),
      () => undefined,
    );
    const { lifecycle$ } = await refusedAtSecc;
    const secc = startConnectionActor(lifecycle$, 'tls1.2');
    const states = statesOf(secc);
    const end = await ending(secc);
    assert.equal(states, ['failed'], 'the replay takes it to failed at once');
    assert.is(end.failure, 'handshake');
    assert.match(end.reason, /^handshake: /);
    const released = await within(lastValueFrom(lifecycle$), 'the refused socket released');
    assert.equal(released, { type: 'socket.closed' });
  }));

test.run();
