/**
 * The connection's lifecycle machine, transition by transition: TCP then, when SDP chose it, the TLS handshake;
 * the ways an open connection ends (the peer's FIN, our close, our reset, a reset or error on the wire); and how a
 * connection that never opened failed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor } from 'xstate';
import type { ConnectionEvent, ConnectionSecurity } from '../../base/connection-events.js';
import { connectionMachine } from '../../machines/transport/connection.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const coverage = new TransitionCoverage();

function start(security: ConnectionSecurity, ...events: ConnectionEvent[]) {
  const actor = createActor(connectionMachine, { input: { security }, inspect: coverage.inspect });
  actor.start();
  for (const event of events) actor.send(event);
  return actor;
}

const connected: ConnectionEvent = { type: 'tcp.connected' };
const secured: ConnectionEvent = { type: 'tls.secured', protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256' };

test('a new connection is connecting', () => {
  assert.is(start('tcp').getSnapshot().value, 'connecting');
});

test('connecting → open on TCP, without TLS', () => {
  assert.is(start('tcp', connected).getSnapshot().value, 'open');
});

test('connecting → tlsHandshake on TCP when the connection is TLS; → open once secured, with what was agreed', () => {
  const actor = start('tls1.2', connected);
  assert.is(actor.getSnapshot().value, 'tlsHandshake');
  actor.send(secured);
  assert.is(actor.getSnapshot().value, 'open');
  assert.equal(actor.getSnapshot().context.tls, { protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256' });
});

test('connecting → failed when the connection is refused, with the failure', () => {
  const actor = start('tcp', { type: 'socket.failed', failure: 'refused', detail: 'connect ECONNREFUSED ::1:1' });
  assert.equal(actor.getSnapshot().output, { state: 'failed', reason: 'refused: connect ECONNREFUSED ::1:1', failure: 'refused' });
});

test('tlsHandshake → failed on a TLS failure, with the TLS reason', () => {
  const actor = start('tls1.2', connected, { type: 'tls.failed', failure: 'untrusted-chain', detail: 'unable to get local issuer certificate' });
  assert.equal(actor.getSnapshot().output, { state: 'failed', reason: 'untrusted-chain: unable to get local issuer certificate', failure: 'untrusted-chain' });
});

test('tlsHandshake → failed on a socket failure (the handshake timed out)', () => {
  const actor = start('tls1.2', connected, { type: 'socket.failed', failure: 'timeout', detail: 'no TLS session within 150 ms' });
  assert.equal(actor.getSnapshot().output?.failure, 'timeout');
});

test("open → closing on the peer's FIN; → closed once the socket is released", () => {
  const actor = start('tcp', connected, { type: 'peer.closed' });
  assert.is(actor.getSnapshot().value, 'closing');
  actor.send({ type: 'socket.closed' });
  assert.equal(actor.getSnapshot().output, { state: 'closed', reason: 'the peer closed the connection' });
});

test('open → closing on our close; → closed once the socket is released', () => {
  const actor = start('tcp', connected, { type: 'close.requested' });
  assert.is(actor.getSnapshot().value, 'closing');
  actor.send({ type: 'socket.closed' });
  assert.equal(actor.getSnapshot().output, { state: 'closed', reason: 'closed by this side' });
});

test('open → closed on our reset, with its reason', () => {
  const actor = start('tcp', connected, { type: 'destroy.requested', reason: 'bad V2GTP header' });
  assert.equal(actor.getSnapshot().output, { state: 'closed', reason: 'reset by this side: bad V2GTP header' });
});

test('open → failed on a reset from the peer', () => {
  const actor = start('tcp', connected, { type: 'socket.failed', failure: 'reset', detail: 'read ECONNRESET' });
  assert.equal(actor.getSnapshot().output, { state: 'failed', reason: 'reset: read ECONNRESET', failure: 'reset' });
});

test('open → closed when the socket is released without either side closing (a server shutting down)', () => {
  const actor = start('tcp', connected, { type: 'socket.closed' });
  assert.equal(actor.getSnapshot().output, { state: 'closed', reason: 'the socket closed' });
});

test('closing → closed on our reset, keeping why it was closing', () => {
  const actor = start('tcp', connected, { type: 'close.requested' }, { type: 'destroy.requested', reason: 'shutting down' });
  assert.equal(actor.getSnapshot().output, { state: 'closed', reason: 'closed by this side' });
});

test('closing → failed on a reset instead of the FIN', () => {
  const actor = start('tcp', connected, { type: 'close.requested' }, { type: 'socket.failed', failure: 'reset', detail: 'read ECONNRESET' });
  assert.equal(actor.getSnapshot().output?.state, 'failed');
});

test('connecting: a FIN or close before the connection exists changes nothing', () => {
  const actor = start('tcp', { type: 'peer.closed' }, { type: 'close.requested' });
  assert.is(actor.getSnapshot().value, 'connecting');
});

test('every transition of the connection machine was taken', () => {
  assert.equal(coverage.missing(connectionMachine), []);
});

test.run();
