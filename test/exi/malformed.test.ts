/** Malformed input — truncated, bit-flipped, random — yields a decoded document or an ExiError, nothing else. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, ExiError, isSchemaName } from '../../codecs/exi/index.js';
import { prng } from './random-document.js';
import { testWith } from '../shared/shared-dir.js';
import { loadVectors } from './vectors.js';

const vectors = loadVectors();

function onlyExiErrors(schema: string, bytes: Uint8Array, lenient = false): void {
  if (!isSchemaName(schema)) return;
  try {
    decode(schema, bytes, { lenient });
  } catch (e) {
    if (!(e instanceof ExiError)) throw new Error(`${schema} ${Buffer.from(bytes).toString('hex')}: ${String(e)}`);
    assert.not.match(e.reason, /^internal error/, `${schema} ${Buffer.from(bytes).toString('hex')}: ${e.reason}`);
  }
}

testWith(test, 'every truncation of every vector', vectors, (vectors) => {
  for (const v of vectors) {
    const b = Buffer.from(v.hex, 'hex');
    for (let n = 0; n < b.length; n++) onlyExiErrors(v.schema, b.subarray(0, n));
  }
});

testWith(test, 'bit flips in every vector, strict and lenient', vectors, (vectors) => {
  const rnd = prng(42);
  for (const v of vectors) {
    const b = Buffer.from(v.hex, 'hex');
    for (let i = 0; i < 40; i++) {
      const m = Uint8Array.from(b);
      m[Math.floor(rnd() * m.length)] ^= 1 << Math.floor(rnd() * 8);
      onlyExiErrors(v.schema, m, i % 2 === 1);
    }
  }
});

test('random bytes after a valid header', () => {
  const rnd = prng(7);
  for (const schema of ['din', 'iso2', 'iso20-common', 'iso20-dc', 'iso20-ac', 'iso20-wpt', 'iso20-acdp', 'apphand', 'iso2-fragment', 'iso2-xmldsig']) {
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(rnd() * 64);
      const m = Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
      m[0] = 0x80;
      onlyExiErrors(schema, m);
    }
  }
});

test('an unknown schema name is an ExiError', () => {
  assert.throws(() => decode('nope' as never, Uint8Array.of(0x80)), (e: unknown) => e instanceof ExiError);
});

test.run();
