/** RationalNumber ↔ SI number: the one place -20 quantities are converted, exact for what a short can hold. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FINEST_EXPONENT, RationalNumberError, fromRational, toRational, toRationalAtMost } from '../../machines/iso20/iso20-rational.js';

const CASES: readonly [number, { Exponent: number; Value: number }][] = [
  [0, { Exponent: 0, Value: 0 }],
  [-0, { Exponent: 0, Value: 0 }],
  [400.5, { Exponent: -1, Value: 4005 }],
  [22_000, { Exponent: 3, Value: 22 }],
  [150_000, { Exponent: 4, Value: 15 }],
  [350_123, { Exponent: 2, Value: 3501 }],
  [32_767, { Exponent: 0, Value: 32767 }],
  [-32_768, { Exponent: 0, Value: -32768 }],
  [32_768, { Exponent: 1, Value: 3277 }],
  [-11_000, { Exponent: 3, Value: -11 }],
  [0.00039, { Exponent: -5, Value: 39 }],
  [0.000001, { Exponent: -6, Value: 1 }],
  [0.07, { Exponent: -2, Value: 7 }],
  [50.02, { Exponent: -2, Value: 5002 }],
  [1e130, { Exponent: 127, Value: 1000 }],
];

test('amounts convert to the most precise, normalised RationalNumber', () => {
  for (const [amount, expected] of CASES) assert.equal(toRational(amount), expected, String(amount));
});

test('every amount whose significant digits fit a short comes back exactly', () => {
  for (const amount of [0.1, 0.3, 1.1, 3.1415, 400.5, 399.8, 12.5, 0.00029, 7_360, 3_276.7, -3_680, 920, 0.001, 65_530, 123_450_000]) {
    assert.is(fromRational(toRational(amount)), amount, String(amount));
  }
  for (let value = -32768; value <= 32767; value += 97) {
    for (let exponent = -6; exponent <= 6; exponent += 1) {
      const n = { Exponent: exponent, Value: value };
      assert.is(fromRational(toRational(fromRational(n))), fromRational(n), `${value}e${exponent}`);
    }
  }
});

test('reading: a negative exponent divides, so decimals are the nearest doubles', () => {
  assert.is(fromRational({ Exponent: -1, Value: 4005 }), 400.5);
  assert.is(fromRational({ Exponent: -3, Value: 1 }), 0.001);
  assert.is(fromRational({ Exponent: 3, Value: -11 }), -11_000);
  assert.is(fromRational({ Exponent: -128, Value: 1 }), 1e-128);
  assert.is(fromRational({ Exponent: 127, Value: 32767 }), 3.2767e131);
});

test('finer than the finest exponent rounds; limits round down', () => {
  assert.equal(toRational(0.0000004), { Exponent: 0, Value: 0 });
  assert.equal(toRational(0.0000006), { Exponent: FINEST_EXPONENT, Value: 1 });
  assert.equal(toRational(32_768.9), { Exponent: 1, Value: 3277 });
  assert.equal(toRationalAtMost(32_768.9), { Exponent: 1, Value: 3276 });
  assert.equal(toRationalAtMost(120.59), { Exponent: -2, Value: 12059 });
  assert.equal(toRationalAtMost(-1.5), { Exponent: -1, Value: -15 });
});

test('what no RationalNumber holds is a typed error naming the amount', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1e140, -1e140]) {
    assert.throws(() => toRational(bad), (err: unknown) => err instanceof RationalNumberError && err.amount === bad || Number.isNaN(bad) && err instanceof RationalNumberError);
  }
});

test.run();
