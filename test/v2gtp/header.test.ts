import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_MAX_PAYLOAD_LENGTH,
  EXI_PAYLOAD_TYPES,
  PayloadType,
  V2gtpError,
  type V2gtpField,
  decodeV2gtpFrame,
  describePayloadType,
  encodeV2gtpFrame,
  parseV2gtpHeader,
} from '../../codecs/v2gtp/index.js';

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function rejects(run: () => unknown, field: V2gtpField, offset: number): V2gtpError {
  try {
    run();
  } catch (e) {
    assert.instance(e, V2gtpError);
    const error = e as V2gtpError;
    assert.is(error.field, field, 'field');
    assert.is(error.offset, offset, 'offset');
    assert.ok(error.message.includes(field) && error.message.includes(`byte ${offset}`), error.message);
    return error;
  }
  assert.unreachable(`expected a V2gtpError on ${field} at byte ${offset}`);
  throw new Error('unreachable');
}

test('an EXI message is framed as version, inverse version, type and length, both big-endian', () => {
  assert.equal(
    encodeV2gtpFrame(0x8001, bytes(0x80, 0x9a)),
    bytes(0x01, 0xfe, 0x80, 0x01, 0x00, 0x00, 0x00, 0x02, 0x80, 0x9a),
  );
  assert.equal(encodeV2gtpFrame(0x8004, new Uint8Array(0)), bytes(0x01, 0xfe, 0x80, 0x04, 0x00, 0x00, 0x00, 0x00));
});

test('the SDP request of the digest reads as type 0x9000 with a 2-byte payload', () => {
  const frame = bytes(0x01, 0xfe, 0x90, 0x00, 0x00, 0x00, 0x00, 0x02, 0x10, 0x00);
  assert.equal(parseV2gtpHeader(frame), { payloadType: PayloadType.SDPRequestPayloadID, payloadLength: 2 });
  const { payloadType, payload } = decodeV2gtpFrame(frame);
  assert.is(payloadType, 0x9000);
  assert.equal(payload, bytes(0x10, 0x00));
});

test('every byte of the payload length counts, most significant first', () => {
  const header = bytes(0x01, 0xfe, 0x80, 0x02, 0x01, 0x02, 0x03, 0x04);
  assert.equal(parseV2gtpHeader(header, { maxPayloadLength: 0xffff_ffff }), {
    payloadType: 0x8002,
    payloadLength: 0x01020304,
  });
});

test('a header inside a larger buffer is read from its own first byte', () => {
  const buffer = bytes(0xaa, 0xbb, 0x01, 0xfe, 0x90, 0x01, 0x00, 0x00, 0x00, 0x14);
  assert.equal(parseV2gtpHeader(buffer.subarray(2)), { payloadType: 0x9001, payloadLength: 20 });
});

test('encode then decode gives back type and payload', () => {
  const payload = bytes(1, 2, 3, 4, 5);
  const decoded = decodeV2gtpFrame(encodeV2gtpFrame(PayloadType.Part20DCMainstreamPayloadID, payload));
  assert.is(decoded.payloadType, 0x8004);
  assert.equal(decoded.payload, payload);
});

test('a header shorter than 8 bytes is rejected where the bytes run out', () => {
  rejects(() => parseV2gtpHeader(bytes(0x01, 0xfe, 0x80, 0x01, 0x00, 0x00, 0x00)), 'header', 7);
  rejects(() => parseV2gtpHeader(new Uint8Array(0)), 'header', 0);
  rejects(() => decodeV2gtpFrame(bytes(0x01, 0xfe)), 'header', 2);
});

test('a protocol version other than 0x01 is rejected at byte 0', () => {
  const error = rejects(() => parseV2gtpHeader(bytes(0x02, 0xfd, 0x80, 0x01, 0, 0, 0, 0)), 'version', 0);
  assert.ok(error.message.includes('0x02'), error.message);
});

test('an inverse version other than 0xFE is rejected at byte 1', () => {
  rejects(() => parseV2gtpHeader(bytes(0x01, 0xff, 0x80, 0x01, 0, 0, 0, 0)), 'inverseVersion', 1);
});

test('the version pair is checked before the payload type [V2G20-090]', () => {
  rejects(() => parseV2gtpHeader(bytes(0x01, 0x00, 0x12, 0x34, 0, 0, 0, 0)), 'inverseVersion', 1);
});

test('a reserved payload type is rejected at byte 2', () => {
  const error = rejects(() => parseV2gtpHeader(bytes(0x01, 0xfe, 0x80, 0x07, 0, 0, 0, 0)), 'payloadType', 2);
  assert.ok(error.message.includes('0x8007 (reserved)'), error.message);
});

test('a manufacturer-specific payload type passes only when allowed', () => {
  const header = bytes(0x01, 0xfe, 0xa0, 0x00, 0, 0, 0, 0);
  rejects(() => parseV2gtpHeader(header), 'payloadType', 2);
  assert.equal(parseV2gtpHeader(header, { allowedPayloadTypes: [0xa000] }), { payloadType: 0xa000, payloadLength: 0 });
});

test('a known payload type outside the allowed list is rejected', () => {
  const sdpRequest = bytes(0x01, 0xfe, 0x90, 0x00, 0, 0, 0, 2);
  const exiOnly = { allowedPayloadTypes: [PayloadType.EXIEncodedV2GMessage] };
  rejects(() => parseV2gtpHeader(sdpRequest, exiOnly), 'payloadType', 2);
});

