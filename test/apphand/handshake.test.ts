/**
 * The supportedAppProtocol handshake machines: EVCC against SECC over an in-memory connection, and each machine alone
 * against the messages and silences the standard makes it handle.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { createV2gChannel, type ChannelTraffic } from '../../actors/channel/v2g-channel-actor.js';
import { runOnChannel } from '../../actors/session/run-on-channel.js';
import { encode, v2gDocument, type V2gDocument } from '../../codecs/exi/index.js';
import { encodeV2gtpFrame } from '../../codecs/v2gtp/index.js';
import { evccHandshakeMachine } from '../../machines/apphand/evcc-handshake.js';
import { offerAppProtocols } from '../../machines/apphand/negotiation.js';
import type { ConnectionSecurity } from '../../base/connection-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import { seccHandshakeMachine } from '../../machines/apphand/secc-handshake.js';
import type { ChannelCommand } from '../../machines/session/session-events.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, settled, within } from '../shared/async.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

const timing = timingFor('iso2');

/** Both sides over one in-memory connection, each through runOnChannel as a deployment runs them. */
const coverage = new TransitionCoverage();

async function handshake(preferred: V2gProtocol[], supported: V2gProtocol[], security: ConnectionSecurity = 'tcp') {
  const [evccEnd, seccEnd] = memoryConnectionPair(security);
  const evccChannel = createV2gChannel(evccEnd, { protocol: 'apphand' });
  const seccChannel = createV2gChannel(seccEnd, { protocol: 'apphand' });
  const atEvcc: ChannelTraffic[] = [];
  evccChannel.traffic$.subscribe((t) => atEvcc.push(t));
  const secc = runOnChannel(seccHandshakeMachine, { input: { supported, security, timing }, channel: seccChannel, inspect: coverage.inspect });
  const evcc = runOnChannel(evccHandshakeMachine, { input: { preferred, security, timing }, channel: evccChannel, inspect: coverage.inspect });
  const [evccOutcome, seccOutcome] = await within(Promise.all([evcc.output, secc.output]), 'handshake');
  return { evccOutcome, seccOutcome, atEvcc, evccChannel, seccChannel };
}

const evccInput = (preferred: V2gProtocol[]) => ({ preferred, security: 'tcp' as const, timing });
const seccInput = (supported: V2gProtocol[]) => ({ supported, security: 'tcp' as const, timing });

/** The EVCC machine alone on a simulated clock, fed by hand, with what it emits. */
function evccAlone(preferred: V2gProtocol[]) {
  const clock = new SimulatedClock();
  const actor = createActor(evccHandshakeMachine, { clock, input: evccInput(preferred), inspect: coverage.inspect });
  const emitted: ChannelCommand<V2gDocument<'apphand'>>[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, emitted, clock };
}

function seccAlone(supported: V2gProtocol[]) {
  const clock = new SimulatedClock();
  const actor = createActor(seccHandshakeMachine, { clock, input: seccInput(supported), inspect: coverage.inspect });
  const emitted: ChannelCommand<V2gDocument<'apphand'>>[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  return { actor, emitted, clock };
}

test('EVCC and SECC agree on the EVCC\'s preferred protocol among those the SECC runs', async () => {
  const { evccOutcome, seccOutcome } = await handshake(['iso2', 'din'], ['din', 'iso2']);
  assert.equal(evccOutcome, { ok: true, protocol: 'iso2', responseCode: 'OK_SuccessfulNegotiation' });
  assert.equal(seccOutcome, evccOutcome);
});

test('the session continues on the same connection in the negotiated protocol', async () => {
  const { evccOutcome, evccChannel, seccChannel } = await handshake(['din'], ['din']);
  assert.equal(evccOutcome, { ok: true, protocol: 'din', responseCode: 'OK_SuccessfulNegotiation' });
  evccChannel.useProtocol('din');
  seccChannel.useProtocol('din');
  const received: unknown[] = [];
  seccChannel.events$.subscribe((e) => received.push(e));
  const sessionSetupReq = { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionSetupReq: { EVCCID: new Uint8Array(6) } } } };
  evccChannel.send(v2gDocument('din', sessionSetupReq));
  await flushIo();
  assert.equal(received, [{ type: 'channel.received', message: v2gDocument('din', sessionSetupReq) }]);
});

