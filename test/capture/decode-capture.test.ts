import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCapture, type CaptureEvent } from '../../codecs/capture/index.js';
import { encode } from '../../codecs/exi/index.js';
import { encodeIpv6Packet, encodeTcpSegment, ipv6ToBytes, NEXT_HEADER_TCP, TcpFlags } from '../../codecs/net/index.js';
import { LINKTYPE_RAW, writePcap, type PcapRecord } from '../../codecs/pcap/index.js';
import { encodeV2gtpFrame, PayloadType } from '../../codecs/v2gtp/index.js';
import { lengthThenOctets, replaceBits } from '../exi/stream-bits.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

function decodeFile(path: string): CaptureEvent[] {
  return [...decodeCapture(readFileSync(path))];
}

const names = (events: CaptureEvent[], layer: string): string[] => events.flatMap((e) => ('name' in e && e.layer === layer ? [e.name] : []));

sharedOrSkip(test, 'the DIN capture of a Model Y decodes without an error, requests from the EV, responses from the EVSE', ['captures', 'pyplc-modelY-din-until-precharge.pcapng'], (path) => {
  const events = decodeFile(path);
  assert.equal(events.filter((e) => 'error' in e), []);
  const v2g = events.filter((e): e is Extract<CaptureEvent, { name: string }> => 'name' in e && e.layer === 'v2g');
  assert.equal(v2g.slice(0, 4).map((e) => e.name), ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq', 'SessionSetupRes']);
  assert.ok(v2g.filter((e) => e.name === 'PreChargeReq').length > 100);
  for (const e of v2g) assert.is(e.dir, e.name.endsWith('Req') ? 'EV->EVSE' : 'EVSE->EV', e.name);
  assert.ok(v2g.slice(2).every((e) => e.schema === 'din'));
  assert.ok(names(events, 'sdp').includes('SDPResponse'));
  assert.ok(names(events, 'slac').includes('CM_SLAC_MATCH.CNF'));
});

sharedOrSkip(test, 'the ISO 15118-2 AC capture decodes its whole session', ['captures', 'dsv2gshark-iso2-ac.pcapng'], (path) => {
  const events = decodeFile(path);
  assert.equal(events.filter((e) => 'error' in e), []);
  const v2g = names(events, 'v2g');
  assert.is(v2g.filter((n) => n === 'ChargingStatusReq').length, 246);
  assert.is(v2g.at(-1), 'SessionStopRes');
});

for (const name of ['pyplc-alpitronic-slac-until-sdp.pcapng', 'slac-software-modem-pairing.pcap']) {
  sharedOrSkip(test, `the SLAC-only capture ${name} decodes every frame`, ['captures', name], (path) => {
    const events = decodeFile(path);
    assert.equal(events.filter((e) => 'error' in e), [], name);
    assert.ok(names(events, 'slac').includes('CM_SLAC_MATCH.REQ'), name);
  });
}

/** A loopback capture written here: the connection's bytes cut into segments in a chosen order. */
function capture(segments: { from: 'ev' | 'evse'; sequence: number; bytes: Uint8Array; flags?: number }[]): Uint8Array {
  const ev = ipv6ToBytes('::1');
  const evse = ipv6ToBytes('::2');
  const records: PcapRecord[] = segments.map((s, i) => {
    const [src, dst, sport, dport] = s.from === 'ev' ? [ev, evse, 50000, 61851] : [evse, ev, 61851, 50000];
    const tcp = encodeTcpSegment({ sourcePort: sport, destinationPort: dport, sequence: s.sequence, acknowledgement: 0, flags: s.flags ?? TcpFlags.ACK, window: 1000, payload: s.bytes }, src, dst);
    return { timestampMicros: 1_700_000_000_000_000 + i * 1000, data: encodeIpv6Packet(src, dst, NEXT_HEADER_TCP, tcp) };
  });
  return writePcap(records, LINKTYPE_RAW);
}

const frame = (bytes: Uint8Array): Uint8Array => encodeV2gtpFrame(PayloadType.EXIEncodedV2GMessage, bytes);
const sapReq = frame(encode('apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: 'urn:din:70121:2012:MsgDef', VersionNumberMajor: 2, VersionNumberMinor: 0, SchemaID: 1, Priority: 1 }] } }));
const sapRes = frame(encode('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 1 } }));
const setupReq = frame(encode('din', { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionSetupReq: { EVCCID: new Uint8Array(6) } } } }));

test('segments out of order, retransmitted and split mid-header are put back in stream order', () => {
  const isn = 0xfffffff0; // the stream wraps the 32-bit sequence space on the way
  const first = isn + 1;
  const cut = 5;
  const file = capture([
    { from: 'ev', sequence: isn, bytes: new Uint8Array(), flags: TcpFlags.SYN },
    { from: 'ev', sequence: (first + cut) >>> 0, bytes: sapReq.subarray(cut) },
    { from: 'ev', sequence: first, bytes: sapReq.subarray(0, cut) },
    { from: 'ev', sequence: first, bytes: sapReq.subarray(0, cut + 3) },
    { from: 'evse', sequence: 100, bytes: sapRes },
    { from: 'ev', sequence: (first + sapReq.length) >>> 0, bytes: setupReq },
  ]);
  const events = [...decodeCapture(file)];
  assert.equal(events.filter((e) => 'error' in e), []);
  assert.equal(names(events, 'v2g'), ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq']);
  const setup = events.at(-1) as Extract<CaptureEvent, { name: string }>;
  assert.is(setup.schema, 'din');
  assert.is(setup.dir, 'EV->EVSE');
});

test('a bad V2GTP header is an error line and the next connection still decodes', () => {
  const bad = sapReq.slice();
  bad[1] = 0x00;
  const events = [...decodeCapture(capture([{ from: 'ev', sequence: 1, bytes: bad }]))];
  assert.is(events.length, 1);
  assert.match((events[0] as { error: string }).error, /inverse/i);
});

test('a value outside its facet is read as the sessions read it, with a warning; --strict makes it an error line', () => {
  const session = Array(8).fill(7);
  const stop = encode('din', { V2G_Message: { Header: { SessionID: Uint8Array.from(session) }, Body: { SessionStopReq: {} } } });
  // A SessionID one byte over DIN's maxLength 8: the EXI length field carries it.
  const long = frame(replaceBits(stop, lengthThenOctets(8, session), lengthThenOctets(9, [...session, 7])));
  const file = capture([
    { from: 'ev', sequence: 1, bytes: sapReq },
    { from: 'evse', sequence: 100, bytes: sapRes },
    { from: 'ev', sequence: 1 + sapReq.length, bytes: long },
  ]);
  const lenient = [...decodeCapture(file)].at(-1) as Extract<CaptureEvent, { name: string }>;
  assert.is(lenient.name, 'SessionStopReq');
  assert.match(lenient.warnings?.join() ?? '', /binary length 9 exceeds maxLength 8/);
  const strict = [...decodeCapture(file, { strict: true })].at(-1) as { error?: string };
  assert.match(strict.error ?? '', /binary length 9 exceeds maxLength 8/);
});

const Header = { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: 1_700_000_000n };
const amps = (Value: number) => ({ Exponent: 0, Value });
/** An ISO 15118-20 DC session's messages on each of its payload types, side streams included. */
const iso20Frames: [from: 'ev' | 'evse', bytes: Uint8Array][] = [
  ['ev', frame(encode('apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: 'urn:iso:std:iso:15118:-20:DC', VersionNumberMajor: 1, VersionNumberMinor: 0, SchemaID: 1, Priority: 1 }] } }))],
  ['evse', sapRes],
  ['ev', encodeV2gtpFrame(PayloadType.Part20MainstreamPayloadID, encode('iso20-common', { SessionSetupReq: { Header, EVCCID: 'WMIV1234567890ABCDEX' } }))],
  ['ev', encodeV2gtpFrame(PayloadType.Part20DCMainstreamPayloadID, encode('iso20-dc', { DC_CableCheckReq: { Header } }))],
  ['ev', encodeV2gtpFrame(PayloadType.ScheduleRenegotiationPayloadID, encode('iso20-dc', {
    DC_ChargeParameterDiscoveryReq: {
      Header,
      DC_CPDReqEnergyTransferMode: {
        EVMaximumChargePower: { Exponent: 3, Value: 150 }, EVMinimumChargePower: { Exponent: 3, Value: 1 },
        EVMaximumChargeCurrent: amps(400), EVMinimumChargeCurrent: amps(1), EVMaximumVoltage: amps(800), EVMinimumVoltage: amps(200),
      },
    },
  }))],
  ['ev', encodeV2gtpFrame(PayloadType.ScheduleRenegotiationPayloadID, encode('iso20-common', { PowerDeliveryReq: { Header, EVProcessing: 'Finished', ChargeProgress: 'Start' } }))],
  ['evse', encodeV2gtpFrame(PayloadType.MeteringConfirmationPayloadID, encode('iso20-common', { MeteringConfirmationRes: { Header, ResponseCode: 'OK' } }))],
];

/** The frames in a capture, each direction's bytes back to back from its own sequence number. */
function captureOf(frames: readonly [from: 'ev' | 'evse', bytes: Uint8Array][]): Uint8Array {
  const next = { ev: 1, evse: 100 };
  return capture(frames.map(([from, bytes]) => {
    const sequence = next[from];
    next[from] += bytes.length;
    return { from, sequence, bytes };
  }));
}

const iso20Named = [
  'supportedAppProtocolReq apphand', 'supportedAppProtocolRes apphand', 'SessionSetupReq iso20-common', 'DC_CableCheckReq iso20-dc',
  'DC_ChargeParameterDiscoveryReq iso20-dc', 'PowerDeliveryReq iso20-common', 'MeteringConfirmationRes iso20-common',
];

test('an ISO 15118-20 session names each message with its schema on every payload type, side streams included', () => {
  const events = [...decodeCapture(captureOf(iso20Frames))];
  assert.equal(events.filter((e) => 'error' in e), []);
  assert.equal(events.map((e) => ('name' in e ? `${e.name} ${e.schema}` : '')), iso20Named);
});

test('an ISO 15118-20 capture that starts after the handshake is read by its payload types alone', () => {
  const events = [...decodeCapture(captureOf(iso20Frames.slice(2)))];
  assert.equal(events.filter((e) => 'error' in e), []);
  assert.equal(events.map((e) => ('name' in e ? `${e.name} ${e.schema}` : '')), iso20Named.slice(2));
});

test.run();
