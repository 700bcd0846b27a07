/** RFC 6455 framing as the inspector's server reads and writes it: lengths, masking, limits, control frames. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptKey } from '../../inspector/server/websocket.js';
import { encodeFrame, OPCODE, parseClientFrames, WebSocketProtocolError } from '../../inspector/server/websocket-frame.js';
import { clientFrame } from './ws-client.js';

test('the accept key of RFC 6455 §1.3', () => {
  assert.is(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('server frames: 7-bit, 16-bit and 64-bit lengths, unmasked, FIN set', () => {
  const small = encodeFrame(OPCODE.text, Buffer.from('hi'));
  assert.equal([...small], [0x81, 2, 0x68, 0x69]);
  const medium = encodeFrame(OPCODE.text, Buffer.alloc(300, 0x61));
  assert.equal([...medium.subarray(0, 4)], [0x81, 126, 1, 44]);
  assert.is(medium.length, 304);
  const large = encodeFrame(OPCODE.binary, Buffer.alloc(70_000));
  assert.equal([...large.subarray(0, 2)], [0x82, 127]);
  assert.is(large.readBigUInt64BE(2), 70_000n);
  assert.is(large.length, 70_010);
});

test('client frames are unmasked, split across chunks, and several in one chunk', () => {
  const bytes = Buffer.concat([clientFrame(OPCODE.text, Buffer.from('hello')), clientFrame(OPCODE.ping, Buffer.from('p')), clientFrame(OPCODE.text, Buffer.alloc(200, 0x7a))]);
  const first = parseClientFrames(bytes.subarray(0, 20), 1024);
  assert.equal(first.frames.map((f) => f.payload.toString()), ['hello', 'p']);
  const rest = parseClientFrames(Buffer.concat([first.rest, bytes.subarray(20)]), 1024);
  assert.is(rest.frames.length, 1);
  assert.is(rest.frames[0]!.payload.toString(), 'z'.repeat(200));
  assert.is(rest.rest.length, 0);
});

test('protocol errors: unmasked client frame, reserved bits, oversized and fragmented control frames, too long a payload', () => {
  const unmasked = Buffer.from([0x81, 0x02, 0x68, 0x69]);
  const error = (bytes: Buffer, max = 1024): WebSocketProtocolError => {
    try {
      parseClientFrames(bytes, max, 100);
    } catch (e) {
      assert.instance(e, WebSocketProtocolError);
      return e as WebSocketProtocolError;
    }
    throw new Error('no error');
  };
  assert.is(error(unmasked).code, 1002);
  assert.match(error(unmasked).message, 'frame at byte 100');
  const reserved = clientFrame(OPCODE.text, Buffer.from('x'));
  reserved[0]! |= 0x40;
  assert.is(error(reserved).code, 1002);
  assert.is(error(clientFrame(OPCODE.ping, Buffer.alloc(126))).code, 1002);
  assert.is(error(clientFrame(OPCODE.ping, Buffer.from('x'), undefined, false)).code, 1002);
  assert.is(error(clientFrame(OPCODE.text, Buffer.alloc(300)), 200).code, 1009);
  // A 64-bit length of 2^62 is refused from its header alone, before any payload arrives.
  const huge = Buffer.from([0x82, 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0]);
  assert.is(error(huge).code, 1009);
});

test.run();