test('Failed_NoNegotiation: the SECC answers, then closes [V2G2-172]; both sides fail', async () => {
  const { evccOutcome, seccOutcome, atEvcc } = await handshake(['din'], ['iso2']);
  assert.equal(evccOutcome, { ok: false, reason: 'SECC answered Failed_NoNegotiation' });
  assert.is(seccOutcome.ok, false);
  assert.match(seccOutcome.ok ? '' : seccOutcome.reason, /^Failed_NoNegotiation: none of \[urn:din:70121:2012:MsgDef 2\.0\] is supported on tcp$/);
  assert.equal(atEvcc.filter((t) => t.dir === 'in').map((t) => t.message), [v2gDocument('apphand', { supportedAppProtocolRes: { ResponseCode: 'Failed_NoNegotiation' } })]);
});

test('DIN is not negotiated over TLS [V2G-DC-618]: the EVCC has nothing to offer and sends nothing', async () => {
  const { evccOutcome, seccOutcome, atEvcc } = await handshake(['din'], ['din'], 'tls1.2');
  assert.equal(evccOutcome, { ok: false, reason: 'none of the preferred protocols may run on tls1.2' });
  assert.equal(atEvcc.filter((t) => t.dir === 'out'), []);
  assert.equal(seccOutcome, { ok: false, reason: 'connection closed: the peer closed the connection' });
});

test('a minor deviation is accepted by both sides and reported as such', () => {
  const secc = seccAlone(['iso2']);
  const offer = offerAppProtocols(['iso2'], 'tcp');
  const req = { AppProtocol: [{ ...offer.AppProtocol[0], VersionNumberMinor: 1 }] };
  secc.actor.send({ type: 'channel.received', message: v2gDocument('apphand', { supportedAppProtocolReq: req }) });
  const answer = { ResponseCode: 'OK_SuccessfulNegotiationWithMinorDeviation' as const, SchemaID: 1 };
  assert.equal(secc.emitted, [{ type: 'channel.send', message: v2gDocument('apphand', { supportedAppProtocolRes: answer }) }]);
  assert.equal(secc.actor.getSnapshot().output, { ok: true, protocol: 'iso2', responseCode: 'OK_SuccessfulNegotiationWithMinorDeviation' });

  const evcc = evccAlone(['iso2']);
  evcc.actor.send({ type: 'channel.received', message: v2gDocument('apphand', { supportedAppProtocolRes: answer }) });
  assert.equal(evcc.actor.getSnapshot().output, { ok: true, protocol: 'iso2', responseCode: 'OK_SuccessfulNegotiationWithMinorDeviation' });
});

test('the EVCC gives up after V2G_EVCC_Msg_Timeout (2 s) without an answer and closes the connection', async () => {
  const [evccEnd, silentSecc] = memoryConnectionPair();
  let seccSawEnd = false;
  silentSecc.data$.subscribe({ complete: () => (seccSawEnd = true) });
  const clock = new SimulatedClock();
  const run = runOnChannel(evccHandshakeMachine, { input: evccInput(['iso2']), channel: createV2gChannel(evccEnd, { protocol: 'apphand' }), clock, inspect: coverage.inspect });
  await flushIo();
  clock.increment(1_999);
  assert.not.ok(await settled(run.output), 'still waiting at 1999 ms');
  clock.increment(1);
  assert.equal(await within(run.output, 'EVCC timeout'), { ok: false, reason: 'V2G_EVCC_Msg_Timeout: no supportedAppProtocolRes' });
  await flushIo();
  assert.ok(seccSawEnd, 'the connection was closed');
});

