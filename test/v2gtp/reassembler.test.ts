/** V2GTP over TCP: messages split across segments, several in one segment, and a bad header mid-stream. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeV2gtpFrame, V2gtpError, V2gtpReassembler } from '../../codecs/v2gtp/index.js';

const a = encodeV2gtpFrame(0x8001, Uint8Array.of(0x80, 0x9a, 0x02));
const b = encodeV2gtpFrame(0x8001, Uint8Array.from({ length: 300 }, (_, i) => i & 0xff));
const stream = Uint8Array.from([...a, ...b, ...a]);

test('every way of cutting the stream into two or three segments yields the same three messages', () => {
  for (let i = 0; i <= stream.length; i++) {
    for (const j of [i, Math.min(stream.length, i + 1), Math.min(stream.length, i + 9), stream.length]) {
      const r = new V2gtpReassembler();
      const frames = [...r.push(stream.subarray(0, i)), ...r.push(stream.subarray(i, j)), ...r.push(stream.subarray(j))];
      assert.is(frames.length, 3, `cut at ${i}/${j}`);
      assert.equal([...frames[1].payload], [...b.subarray(8)]);
      assert.equal([...frames[2].payload], [0x80, 0x9a, 0x02]);
      assert.is(r.pending, 0);
    }
  }
});

test('byte by byte', () => {
  const r = new V2gtpReassembler();
  const frames = [...stream].flatMap((x) => r.push(Uint8Array.of(x)));
  assert.is(frames.length, 3);
  assert.is(r.offset, stream.length);
});

test('a bad header after a good message is reported as soon as its 8 bytes are there', () => {
  const r = new V2gtpReassembler();
  assert.is(r.push(a).length, 1);
  assert.throws(() => r.push(Uint8Array.of(0x01, 0xff, 0x80, 0x01, 0, 0, 0, 3)), (e: unknown) => e instanceof V2gtpError && e.field === 'inverseVersion');
});

test('a length over the configured maximum is refused before any payload is buffered', () => {
  const r = new V2gtpReassembler({ maxPayloadLength: 100 });
  assert.throws(() => r.push(b.subarray(0, 8)), (e: unknown) => e instanceof V2gtpError && e.field === 'payloadLength');
});

test.run();
