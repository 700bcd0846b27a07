/**
 * The lenient decoding mode: each named field quirk is tolerated only when asked for, and strict decoding (the
 * default) rejects it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, ExiError, type Documents } from '../../codecs/exi/index.js';

const bit = (b: Uint8Array, i: number): number => (b[i >> 3] >> (7 - (i & 7))) & 1;

/** The stream with one bit inserted at bit position `at` (what a one-bit-too-wide event code looks like). */
function insertBit(b: Uint8Array, at: number, value: number): Uint8Array {
  const bits: number[] = [];
  for (let i = 0; i < b.length * 8; i++) {
    if (i === at) bits.push(value);
    bits.push(bit(b, i));
  }
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((v, i) => (out[i >> 3] |= v << (7 - (i & 7))));
  return out;
}

const cost = { costKind: 'RenewableGenerationPercentage', amount: 40 } as const;
const fullCosts: Documents['iso2-fragment'] = {
  ConsumptionCost: { startValue: { Multiplier: 0, Unit: 'W', Value: 0 }, Cost: [cost, cost, cost] },
};

test('cbv2gFullArrayEndElement: a full Cost array ended with the loop state\'s 2-bit code decodes only leniently', () => {
  const strict = encode('iso2-fragment', fullCosts);
  // The reference encoder writes the end of a full 3-entry array as the loop state's EE (binary 01) where EXI has a
  // 1-bit EE (0): the stream carries one more 1 bit right after a 0. Find the place by trying each.
  let found = 0;
  for (let at = 1; at < strict.length * 8; at++) {
    if (bit(strict, at - 1) !== 0) continue;
    const quirky = insertBit(strict, at, 1);
    let lenient: unknown;
    try {
      lenient = decode('iso2-fragment', quirky, { lenient: ['cbv2gFullArrayEndElement'] });
    } catch {
      continue;
    }
    assert.equal(lenient, fullCosts);
    assert.throws(() => decode('iso2-fragment', quirky), (e: unknown) => e instanceof ExiError);
    found++;
  }
  assert.ok(found >= 1, 'the quirky stream decodes leniently');
  // The two forms cannot be told apart at that point: with the quirk on, a full small array is read as that encoder
  // writes it, so the standard form is then rejected (options.ts says so).
  assert.throws(() => decode('iso2-fragment', strict, { lenient: ['cbv2gFullArrayEndElement'] }), (e: unknown) => e instanceof ExiError);
});

test('nonZeroPadding: padding bits that are not zero decode only leniently, with a warning', () => {
  const bytes = encode('din', { V2G_Message: { Header: { SessionID: Uint8Array.of(1) }, Body: { SessionStopReq: {} } } });
  const dirty = Uint8Array.from(bytes);
  dirty[dirty.length - 1] |= 1;
  assert.throws(() => decode('din', dirty), (e: unknown) => e instanceof ExiError && /padding/.test(e.reason));
  const warnings: string[] = [];
  decode('din', dirty, { lenient: ['nonZeroPadding'], onWarning: (w) => warnings.push(w.message) });
  assert.is(warnings.length, 1);
});

test.run();