test('the EVCC fails on a request where the response belongs', () => {
  const evcc = evccAlone(['iso2']);
  evcc.actor.send({ type: 'channel.received', message: v2gDocument('apphand', { supportedAppProtocolReq: offerAppProtocols(['iso2'], 'tcp') }) });
  assert.equal(evcc.actor.getSnapshot().output, { ok: false, reason: 'expected supportedAppProtocolRes, received supportedAppProtocolReq' });
  assert.equal(evcc.emitted.map((e) => e.type), ['channel.send', 'channel.close']);
});

test('the EVCC refuses a SchemaID it did not offer', () => {
  const evcc = evccAlone(['iso2']);
  evcc.actor.send({ type: 'channel.received', message: v2gDocument('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 7 } }) });
  assert.equal(evcc.actor.getSnapshot().output, { ok: false, reason: 'SchemaID 7 was not offered' });
});

test('the SECC closes without an answer when something other than the request comes first', async () => {
  const [evccEnd, seccEnd] = memoryConnectionPair();
  const atEvcc: number[][] = [];
  let evccSawEnd = false;
  evccEnd.data$.subscribe({ next: (b) => atEvcc.push([...b]), complete: () => (evccSawEnd = true) });
  const run = runOnChannel(seccHandshakeMachine, { input: seccInput(['iso2']), channel: createV2gChannel(seccEnd, { protocol: 'apphand' }), inspect: coverage.inspect });
  evccEnd.write(encodeV2gtpFrame(0x8001, encode('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 1 } })));
  assert.equal(await within(run.output, 'SECC'), { ok: false, reason: 'expected supportedAppProtocolReq, received supportedAppProtocolRes' });
  await flushIo();
  assert.equal(atEvcc, [], 'nothing was answered');
  assert.ok(evccSawEnd);
});

test('the SECC waits V2G_SECC_CommunicationSetup_Performance_Time (18 s) for the request, not the 60 s sequence timeout', () => {
  const secc = seccAlone(['iso2']);
  secc.clock.increment(17_999);
  assert.is(secc.actor.getSnapshot().status, 'active');
  secc.clock.increment(1);
  assert.equal(secc.actor.getSnapshot().output, { ok: false, reason: 'V2G_SECC_CommunicationSetup_Performance_Time: no supportedAppProtocolReq' });
  assert.equal(secc.emitted, [{ type: 'channel.close', reason: 'V2G_SECC_CommunicationSetup_Performance_Time: no supportedAppProtocolReq' }]);
});

test('a channel that ends under the handshake ends it without another close', () => {
  const secc = seccAlone(['iso2']);
  secc.actor.send({ type: 'channel.invalid', reason: 'apphand: bad bits at bit 9' });
  assert.equal(secc.actor.getSnapshot().output, { ok: false, reason: 'undecodable message: apphand: bad bits at bit 9' });
  const evcc = evccAlone(['iso2']);
  evcc.actor.send({ type: 'channel.closed', reason: 'the peer closed the connection' });
  assert.equal(evcc.actor.getSnapshot().output, { ok: false, reason: 'connection closed: the peer closed the connection' });
  const garbled = evccAlone(['iso2']);
  garbled.actor.send({ type: 'channel.invalid', reason: 'apphand: bad bits at bit 9' });
  assert.equal(garbled.actor.getSnapshot().output, { ok: false, reason: 'undecodable message: apphand: bad bits at bit 9' });
  assert.equal(secc.emitted, []);
  assert.equal(evcc.emitted.map((e) => e.type), ['channel.send']);
  assert.equal(garbled.emitted.map((e) => e.type), ['channel.send']);
});

test('every transition of both handshake machines was taken', () => {
  assert.equal(coverage.missing(evccHandshakeMachine), []);
  assert.equal(coverage.missing(seccHandshakeMachine), []);
});

test.run();
