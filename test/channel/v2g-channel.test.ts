/**
 * The V2G message channel over an in-memory connection: round trips, TCP segmentation, header faults that reset only
 * their own connection, undecodable EXI, and messages kept for the next reader; and how the channel's lifecycle actor
 * ends in each case.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { take } from 'rxjs';
import { SimulatedClock } from 'xstate';
import { createV2gChannel, type ChannelTraffic, type V2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { createInspector } from '../../actors/runtime/inspection.js';
import { encode, v2gDocument } from '../../codecs/exi/index.js';
import type { ChannelProtocol } from '../../codecs/exi/v2g-protocols.js';
import { messageName } from '../../codecs/exi/message-name.js';
import { encodeV2gtpFrame } from '../../codecs/v2gtp/index.js';
import { offerAppProtocols } from '../../machines/apphand/negotiation.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import { startConnectionActor } from '../../actors/transport/connection-actor.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo } from '../shared/async.js';
import { lengthThenOctets, replaceBits } from '../exi/stream-bits.js';

const req = { supportedAppProtocolReq: offerAppProtocols(['iso2', 'din'], 'tcp') };
const res = { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation' as const, SchemaID: 1 } };
const sessionSetupReq = {
  V2G_Message: {
    Header: { SessionID: new Uint8Array(8) },
    Body: { SessionSetupReq: { EVCCID: Uint8Array.of(0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f) } },
  },
};
const reqMessage = v2gDocument('apphand', req);
const resMessage = v2gDocument('apphand', res);
const reqFrame = encodeV2gtpFrame(0x8001, encode('apphand', req));
const dinFrame = encodeV2gtpFrame(0x8001, encode('din', sessionSetupReq));

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function collect(channel: V2gChannel): ChannelEvent[] {
  const events: ChannelEvent[] = [];
  channel.events$.subscribe((e) => events.push(e));
  return events;
}

/** A channel on one end; the test writes raw bytes from the other and watches how that end ends. */
function channelUnderTest(protocol: ChannelProtocol = 'apphand', maxPayloadLength?: number) {
  const [peer, local] = memoryConnectionPair();
  const peerEnd: { how?: string } = {};
  peer.data$.subscribe({ complete: () => (peerEnd.how = 'closed'), error: (e: Error) => (peerEnd.how = e.message) });
  const log: string[] = [];
  const channel = createV2gChannel(local, { protocol, maxPayloadLength, log: (line) => log.push(line) });
  return { peer, channel, events: collect(channel), peerEnd, log };
}

test('a message round trip, with every frame on traffic$', async () => {
  const [a, b] = memoryConnectionPair();
  const clock = new SimulatedClock();
  clock.set(1000);
  const evcc = createV2gChannel(a, { protocol: 'apphand', clock });
  const secc = createV2gChannel(b, { protocol: 'apphand', clock });
  const traffic: ChannelTraffic[] = [];
  evcc.traffic$.subscribe((t) => traffic.push(t));
  secc.traffic$.subscribe((t) => traffic.push(t));
  const atSecc = collect(secc);
  const atEvcc = collect(evcc);
  evcc.send(reqMessage);
  await flushIo();
  assert.equal(atSecc, [{ type: 'channel.received', message: reqMessage }]);
  secc.send(resMessage);
  await flushIo();
  assert.equal(atEvcc, [{ type: 'channel.received', message: resMessage }]);
  assert.equal(traffic.map((t) => [t.dir, t.time, t.message?.schema, messageName(t.message?.document)]), [
    ['out', 1000, 'apphand', 'supportedAppProtocolReq'],
    ['in', 1000, 'apphand', 'supportedAppProtocolReq'],
    ['out', 1000, 'apphand', 'supportedAppProtocolRes'],
    ['in', 1000, 'apphand', 'supportedAppProtocolRes'],
  ]);
  assert.equal([...traffic[0].frame], [...reqFrame], 'the whole V2GTP frame, payload type 0x8001');
  assert.equal([...traffic[1].frame], [...reqFrame]);
});

test('a message split across three segments arrives once', async () => {
  const { peer, events } = channelUnderTest();
  peer.write(reqFrame.subarray(0, 3));
  peer.write(reqFrame.subarray(3, 10));
  await flushIo();
  assert.equal(events, [], 'nothing before the last segment');
  peer.write(reqFrame.subarray(10));
  await flushIo();
  assert.equal(events, [{ type: 'channel.received', message: reqMessage }]);
});

test('two messages in one segment arrive as two, in order', async () => {
  const resFrame = encodeV2gtpFrame(0x8001, encode('apphand', res));
  const { peer, events } = channelUnderTest();
  peer.write(concat(reqFrame, resFrame));
  await flushIo();
  assert.equal(events, [
    { type: 'channel.received', message: reqMessage },
    { type: 'channel.received', message: resMessage },
  ]);
});

