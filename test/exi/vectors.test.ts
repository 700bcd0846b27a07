/**
 * Every reference vector of ../shared/vectors: the JSON encodes to the vector's bytes, and the bytes decode to the
 * JSON — byte for byte with the field's C codec.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, fromJson, isSchemaName, toJson } from '../../codecs/exi/index.js';
import { loadVectors } from './vectors.js';

/**
 * Vectors where the reference codec's grammar differs from the XSD; each is reported on every run, none is silently
 * passed. See the closing note of the codec issue.
 */
const UNDER_INVESTIGATION: Readonly<Record<string, string>> = {
  'auto-iso20-wpt-WPT_FinePositioningSetupReq-min': 'the reference grammar lacks the optional LF element after VendorSpecificDataContainer (its EE is code 1 of {VSDC, EE}; its full variants fail to encode, see vectors/README.md); ours follows the XSD',
  'auto-iso20-wpt-WPT_FinePositioningSetupRes-min': 'the reference grammar lacks the optional LF element after VendorSpecificDataContainer (its EE is code 1 of {VSDC, EE}; its full variants fail to encode, see vectors/README.md); ours follows the XSD',
  'auto-iso20-wpt-WPT_FinePositioningReq-min': 'the reference grammar lacks the optional LF element after VendorSpecificDataContainer (its EE is code 1 of {VSDC, EE}; its full variants fail to encode, see vectors/README.md); ours follows the XSD',
  'auto-iso20-wpt-WPT_FinePositioningRes-min': 'the reference grammar lacks the optional LF element after VendorSpecificDataContainer (its EE is code 1 of {VSDC, EE}; its full variants fail to encode, see vectors/README.md); ours follows the XSD',
};

const vectors = loadVectors();
const counts = new Map<string, { passed: number; investigating: number }>();

for (const v of vectors) {
  const c = counts.get(v.schema) ?? { passed: 0, investigating: 0 };
  counts.set(v.schema, c);
  if (UNDER_INVESTIGATION[v.id]) {
    c.investigating++;
    continue;
  }
  c.passed++;
  test(`${v.id}: encodes to the reference bytes and decodes (strict and lenient) to the reference JSON`, () => {
    assert.ok(isSchemaName(v.schema), `schema ${v.schema} is offered`);
    if (!isSchemaName(v.schema)) return;
    const bytes = encode(v.schema, fromJson(v.schema, v.json));
    assert.is(Buffer.from(bytes).toString('hex'), v.hex);
    assert.equal(toJson(v.schema, decode(v.schema, Buffer.from(v.hex, 'hex'))), v.json);
    assert.equal(toJson(v.schema, decode(v.schema, Buffer.from(v.hex, 'hex'), { lenient: true })), v.json, 'the lenient mode reads it too');
  });
}

test('vector pass counts per schema', () => {
  for (const [schema, c] of counts) {
    console.log(`  vectors ${schema}: ${c.passed} byte-exact${c.investigating ? `, ${c.investigating} under investigation (${Object.keys(UNDER_INVESTIGATION).filter((id) => vectors.some((v) => v.id === id && v.schema === schema)).join(', ')})` : ''}`);
  }
  if (vectors.length === 0) console.log('NOTICE: no reference vectors (../shared absent); vector tests skipped.');
  assert.ok(vectors.length === 0 || [...counts.values()].every((c) => c.passed > 0));
});

test.run();
