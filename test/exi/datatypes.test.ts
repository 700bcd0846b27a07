/** Known answers for the header and each datatype representation, computed by hand from EXI 1.0 §5 and §7.1. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BitReader } from '../../codecs/exi/bit-reader.js';
import { BitWriter } from '../../codecs/exi/bit-writer.js';
import { ExiError } from '../../codecs/exi/exi-errors.js';
import { decode, encode } from '../../codecs/exi/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const written = (f: (w: BitWriter) => void): string => {
  const w = new BitWriter('test');
  f(w);
  return hex(w.finish());
};
const reader = (h: string): BitReader => new BitReader('test', Buffer.from(h, 'hex'));

test('Unsigned Integer: 7-bit groups, least significant first, continuation bit (§7.1.6)', () => {
  assert.is(written((w) => w.uint(0)), '00');
  assert.is(written((w) => w.uint(127)), '7f');
  assert.is(written((w) => w.uint(128)), '8001');
  assert.is(written((w) => w.uint(300)), 'ac02');
  assert.is(written((w) => w.biguint(2n ** 64n - 1n)), 'ffffffffffffffffff01');
  assert.is(reader('ac02').uint(), 300);
  assert.is(reader('ffffffffffffffffff01').biguint(10), 2n ** 64n - 1n);
});

test('Integer: sign bit, then the magnitude (-v-1 for negatives) (§7.1.5)', () => {
  // -1: sign 1, magnitude 0 → 1 0000000 0; 1: sign 0, magnitude 1; -200: sign 1, magnitude 199 = c7 01.
  assert.is(written((w) => w.int(-1)), '8000');
  assert.is(written((w) => w.int(1)), '0080');
  assert.is(written((w) => w.int(-200)), 'e38080');
  assert.is(reader('e38080').int(), -200);
});

test('n-bit unsigned integers, booleans and enumerations pack without alignment', () => {
  assert.is(written((w) => { w.nbit(3, -3, -3, 3); w.boolean(true); w.bits(4, 0b1010); }), '1a');
  const r = reader('1a');
  assert.is(r.nbit(3, -3, 3), -3);
  assert.is(r.bits(1), 1);
  assert.is(r.bits(4), 0b1010);
});

test('String: length + 2, then code points; binary: length, then octets (§7.1.10, §7.1.1)', () => {
  assert.is(written((w) => w.string('ab')), '046162');
  // 1, then length 2 (00000010), then de ad, all shifted by one bit.
  assert.is(written((w) => { w.bits(1, 1); w.binary(Uint8Array.of(0xde, 0xad)); }), '816f5680');
  assert.is(reader('046162').string('k', 10), 'ab');
});

test('string table: a local value hit reads the earlier literal (§7.3.3)', () => {
  const r = reader('04616200');
  assert.is(r.string('k', 10), 'ab');
  assert.is(r.string('k', 10), 'ab');
});

test('header: only 0x80 (no cookie, no options, final version 1) is accepted', () => {
  assert.throws(() => decode('din', Uint8Array.of(0x81, 0x00)), (e: unknown) => e instanceof ExiError && /header/.test(e.message));
  assert.throws(() => decode('din', Uint8Array.of(0xa0)), (e: unknown) => e instanceof ExiError && e.bitOffset === 0);
});

test('a whole DIN SessionStopReq, computed by hand', () => {
  // 0x80 header; SE(V2G_Message) = 77 of 7 bits; Header: SE(SessionID), CH, length 1, 0x01, EE, EE of Header (no
  // Notification/Signature); Body: SE(SessionStopReq) among the sorted BodyElement members; EE; EE; EE.
  const doc = { V2G_Message: { Header: { SessionID: Uint8Array.of(1) }, Body: { SessionStopReq: {} } } };
  const bytes = encode('din', doc);
  assert.is(bytes[0], 0x80);
  assert.is(bytes[1] >> 1, 77);
  assert.equal(decode('din', bytes), doc);
});

test('values outside the schema are ExiErrors naming the element path', () => {
  const doc = { V2G_Message: { Header: { SessionID: new Uint8Array(9) }, Body: {} } };
  assert.throws(() => encode('din', doc), (e: unknown) => e instanceof ExiError && e.path === '/V2G_Message/Header/SessionID' && /maxLength 8/.test(e.reason));
});

test('zero padding after the document decodes with a warning; other trailing data is an error', () => {
  const bytes = encode('din', { V2G_Message: { Header: { SessionID: Uint8Array.of(1) }, Body: { SessionStopReq: {} } } });
  const warnings: string[] = [];
  decode('din', Uint8Array.from([...bytes, 0, 0]), { onWarning: (w) => warnings.push(w.message) });
  assert.is(warnings.length, 1);
  assert.throws(() => decode('din', Uint8Array.from([...bytes, 0, 1])), (e: unknown) => e instanceof ExiError && /trailing data/.test(e.reason));
});

test.run();
