/** What the inspection stream does with values JSON cannot carry. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toJsonValue } from '../../base/json-value.js';

test('bytes become hex, bigint a decimal string, non-finite numbers null', () => {
  assert.equal(toJsonValue({ id: Uint8Array.of(0, 0xff), big: 2n ** 70n, nan: Number.NaN, list: [Uint8Array.of(1)] }), {
    id: '00ff',
    big: '1180591620717411303424',
    nan: null,
    list: ['01'],
  });
  assert.is(toJsonValue(new Uint8Array(new Uint8Array([9, 8, 7]).buffer, 1, 2)), '0807', 'a view: only its own bytes');
});

test('functions: dropped from objects, null in lists, or named for definitions', () => {
  const named = function sendRequest() {};
  assert.equal(toJsonValue({ f: named, keep: 1, list: [named] }), { keep: 1, list: [null] });
  assert.equal(toJsonValue({ f: named }, { functions: 'name' }), { f: { type: 'sendRequest' } });
});

test('cycles, maps, sets, errors and toJSON', () => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  const shared = { n: 1 };
  assert.equal(toJsonValue({ a, twice: [shared, shared] }), { a: { name: 'a', self: '[Circular]' }, twice: [{ n: 1 }, { n: 1 }] });
  assert.equal(toJsonValue(new Map([[1, new Set(['x'])]])), { 1: ['x'] });
  assert.equal(toJsonValue(new RangeError('bad')), { name: 'RangeError', message: 'bad' });
  assert.equal(toJsonValue({ toJSON: () => ({ id: 'ref' }) }), { id: 'ref' });
  assert.is(toJsonValue(undefined), null);
});

test.run();
