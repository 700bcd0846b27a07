/** The committed generated code is what the schema compiler produces from ../shared/schemas today. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generate } from '../../codegen/generate.js';
import { projectRoot, sharedOrSkip } from '../shared/shared-dir.js';

const outDir = join(projectRoot, 'codecs', 'exi', 'generated');

sharedOrSkip(test, 'codecs/exi/generated is up to date with the schemas (npm run generate)', ['schemas'], (schemas) => {
  const files = generate(schemas);
  const committed = readdirSync(outDir).filter((f) => f.endsWith('.ts'));
  assert.equal(committed.sort(), [...files.keys()].sort(), 'same set of generated files');
  for (const [name, text] of files) assert.ok(readFileSync(join(outDir, name), 'utf8') === text, `${name} is stale: run npm run generate`);
});

test.run();
