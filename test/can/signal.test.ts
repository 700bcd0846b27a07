/**
 * Signals and messages through their bits and back: Intel and Motorola order, signed, factor/offset, IEEE floats,
 * 64-bit values, multiplexed and CAN FD messages; known answers where the layout is written out by hand, round
 * trips across the ranges, and values a signal cannot carry refused instead of wrapped.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDbc, type DbcSignal } from '../../codecs/can/dbc.js';
import { CanFrameError, dlcOf, fdLength, lengthOfDlc } from '../../codecs/can/can-frame.js';
import { decodeMessage, encodeMessage } from '../../codecs/can/can-message.js';
import { decodeSignal, encodeSignal, readRaw, SignalRangeError } from '../../codecs/can/signal.js';

const signal = (s: Partial<DbcSignal>): DbcSignal => ({ name: 'S', startBit: 0, length: 8, byteOrder: 'little-endian', signed: false, factor: 1, offset: 0, unit: '', receivers: [], ...s });

test('known answers: where the bits of Intel and Motorola signals go', () => {
  const data = new Uint8Array(8);
  encodeSignal(signal({ startBit: 4, length: 12 }), data, 0xabc);
  assert.equal([...data.subarray(0, 2)], [0xc0, 0xab]);
  data.fill(0);
  encodeSignal(signal({ startBit: 3, length: 12, byteOrder: 'big-endian' }), data, 0xabc);
  assert.equal([...data.subarray(0, 2)], [0x0a, 0xbc]);
  data.fill(0);
  encodeSignal(signal({ startBit: 7, length: 16, byteOrder: 'big-endian' }), data, 0x1234);
  encodeSignal(signal({ startBit: 16, length: 16 }), data, 0x1234);
  assert.equal([...data.subarray(0, 4)], [0x12, 0x34, 0x34, 0x12]);
});

test('signed values in two\'s complement, factor and offset', () => {
  const temp = signal({ startBit: 8, length: 8, signed: true, factor: 0.5, offset: -10 });
  const data = new Uint8Array(8);
  encodeSignal(temp, data, -30);
  // (-30 - -10) / 0.5 = -40 = 0xD8
  assert.is(data[1], 0xd8);
  assert.is(decodeSignal(temp, data), -30);
  const current = signal({ startBit: 32, length: 16, signed: true, factor: 0.1 });
  encodeSignal(current, data, -123.4);
  assert.is(decodeSignal(current, data), -123.4);
});

test('round trips across both orders, signs, lengths and positions', () => {
  for (const byteOrder of ['little-endian', 'big-endian'] as const) {
    for (const signed of [false, true]) {
      for (const length of [1, 3, 7, 8, 13, 16, 31, 32, 33, 52]) {
        for (const at of [0, 5, 11]) {
          // A big-endian signal's start is its MSB: put it where the whole signal fits in 8 bytes.
          const startBit = byteOrder === 'little-endian' ? at : 8 * Math.floor(at / 8) + 7 - (at % 8);
          const s = signal({ startBit, length, byteOrder, signed });
          const max = signed ? 2 ** (length - 1) - 1 : 2 ** length - 1;
          const min = signed ? -(2 ** (length - 1)) : 0;
          for (const value of [min, max, Math.trunc((min + max) / 3), signed ? -1 : 1]) {
            const data = new Uint8Array(8).fill(0x5a);
            encodeSignal(s, data, value);
            assert.is(decodeSignal(s, data), value, `${byteOrder} ${signed ? 's' : 'u'}${length}@${startBit} = ${value}`);
          }
        }
      }
    }
  }
});

test('writing a signal leaves the other bits alone', () => {
  const data = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
  encodeSignal(signal({ startBit: 11, length: 6, byteOrder: 'big-endian' }), data, 0);
  assert.equal([...data], [0xff, 0xf0, 0x3f, 0xff]);
});

test('64-bit and IEEE float signals keep every bit', () => {
  const big = signal({ length: 64 });
  const data = new Uint8Array(8);
  encodeSignal(big, data, 2 ** 53);
  assert.is(readRaw(big, data), 2n ** 53n);
  const f32 = signal({ length: 32, float: 32, signed: true });
  encodeSignal(f32, data, 1.5);
  assert.equal([...data.subarray(0, 4)], [0x00, 0x00, 0xc0, 0x3f]);
  assert.is(decodeSignal(f32, data), 1.5);
  const f64 = signal({ length: 64, float: 64, byteOrder: 'big-endian', startBit: 7 });
  encodeSignal(f64, data, -2.25);
  assert.is(decodeSignal(f64, data), -2.25);
});

test('a value the bits cannot carry is a SignalRangeError, never wrapped', () => {
  const s = signal({ length: 8, factor: 0.5 });
  assert.throws(() => encodeSignal(s, new Uint8Array(1), 128), (e: unknown) => e instanceof SignalRangeError && /raw 256 outside .* 0\.\.255/.test((e as Error).message));
  assert.throws(() => encodeSignal(s, new Uint8Array(1), -1), (e: unknown) => e instanceof SignalRangeError);
  assert.throws(() => encodeSignal(s, new Uint8Array(1), Number.NaN), (e: unknown) => e instanceof SignalRangeError && /not a finite number/.test((e as Error).message));
});

const MUX = parseDbc(`BO_ 2147484659 Cells: 24 A
 SG_ Page M : 0|8@1+ (1,0) [0|1] "" B
 SG_ VMin m0 : 8|16@1+ (0.001,0) [0|5] "V" B
 SG_ VMax m0 : 183|16@0+ (0.001,0) [0|5] "V" B
 SG_ TMin m1 : 8|8@1- (1,0) [-40|100] "degC" B
 SG_ Always : 24|8@1+ (1,0) [0|0] "" B
BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","StandardCAN_FD","ExtendedCAN_FD";
BA_ "VFrameFormat" BO_ 2147484659 15;
`).messages[0]!;

test('a multiplexed CAN FD message: only the signals of the multiplexor value, both ways', () => {
  const page0 = encodeMessage(MUX, { Page: 0, VMin: 3.201, VMax: 4.187, Always: 7 });
  assert.equal([page0.id, page0.extended, page0.fd, page0.data.length], [0x3f3, true, true, 24]);
  assert.equal(decodeMessage(MUX, page0.data), { Page: 0, VMin: 3.201, VMax: 4.187, Always: 7 });
  const page1 = encodeMessage(MUX, { Page: 1, TMin: -12, Always: 7 });
  assert.equal(decodeMessage(MUX, page1.data), { Page: 1, TMin: -12, Always: 7 });
  assert.throws(() => encodeMessage(MUX, { Page: 1, Always: 7 }), /no value for TMin/);
  assert.throws(() => encodeMessage(MUX, { Page: 0, VMin: 1, VMax: 1, Always: 1, Typo: 1 }), /no signal Typo/);
});

test('data shorter than the DBC says is a CanFrameError, not a made-up value', () => {
  assert.throws(() => decodeMessage(MUX, new Uint8Array(8)), (e: unknown) => e instanceof CanFrameError && /8 bytes received, the DBC says 24/.test((e as Error).message));
});

test('CAN FD lengths and DLCs', () => {
  assert.equal([dlcOf(8, false), dlcOf(12, true), dlcOf(64, true), lengthOfDlc(13, true), lengthOfDlc(12, false)], [8, 9, 15, 32, 8]);
  assert.equal([fdLength(9), fdLength(24), fdLength(49)], [12, 24, 64]);
  assert.throws(() => dlcOf(9, true), /no CAN FD DLC says 9 bytes/);
  assert.throws(() => dlcOf(9, false), /at most 8 bytes/);
});

test.run();
