/**
 * The V2G channel's lifecycle machine, transition by transition: the protocol switch while open, the close of our own
 * side and the wait for the peer's FIN, the peer's end, and each fault with the way it ends the connection (a reset
 * where the next message boundary is lost, ISO 15118-2 §7.8.3.2; a close otherwise).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import {
  PEER_CLOSE_TIMEOUT_MS,
  v2gChannelMachine,
  type ChannelFault,
  type V2gChannelEmitted,
  type V2gChannelEvent,
} from '../../machines/channel/v2g-channel.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const coverage = new TransitionCoverage();

function start() {
  const clock = new SimulatedClock();
  const actor = createActor(v2gChannelMachine, { input: { protocol: 'apphand' }, clock, inspect: coverage.inspect });
  const emitted: V2gChannelEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const send = (event: V2gChannelEvent) => actor.send(event);
  return { actor, clock, emitted, send, snapshot: () => actor.getSnapshot() };
}

test('a new channel is open with the protocol it was given', () => {
  const { snapshot } = start();
  assert.is(snapshot().value, 'open');
  assert.equal(snapshot().context, { protocol: 'apphand' });
});

test('open: the negotiated protocol is taken, and the channel stays open', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'channel.useProtocol', protocol: 'din' });
  assert.is(snapshot().value, 'open');
  assert.is(snapshot().context.protocol, 'din');
  assert.equal(emitted, []);
});

test('open: a message read leniently is noted and changes nothing', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'channel.exiWarning', warning: { bitOffset: 300, path: '/V2G_Message/Body', message: 'value 4 outside 1..3 (tolerated: outOfFacet)', quirk: 'outOfFacet' } });
  assert.is(snapshot().value, 'open');
  assert.equal(snapshot().context, { protocol: 'apphand' });
  assert.equal(emitted, []);
});

test('open → closing on our close: a FIN is asked for, the reason kept', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'channel.closeRequested', reason: 'session stopped', afterPeer: false });
  assert.is(snapshot().value, 'closing');
  assert.is(snapshot().status, 'active');
  assert.equal(emitted, [{ type: 'connection.close' }]);
});

for (const end of ['connection.peerClosed', 'connection.lost'] as const) {
  test(`closing → closed on ${end}, still with our own reason`, () => {
    const { send, snapshot, emitted } = start();
    send({ type: 'channel.closeRequested', reason: 'session stopped', afterPeer: false });
    send({ type: end, reason: 'what the connection said' });
    assert.is(snapshot().value, 'closed');
    assert.equal(snapshot().output, { state: 'closed', reason: 'session stopped' });
    assert.equal(emitted, [{ type: 'connection.close' }], 'nothing more is asked of the connection');
  });
}

test("open → closed on the peer's FIN, answered with ours", () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'connection.peerClosed', reason: 'the peer closed the connection' });
  assert.is(snapshot().status, 'done');
  assert.equal(snapshot().output, { state: 'closed', reason: 'the peer closed the connection' });
  assert.equal(emitted, [{ type: 'connection.close' }]);
});

test('open → closed on a lost connection (reset, TLS failure): what is left of it is torn down', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'connection.lost', reason: 'connection lost: read ECONNRESET' });
  assert.equal(snapshot().output, { state: 'closed', reason: 'connection lost: read ECONNRESET' });
  assert.equal(emitted, [{ type: 'connection.destroy', reason: 'connection lost: read ECONNRESET' }]);
});

const faults: [ChannelFault, 'connection.close' | 'connection.destroy'][] = [
  ['v2gtpHeader', 'connection.destroy'],
  ['unreadMessages', 'connection.destroy'],
  ['exiDecode', 'connection.close'],
  ['exiEncode', 'connection.close'],
];

for (const [fault, ending] of faults) {
  test(`open → invalid on the fault ${fault}: ${ending}, fault and reason in the output`, () => {
    const { send, snapshot, emitted } = start();
    send({ type: 'channel.fault', fault, reason: `a ${fault} fault` });
    assert.is(snapshot().value, 'invalid');
    assert.equal(snapshot().output, { state: 'invalid', reason: `a ${fault} fault`, fault });
    assert.equal(emitted.map((e) => e.type), [ending]);
  });
}

test('closing → closed with a reset when the peer keeps its side open past PEER_CLOSE_TIMEOUT_MS', () => {
  const { send, snapshot, emitted, clock } = start();
  send({ type: 'channel.closeRequested', reason: 'session stopped', afterPeer: false });
  clock.increment(PEER_CLOSE_TIMEOUT_MS - 1);
  assert.is(snapshot().value, 'closing');
  clock.increment(1);
  assert.is(snapshot().value, 'closed');
  assert.equal(snapshot().output, { state: 'closed', reason: 'session stopped' });
  assert.equal(emitted, [{ type: 'connection.close' }, { type: 'connection.destroy', reason: 'session stopped' }]);
});

test('open → awaitingPeerClose when the peer is to close first: no FIN of ours yet, the reason kept', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'channel.closeRequested', reason: 'SessionStop done', afterPeer: true });
  assert.is(snapshot().value, 'awaitingPeerClose');
  assert.equal(emitted, []);
});

test('awaitingPeerClose → closed on the peer\'s FIN, answered with ours; on a reset, torn down', () => {
  const closing = start();
  closing.send({ type: 'channel.closeRequested', reason: 'SessionStop done', afterPeer: true });
  closing.send({ type: 'connection.peerClosed', reason: 'the peer closed the connection' });
  assert.is(closing.snapshot().value, 'closed');
  assert.equal(closing.snapshot().output, { state: 'closed', reason: 'SessionStop done' });
  assert.equal(closing.emitted, [{ type: 'connection.close' }]);
  const reset = start();
  reset.send({ type: 'channel.closeRequested', reason: 'SessionStop done', afterPeer: true });
  reset.send({ type: 'connection.lost', reason: 'connection lost: reset' });
  assert.is(reset.snapshot().value, 'closed');
  assert.equal(reset.emitted, [{ type: 'connection.destroy', reason: 'SessionStop done' }]);
});

test('awaitingPeerClose → closing with our FIN once the peer has not closed within PEER_CLOSE_TIMEOUT_MS', () => {
  const { send, snapshot, emitted, clock } = start();
  send({ type: 'channel.closeRequested', reason: 'SessionStop done', afterPeer: true });
  clock.increment(PEER_CLOSE_TIMEOUT_MS - 1);
  assert.is(snapshot().value, 'awaitingPeerClose');
  clock.increment(1);
  assert.is(snapshot().value, 'closing');
  assert.equal(emitted, [{ type: 'connection.close' }]);
});

test('closing: a fault or a protocol switch is no longer taken', () => {
  const { send, snapshot, emitted } = start();
  send({ type: 'channel.closeRequested', reason: 'bye', afterPeer: false });
  send({ type: 'channel.fault', fault: 'exiDecode', reason: 'late' });
  send({ type: 'channel.useProtocol', protocol: 'iso2' });
  assert.is(snapshot().value, 'closing');
  assert.equal(snapshot().context, { protocol: 'apphand', reason: 'bye' });
  assert.equal(emitted, [{ type: 'connection.close' }]);
});

test('every transition of the channel machine was taken', () => {
  assert.equal(coverage.missing(v2gChannelMachine), []);
});

test.run();