test('the payload type is checked before the payload length [V2G20-094]', () => {
  rejects(() => parseV2gtpHeader(bytes(0x01, 0xfe, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff)), 'payloadType', 2);
});

test('a payload length over the default maximum is rejected at byte 4', () => {
  const atMax = bytes(0x01, 0xfe, 0x80, 0x01, 0x00, 0x01, 0x00, 0x00);
  assert.is(parseV2gtpHeader(atMax).payloadLength, DEFAULT_MAX_PAYLOAD_LENGTH);
  rejects(() => parseV2gtpHeader(bytes(0x01, 0xfe, 0x80, 0x01, 0x00, 0x01, 0x00, 0x01)), 'payloadLength', 4);
  rejects(() => parseV2gtpHeader(bytes(0x01, 0xfe, 0x80, 0x01, 0xff, 0xff, 0xff, 0xff)), 'payloadLength', 4);
});

test('a configured maximum payload length is enforced', () => {
  const sdpRequest = bytes(0x01, 0xfe, 0x90, 0x00, 0, 0, 0, 2);
  assert.is(parseV2gtpHeader(sdpRequest, { maxPayloadLength: 2 }).payloadLength, 2);
  rejects(() => parseV2gtpHeader(sdpRequest, { maxPayloadLength: 1 }), 'payloadLength', 4);
});

test('a frame that ends before its payload is rejected where it ends', () => {
  rejects(() => decodeV2gtpFrame(bytes(0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 4, 0x80, 0x9a)), 'payloadLength', 10);
  rejects(() => decodeV2gtpFrame(bytes(0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 1)), 'payloadLength', 8);
});

test('bytes after the payload are rejected where they start [V2G20-1229]', () => {
  rejects(() => decodeV2gtpFrame(bytes(0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 1, 0x80, 0x9a, 0x02)), 'payloadLength', 9);
  rejects(() => decodeV2gtpFrame(bytes(0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 0, 0x00)), 'payloadLength', 8);
});

test('decoding passes its options on to the header check', () => {
  const frame = bytes(0x01, 0xfe, 0x90, 0x00, 0, 0, 0, 2, 0x10, 0x00);
  rejects(() => decodeV2gtpFrame(frame, { allowedPayloadTypes: EXI_PAYLOAD_TYPES }), 'payloadType', 2);
  rejects(() => decodeV2gtpFrame(frame, { maxPayloadLength: 1 }), 'payloadLength', 4);
});

test('a payload type that does not fit 16 bits cannot be framed', () => {
  rejects(() => encodeV2gtpFrame(0x1_0000, new Uint8Array(0)), 'payloadType', 2);
  rejects(() => encodeV2gtpFrame(-1, new Uint8Array(0)), 'payloadType', 2);
  rejects(() => encodeV2gtpFrame(0x8001 + 0.5, new Uint8Array(0)), 'payloadType', 2);
});

test('the payload types carry the values of the digest', () => {
  assert.is(PayloadType.EXIEncodedV2GMessage, 0x8001);
  assert.is(PayloadType.SAPPayloadID, 0x8001);
  assert.is(PayloadType.Part20MainstreamPayloadID, 0x8002);
  assert.is(PayloadType.Part20ACMainstreamPayloadID, 0x8003);
  assert.is(PayloadType.Part20DCMainstreamPayloadID, 0x8004);
  assert.is(PayloadType.Part20ACDPMainstreamPayloadID, 0x8005);
  assert.is(PayloadType.Part20WPTMainstreamPayloadID, 0x8006);
  assert.is(PayloadType.ScheduleRenegotiationPayloadID, 0x8101);
  assert.is(PayloadType.MeteringConfirmationPayloadID, 0x8102);
  assert.is(PayloadType.ACDSystemStatusPayloadID, 0x8103);
  assert.is(PayloadType.ParkingStatusPayloadID, 0x8104);
  assert.is(PayloadType.SDPRequestPayloadID, 0x9000);
  assert.is(PayloadType.SDPResponsePayloadID, 0x9001);
  assert.is(PayloadType.SDPRequestWirelessPayloadID, 0x9002);
  assert.is(PayloadType.SDPResponseWirelessPayloadID, 0x9003);
  assert.is(PayloadType.SDPRequestEMSPPayloadID, 0x9004);
  assert.is(PayloadType.SDPResponseEMSPPayloadID, 0x9005);
});

test('the EXI payload types are the defined ones in 0x8001–0x8FFF', () => {
  assert.equal(
    [...EXI_PAYLOAD_TYPES].sort((a, b) => a - b),
    [0x8001, 0x8002, 0x8003, 0x8004, 0x8005, 0x8006, 0x8101, 0x8102, 0x8103, 0x8104],
  );
});

test('a payload type is described by its number and meaning', () => {
  assert.is(describePayloadType(0x8001), '0x8001 (EXIEncodedV2GMessage/SAPPayloadID)');
  assert.is(describePayloadType(0x9001), '0x9001 (SDPResponsePayloadID)');
  assert.is(describePayloadType(0xa123), '0xa123 (manufacturer-specific)');
  assert.is(describePayloadType(0x0001), '0x0001 (reserved)');
});

test.run();