const badHeaders: [string, Uint8Array, RegExp][] = [
  ['protocol version', concat(Uint8Array.of(0x02), reqFrame.subarray(1)), /V2GTP version \(byte 0\).*0x02/],
  ['inverse protocol version', concat(Uint8Array.of(0x01, 0xff), reqFrame.subarray(2)), /V2GTP inverseVersion \(byte 1\).*0xff/],
  ['unknown payload type (SDP request over TCP)', encodeV2gtpFrame(0x9000, Uint8Array.of(0x10, 0x00)), /V2GTP payloadType \(byte 2\).*0x9000/],
  ['payload type of another schema (-20 common before the handshake)', encodeV2gtpFrame(0x8002, Uint8Array.of(0x80)), /V2GTP payloadType \(byte 2\).*0x8002.*apphand/],
  // Only the 8 header bytes are written: the length is refused before any payload is awaited.
  ['payload length over the maximum', Uint8Array.of(0x01, 0xfe, 0x80, 0x01, 0x00, 0x00, 0x01, 0x01), /V2GTP payloadLength \(byte 4\).*257 exceeds the maximum of 256/],
];

for (const [fault, bytes, reason] of badHeaders) {
  test(`bad header, ${fault}: channel.closed naming it, that connection reset, another one unharmed`, async () => {
    const bad = channelUnderTest('apphand', 256);
    const good = channelUnderTest('apphand', 256);
    bad.peer.write(bytes);
    await flushIo();
    assert.is(bad.events.length, 1);
    const [event] = bad.events;
    assert.is(event.type, 'channel.closed');
    assert.match(event.type === 'channel.closed' ? event.reason : '', reason);
    assert.is(bad.peerEnd.how, 'connection reset by peer');
    assert.match(bad.log.join('\n'), reason);
    const end = bad.channel.actor.getSnapshot();
    assert.is(end.value, 'invalid');
    assert.is(end.output?.fault, 'v2gtpHeader');
    assert.match(end.output?.reason ?? '', reason);
    good.peer.write(reqFrame);
    await flushIo();
    assert.equal(good.events, [{ type: 'channel.received', message: reqMessage }]);
    assert.is(good.peerEnd.how, undefined);
    assert.is(good.channel.actor.getSnapshot().value, 'open');
  });
}

test('an undecodable EXI body: channel.invalid with the codec error, then the connection is closed', async () => {
  const { peer, channel, events, peerEnd } = channelUnderTest();
  peer.write(encodeV2gtpFrame(0x8001, Uint8Array.of(0x80, 0xff, 0xff)));
  peer.write(reqFrame);
  await flushIo();
  assert.is(events.length, 1, 'nothing after the undecodable message');
  const [event] = events;
  assert.is(event.type, 'channel.invalid');
  assert.match(event.type === 'channel.invalid' ? event.reason : '', /^apphand: .* at bit \d+/);
  assert.is(peerEnd.how, 'closed', 'closed, not reset');
  assert.equal(channel.actor.getSnapshot().output, { state: 'invalid', reason: event.type === 'channel.invalid' ? event.reason : '', fault: 'exiDecode' });
});

test('messages nobody reads are kept and decoded in the protocol in use when read', async () => {
  const [peer, local] = memoryConnectionPair();
  const channel = createV2gChannel(local, { protocol: 'apphand' });
  peer.write(concat(reqFrame, dinFrame));
  await flushIo();
  const first: ChannelEvent[] = [];
  channel.events$.pipe(take(1)).subscribe((e) => first.push(e));
  assert.equal(first, [{ type: 'channel.received', message: reqMessage }]);
  channel.useProtocol('din');
  assert.is(channel.protocol, 'din');
  assert.is(channel.actor.getSnapshot().context.protocol, 'din', 'the lifecycle machine holds it too');
  assert.equal(collect(channel), [{ type: 'channel.received', message: v2gDocument('din', sessionSetupReq) }]);
});

test('the peer closing ends the channel; a reader that comes later still learns it', async () => {
  const { peer, channel, events } = channelUnderTest();
  peer.write(reqFrame);
  peer.close();
  await flushIo();
  assert.equal(events, [
    { type: 'channel.received', message: reqMessage },
    { type: 'channel.closed', reason: 'the peer closed the connection' },
  ]);
  let completed = false;
  const late: ChannelEvent[] = [];
  channel.events$.subscribe({ next: (e) => late.push(e), complete: () => (completed = true) });
  assert.equal(late, [{ type: 'channel.closed', reason: 'the peer closed the connection' }]);
  assert.ok(completed);
  assert.equal(channel.actor.getSnapshot().output, { state: 'closed', reason: 'the peer closed the connection' });
});

test('a reset by the peer ends the channel closed, the reset its reason', async () => {
  const { peer, channel, events } = channelUnderTest();
  peer.destroy('test');
  await flushIo();
  assert.equal(events, [{ type: 'channel.closed', reason: 'connection lost: connection reset by peer' }]);
  assert.equal(channel.actor.getSnapshot().output, { state: 'closed', reason: 'connection lost: connection reset by peer' });
});

test('a peer that closes mid-message is named as such', async () => {
  const { peer, events } = channelUnderTest();
  peer.write(reqFrame.subarray(0, 12));
  peer.close();
  await flushIo();
  assert.equal(events, [{ type: 'channel.closed', reason: 'the peer closed the connection in the middle of a message (12 bytes held)' }]);
});

