/** Schema-driven round trips: random valid documents of every root of every schema encode and decode unchanged. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, SCHEMA_NAMES, type SchemaName } from '../../codecs/exi/index.js';
import { schemaModel } from '../../codecs/exi/json.js';
import { prng, randomDocument } from './random-document.js';

const PER_ROOT = 4;

for (const schema of SCHEMA_NAMES) {
  test(`${schema}: random documents of every root element round-trip`, () => {
    const rnd = prng(0x15118, schema);
    let documents = 0;
    for (const root of schemaModel(schema).roots) {
      for (let i = 0; i < PER_ROOT; i++) {
        const doc = randomDocument(rnd, schema, root.key);
        if (!doc) continue;
        const bytes = encode(schema as SchemaName, doc as never);
        assert.equal(decode(schema as SchemaName, bytes), doc, `${schema} ${root.key} #${i}`);
        documents++;
      }
    }
    assert.ok(documents >= schemaModel(schema).roots.length, `${schema}: ${documents} documents generated`);
  });
}

test.run();
