/**
 * Every reference vector of ../shared/vectors: the JSON encodes to the vector's bytes, and the bytes decode to the
 * JSON — byte for byte with the field's C codec.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, ExiError, fromJson, isSchemaName, toJson, type EncodeQuirk, type Quirk } from '../../codecs/exi/index.js';
import { testWith } from '../shared/shared-dir.js';
import { loadVectors, type Vector } from './vectors.js';

/**
 * Messages the reference codec writes in its own grammar where it differs from the XSD (codecs/exi/options.ts): their
 * vectors match with that quirk, and strict decoding, which follows the XSD, rejects them.
 */
/** Grammar quirks: written by the reference encoder and read by its decoder, so both directions take them. */
type GrammarQuirk = EncodeQuirk & Quirk;

const REFERENCE_GRAMMAR: Readonly<Record<string, GrammarQuirk>> = {
  'iso20-wpt WPT_FinePositioningSetupReq': 'cbv2gWptLfOnlyAfterVendorData',
  'iso20-wpt WPT_FinePositioningSetupRes': 'cbv2gWptLfOnlyAfterVendorData',
  'iso20-wpt WPT_FinePositioningReq': 'cbv2gWptLfOnlyAfterVendorData',
  'iso20-wpt WPT_FinePositioningRes': 'cbv2gWptLfOnlyAfterVendorData',
  // The reference codec writes this fragment root in EMAIDType's grammar; EXI 1.0 §8.5.3 reads it in the relaxed one.
  'iso2-fragment eMAID': 'cbv2gTypedFragmentRoot',
};

const quirkOf = (v: Vector): GrammarQuirk | undefined => REFERENCE_GRAMMAR[`${v.schema} ${v.message}`];

const vectors = loadVectors();
const counts = new Map<string, { passed: number; quirky: string[] }>();

for (const v of vectors ?? []) {
  const c = counts.get(v.schema) ?? { passed: 0, quirky: [] };
  counts.set(v.schema, c);
  c.passed++;
  const quirk = quirkOf(v);
  if (quirk) c.quirky.push(v.id);
  test(`${v.id}: encodes to the reference bytes and decodes (strict and lenient) to the reference JSON${quirk ? ` in the ${quirk} grammar` : ''}`, () => {
    const schema = v.schema;
    assert.ok(isSchemaName(schema), `schema ${schema} is offered`);
    if (!isSchemaName(schema)) return;
    const bytes = Buffer.from(v.hex, 'hex');
    const document = fromJson(schema, v.json);
    if (quirk) {
      assert.is(Buffer.from(encode(schema, document, { quirks: [quirk] })).toString('hex'), v.hex);
      assert.equal(toJson(schema, decode(schema, bytes, { lenient: [quirk] })), v.json);
      // Strict decoding reads the reference's end of element (01) as the XSD's LF element and runs out of stream; and
      // the typed eMAID's Id attribute code (0 of 1 bit) as another attribute of the element fragment grammar.
      assert.throws(() => decode(schema, bytes), (e: unknown) => e instanceof ExiError, 'strict decoding follows the XSD');
      const standard = encode(schema, document);
      assert.is.not(Buffer.from(standard).toString('hex'), v.hex, 'strict encoding writes the XSD form');
      if (quirk === 'cbv2gWptLfOnlyAfterVendorData') assert.is(standard.length, bytes.length, 'the two grammars differ in codes, not widths');
      assert.equal(toJson(schema, decode(schema, standard)), v.json);
      assert.equal(toJson(schema, decode(schema, standard, { lenient: true })), v.json, 'the lenient mode reads the XSD form too');
    } else {
      assert.is(Buffer.from(encode(schema, document)).toString('hex'), v.hex);
      assert.equal(toJson(schema, decode(schema, bytes)), v.json);
    }
    assert.equal(toJson(schema, decode(schema, bytes, { lenient: true })), v.json, 'the lenient mode reads it too');
  });
}

testWith(test, 'vector pass counts per schema', vectors, () => {
  for (const [schema, c] of counts) {
    const quirky = c.quirky.length ? ` (${c.quirky.length} in the reference codec's grammar: ${c.quirky.join(', ')})` : '';
    console.log(`  vectors ${schema}: ${c.passed} byte-exact${quirky}`);
  }
  assert.ok(counts.size > 0 && [...counts.values()].every((c) => c.passed > 0));
});

test.run();