test('close: what was sent is delivered, then the peer sees the end; later sends are dropped and logged', async () => {
  const { peer, channel, events, peerEnd, log } = channelUnderTest();
  const atPeer: number[][] = [];
  peer.data$.subscribe((b) => atPeer.push([...b]));
  channel.send(reqMessage);
  channel.close('done here');
  assert.is(channel.actor.getSnapshot().value, 'closing', "waiting for the peer's FIN");
  channel.send(reqMessage);
  await flushIo();
  assert.equal(channel.actor.getSnapshot().output, { state: 'closed', reason: 'done here' });
  assert.equal(atPeer, [[...reqFrame]]);
  assert.is(peerEnd.how, 'closed');
  assert.equal(events, [{ type: 'channel.closed', reason: 'done here' }]);
  assert.match(log.join('\n'), /not sent \(channel closed\): supportedAppProtocolReq/);
});

test('a message that cannot be encoded ends the channel with the reason instead of throwing', async () => {
  const { channel, events, peerEnd } = channelUnderTest();
  // A document from outside the type system (JSON, a script): the encoder checks it field by field.
  const notAList: unknown = 'not a list';
  channel.send(v2gDocument('apphand', { supportedAppProtocolReq: { AppProtocol: notAList as [] } }));
  await flushIo();
  assert.is(events.length, 1);
  assert.match(events[0].type === 'channel.closed' ? events[0].reason : '', /^cannot send supportedAppProtocolReq: apphand: /);
  assert.is(peerEnd.how, 'closed');
  assert.is(channel.actor.getSnapshot().value, 'invalid');
  assert.is(channel.actor.getSnapshot().output?.fault, 'exiEncode');
});

test('a peer flooding a channel nobody reads is cut off', async () => {
  const [peer, local] = memoryConnectionPair();
  const channel = createV2gChannel(local, { protocol: 'apphand' });
  peer.write(concat(...Array.from({ length: 17 }, () => reqFrame)));
  await flushIo();
  const events = collect(channel);
  assert.is(events.length, 17, '16 messages, then the end');
  assert.match(events[16].type === 'channel.closed' ? events[16].reason : '', /more than 16 messages/);
  assert.is(channel.actor.getSnapshot().output?.fault, 'unreadMessages');
});

test('the channel and its connection are actors under the ids and inspection they were given', async () => {
  const [peer, local] = memoryConnectionPair();
  const inspector = createInspector();
  const announced: string[] = [];
  inspector.events$.subscribe((event) => event.type === '@xstate.actor' && announced.push(event.name));
  const { inspect } = inspector;
  const connection = startConnectionActor(local.lifecycle$, local.security, { id: 'secc/7/connection', inspect });
  const channel = createV2gChannel(local, { protocol: 'apphand', id: 'secc/7/channel', inspect });
  assert.equal(announced, ['secc/7/connection', 'secc/7/channel']);
  assert.is(connection.getSnapshot().value, 'open');
  peer.close();
  await flushIo();
  assert.equal(connection.getSnapshot().output, { state: 'closed', reason: 'the peer closed the connection' });
  assert.is(channel.actor.getSnapshot().value, 'closed');
});

/** What field encoders send: a DIN SessionSetupReq with a 9-byte SessionID, one past the XSD's maxLength 8. */
const longSessionFrame = encodeV2gtpFrame(0x8001, replaceBits(encode('din', sessionSetupReq), lengthThenOctets(8, Array(8).fill(0)), lengthThenOctets(9, Array(9).fill(0))));

test('by default a message outside its facets is read, with a log line and a channel.exiWarning the inspector sees', async () => {
  const [peer, local] = memoryConnectionPair();
  const inspector = createInspector();
  const warned: unknown[] = [];
  inspector.events$.subscribe((e) => e.type === '@xstate.event' && e.event.type === 'channel.exiWarning' && warned.push(e.event));
  const log: string[] = [];
  const channel = createV2gChannel(local, { protocol: 'din', id: 'secc/1/channel', inspect: inspector.inspect, log: (line) => log.push(line) });
  const events = collect(channel);
  peer.write(longSessionFrame);
  await flushIo();
  assert.is(events[0]?.type, 'channel.received');
  assert.is(channel.actor.getSnapshot().value, 'open');
  assert.is(warned.length, 1);
  assert.match(JSON.stringify(warned[0]), /Header\/SessionID.*binary length 9 exceeds maxLength 8/);
  assert.match(log.join('\n'), /din message read leniently at \/V2G_Message\/Header\/SessionID, bit \d+: binary length 9/);
});

test('in conformance mode (lenient: false) the same message makes the channel invalid', async () => {
  const [peer, local] = memoryConnectionPair();
  const channel = createV2gChannel(local, { protocol: 'din', lenient: false });
  const events = collect(channel);
  peer.write(longSessionFrame);
  await flushIo();
  assert.is(events[0]?.type, 'channel.invalid');
  assert.is(channel.actor.getSnapshot().output?.fault, 'exiDecode');
});


test.run();
