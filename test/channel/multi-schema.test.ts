/**
 * The multi-schema channel: an ISO 15118-20 session reads CommonMessages on 0x8002 beside its energy service's
 * messages on 0x8003–0x8006, and its side streams by the root each payload announces; every document is framed with
 * its own schema's payload type; a payload type or a schema outside the session's protocol is a typed end of that
 * channel alone.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createV2gChannel, type ChannelTraffic, type V2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { encode, ExiError, SCHEMA_NAMES, v2gDocument, type SchemaName, type V2gDocument } from '../../codecs/exi/index.js';
import { rootElementOf } from '../../codecs/exi/root-element.js';
import { SCHEMA_MODELS } from '../../codecs/exi/generated/entries.model.js';
import { PROTOCOL_SCHEMAS, type ChannelProtocol } from '../../codecs/exi/v2g-protocols.js';
import { SIDE_STREAM_MESSAGES } from '../../codecs/v2gtp/exi-schemas.js';
import { encodeV2gtpFrame, framingOf, PayloadType, readPayload, V2gtpError } from '../../codecs/v2gtp/index.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo } from '../shared/async.js';

const Header = { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: 1_700_000_000n };
const power = (Value: number) => ({ Exponent: 3, Value });

/** One message of each framed schema, and the payload type it goes out with. */
const ONE_OF_EACH: readonly [V2gDocument, number][] = [
  [v2gDocument('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 1 } }), 0x8001],
  [v2gDocument('din', { V2G_Message: { Header: { SessionID: Header.SessionID }, Body: { SessionStopReq: {} } } }), 0x8001],
  [v2gDocument('iso2', { V2G_Message: { Header: { SessionID: Header.SessionID }, Body: { SessionStopReq: { ChargingSession: 'Terminate' } } } }), 0x8001],
  [v2gDocument('iso20-common', { SessionSetupReq: { Header, EVCCID: 'WMIV1234567890ABCDEX' } }), 0x8002],
  [v2gDocument('iso20-ac', { AC_ChargeParameterDiscoveryReq: { Header, AC_CPDReqEnergyTransferMode: { EVMaximumChargePower: power(11), EVMinimumChargePower: power(1) } } }), 0x8003],
  [v2gDocument('iso20-dc', { DC_CableCheckReq: { Header } }), 0x8004],
  [v2gDocument('iso20-acdp', { ACDP_ConnectReq: { Header, EVElectricalChargingDeviceStatus: 'State_B' } }), 0x8005],
  [v2gDocument('iso20-wpt', { WPT_PairingReq: { Header, EVProcessing: 'Finished', EVResultCode: 'EVResultSuccess' } }), 0x8006],
];

const protocolOf = (schema: SchemaName): ChannelProtocol => {
  if (schema === 'iso20-common') return 'iso20-dc';
  return schema as ChannelProtocol;
};

const sessionSetupReq = ONE_OF_EACH[3]![0];
const cableCheckReq = ONE_OF_EACH[5]![0];
const dcChargeParameterDiscoveryReq = v2gDocument('iso20-dc', {
  DC_ChargeParameterDiscoveryReq: {
    Header,
    DC_CPDReqEnergyTransferMode: {
      EVMaximumChargePower: power(150),
      EVMinimumChargePower: power(1),
      EVMaximumChargeCurrent: { Exponent: 0, Value: 400 },
      EVMinimumChargeCurrent: { Exponent: 0, Value: 1 },
      EVMaximumVoltage: { Exponent: 0, Value: 800 },
      EVMinimumVoltage: { Exponent: 0, Value: 200 },
    },
  },
});
const renegotiatedPowerDeliveryReq = v2gDocument('iso20-common', { PowerDeliveryReq: { Header, EVProcessing: 'Finished', ChargeProgress: 'Start' } });
const meteringConfirmationRes = v2gDocument('iso20-common', { MeteringConfirmationRes: { Header, ResponseCode: 'OK' } });
const systemStatusReq = v2gDocument('iso20-acdp', { ACDP_SystemStatusReq: { Header, EVTechnicalStatus: { EVReadyToCharge: true, EVImmobilizationRequest: false } } });

function collect(channel: V2gChannel): ChannelEvent[] {
  const events: ChannelEvent[] = [];
  channel.events$.subscribe((e) => events.push(e));
  return events;
}

const payloadTypeOf = (frame: Uint8Array): number => (frame[2]! << 8) | frame[3]!;

/** An EVCC and an SECC channel on one TLS 1.3 connection pair (ISO 15118-20 runs on nothing else), both in `protocol`. */
function session(protocol: ChannelProtocol) {
  const [evccEnd, seccEnd] = memoryConnectionPair('tls1.3');
  const evcc = createV2gChannel(evccEnd, { protocol });
  const secc = createV2gChannel(seccEnd, { protocol });
  const sent: ChannelTraffic[] = [];
  evcc.traffic$.subscribe((t) => t.dir === 'out' && sent.push(t));
  const seccEnded: { how?: string } = {};
  seccEnd.data$.subscribe({ complete: () => (seccEnded.how = 'closed'), error: (e: Error) => (seccEnded.how = e.message) });
  return { evcc, secc, evccEnd, sent, atSecc: collect(secc), atEvcc: collect(evcc), seccEnded };
}

test('an ISO 15118-20 DC session: Common on 0x8002, then DC on 0x8004, each read with its own schema', async () => {
  const s = session('apphand');
  s.evcc.useProtocol('iso20-dc');
  s.secc.useProtocol('iso20-dc');
  s.evcc.send(sessionSetupReq);
  s.evcc.send(cableCheckReq);
  await flushIo();
  assert.equal(s.atSecc, [
    { type: 'channel.received', message: sessionSetupReq },
    { type: 'channel.received', message: cableCheckReq },
  ]);
  assert.equal(s.sent.map((t) => [payloadTypeOf(t.frame), t.message?.schema]), [
    [0x8002, 'iso20-common'],
    [0x8004, 'iso20-dc'],
  ]);
  assert.is(s.secc.actor.getSnapshot().value, 'open');
});

test('side streams: each payload is read with the schema in which its root is a message of that stream', async () => {
  const s = session('iso20-acdp');
  const side: [V2gDocument, number][] = [
    [dcChargeParameterDiscoveryReq, PayloadType.ScheduleRenegotiationPayloadID],
    [renegotiatedPowerDeliveryReq, PayloadType.ScheduleRenegotiationPayloadID],
    [meteringConfirmationRes, PayloadType.MeteringConfirmationPayloadID],
    [systemStatusReq, PayloadType.ACDSystemStatusPayloadID],
  ];
  for (const [message, payloadType] of side) s.evccEnd.write(encodeV2gtpFrame(payloadType, encode(message.schema, message.document)));
  await flushIo();
  assert.equal(s.atSecc, side.map(([message]) => ({ type: 'channel.received', message })));
});

test('the roots a side stream allows have distinct event codes across the schemas of every protocol', () => {
  for (const [protocol, schemas] of Object.entries(PROTOCOL_SCHEMAS)) {
    for (const [payloadType, messages] of SIDE_STREAM_MESSAGES) {
      const candidates = schemas.filter((schema) => messages.has(schema));
      for (const schema of candidates) {
        for (const root of messages.get(schema)!) {
          // The stream a document with this root starts with: the header, then the root's event code.
          const start = streamStartOf(schema, root);
          const readAs = candidates.filter((other) => messages.get(other)!.includes(rootElementOf(other, start) ?? ''));
          assert.equal(readAs, [schema], `${protocol} 0x${payloadType.toString(16)}: ${root} is read as ${schema} only`);
        }
      }
    }
  }
});

test('every framed schema is sent with its own payload type', async () => {
  for (const [message, payloadType] of ONE_OF_EACH) {
    const s = session(protocolOf(message.schema));
    s.evcc.send(message);
    await flushIo();
    assert.equal(s.sent.map((t) => payloadTypeOf(t.frame)), [payloadType], message.schema);
    assert.equal(s.atSecc, [{ type: 'channel.received', message }], `${message.schema} read back with its schema`);
  }
});

test('a document of a schema outside the protocol is refused: schemaOutsideProtocol, this channel alone ends', async () => {
  const s = session('iso20-dc');
  const other = session('iso20-dc');
  s.evcc.send(ONE_OF_EACH[4]![0]);
  await flushIo();
  assert.equal(s.sent, [], 'nothing was written');
  assert.equal(s.atEvcc, [{ type: 'channel.closed', reason: 'cannot send AC_ChargeParameterDiscoveryReq: iso20-ac is not a schema of iso20-dc' }]);
  assert.equal(s.evcc.actor.getSnapshot().output, {
    state: 'invalid',
    reason: 'cannot send AC_ChargeParameterDiscoveryReq: iso20-ac is not a schema of iso20-dc',
    fault: 'schemaOutsideProtocol',
  });
  assert.is(s.seccEnded.how, 'closed', 'closed with a FIN, not reset');
  assert.equal(s.atSecc, [{ type: 'channel.closed', reason: 'the peer closed the connection' }]);
  other.evcc.send(cableCheckReq);
  await flushIo();
  assert.equal(other.atSecc, [{ type: 'channel.received', message: cableCheckReq }], 'another session goes on');
});

test('a payload type outside the protocol is a V2GTP header fault naming it: the channel resets, another goes on', async () => {
  const s = session('iso20-dc');
  const other = session('iso20-dc');
  // AC's payload type in a DC session, carrying a well-formed AC message.
  const [ac] = ONE_OF_EACH[4]!;
  s.evccEnd.write(encodeV2gtpFrame(0x8003, encode(ac.schema, ac.document)));
  await flushIo();
  const reason = 'bad V2GTP header: V2GTP payloadType (byte 2): payload type 0x8003 (Part20ACMainstreamPayloadID) does not carry iso20-dc messages';
  assert.equal(s.atSecc, [{ type: 'channel.closed', reason }]);
  assert.equal(s.secc.actor.getSnapshot().output, { state: 'invalid', reason, fault: 'v2gtpHeader' });
  assert.is(s.secc.actor.getSnapshot().value, 'invalid');
  other.evcc.send(cableCheckReq);
  await flushIo();
  assert.equal(other.atSecc, [{ type: 'channel.received', message: cableCheckReq }]);
});

test('0x8001 after an ISO 15118-20 handshake is outside the protocol too', () => {
  const [din] = ONE_OF_EACH[1]!;
  assert.throws(
    () => readPayload(framingOf('iso20-dc'), 0x8001, encode(din.schema, din.document)),
    (err: unknown) => err instanceof V2gtpError && err.field === 'payloadType' && /0x8001 .* does not carry iso20-dc messages/.test(err.message),
  );
});

test('a side stream payload whose root that stream does not carry is an undecodable message naming both', async () => {
  const s = session('iso20-dc');
  s.evccEnd.write(encodeV2gtpFrame(PayloadType.MeteringConfirmationPayloadID, encode(cableCheckReq.schema, cableCheckReq.document)));
  await flushIo();
  assert.is(s.atSecc.length, 1);
  const [event] = s.atSecc;
  assert.is(event?.type, 'channel.invalid');
  assert.match(event?.type === 'channel.invalid' ? event.reason : '', /payload type 0x8102 \(MeteringConfirmationPayloadID\) carries none of the messages this payload announces \(\w+ in iso20-common\)/);
  assert.is(s.secc.actor.getSnapshot().output?.fault, 'exiDecode');
  assert.throws(
    () => readPayload(framingOf('iso20-dc'), PayloadType.MeteringConfirmationPayloadID, encode(cableCheckReq.schema, cableCheckReq.document)),
    (err: unknown) => err instanceof ExiError,
  );
});

test('a root element is read from the first event code of each document schema', () => {
  for (const [message] of ONE_OF_EACH) {
    assert.is(rootElementOf(message.schema, encode(message.schema, message.document)), Object.keys(message.document)[0], message.schema);
  }
  assert.is(rootElementOf('iso20-dc', Uint8Array.of(0x80)), undefined, 'too short to name one');
  assert.is(rootElementOf('iso20-dc', Uint8Array.of(0x81, 0x00)), undefined, 'not the V2G EXI header');
  assert.ok(SCHEMA_NAMES.filter((name) => name.endsWith('-fragment')).every((name) => rootElementOf(name, Uint8Array.of(0x80, 0x00)) === undefined), 'fragments have no document root');
});

/**
 * The first two bytes of a stream of `schema` whose root is `root`: the header, then the root's index among the
 * schema's global elements (the encoder writes the same, as the test above checks on real messages).
 */
function streamStartOf(schema: SchemaName, root: string): Uint8Array {
  const roots = SCHEMA_MODELS[schema]!.roots.map((r) => r.key);
  assert.ok(roots.includes(root), `${root} is a global element of ${schema}`);
  const width = Math.ceil(Math.log2(roots.length + 1));
  return Uint8Array.of(0x80, roots.indexOf(root) << (8 - width));
}

test.run();
