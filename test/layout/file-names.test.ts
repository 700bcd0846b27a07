/**
 * Each module of the stack's layers has a base name of its own, so a name in a stack trace, a log or a search
 * finds one file: a machine keeps the standard's concept name (`v2g-channel.ts`), the actor that runs it says what it
 * does (`v2g-channel-actor.ts`). Barrels (`index.ts`) and the generated codecs are not counted.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sourcesUnder } from './sources.js';

const LAYERS = ['base', 'codecs', 'transport', 'machines', 'actors'];

/** The base names that more than one path has, each with its paths. */
export function sharedBaseNames(paths: readonly string[]): Record<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === 'index.ts' || path.includes('/generated/')) continue;
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  return Object.fromEntries([...byName].filter(([, found]) => found.length > 1));
}

test('a shared base name is found across layers; barrels and generated files are not counted', () => {
  assert.equal(
    sharedBaseNames(['machines/a/x.ts', 'actors/b/x.ts', 'codecs/c/index.ts', 'codecs/d/index.ts', 'codecs/exi/generated/y.ts', 'codecs/e/generated/y.ts']),
    { 'x.ts': ['machines/a/x.ts', 'actors/b/x.ts'] },
  );
});

test(`every file under ${LAYERS.join('/, ')}/ has a base name of its own`, () => {
  assert.equal(sharedBaseNames(LAYERS.flatMap(sourcesUnder)), {});
});

test.run();
