/**
 * The layers point one way: the clock and the shared types at the bottom (base/), the codecs above them, the
 * transports and the pure machines above the codecs, the actors that wire them above all of those, the command line on
 * top. A module that imports from a layer above its own fails here, naming the file and the import.
 */
import { posix } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSource, sourcesUnder } from './sources.js';

/** The top-level folders each layer must not import from. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  base: ['codecs', 'transport', 'machines', 'actors', 'adapters', 'inspector', 'cli', 'crypto'],
  codecs: ['transport', 'machines', 'actors', 'adapters', 'inspector', 'cli'],
  transport: ['machines', 'actors', 'adapters', 'inspector', 'cli'],
  machines: ['actors', 'transport', 'cli'],
};

/** The project folder of each relative import in a module: static, `export … from` and dynamic `import()`. */
export function importedFolders(path: string, source: string): { readonly specifier: string; readonly folder: string }[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1] as string);
  return specifiers.map((specifier) => ({ specifier, folder: posix.normalize(posix.join(posix.dirname(path), specifier)).split('/')[0] as string }));
}

test('the import reader sees static, re-exported and dynamic imports, resolved to their project folder', () => {
  const source = [
    "import { a } from '../../machines/x.js';",
    "export type { B } from '../base/clock.js';",
    "const c = await import('../../actors/y.js');",
    "import './side-effect.js';",
  ].join('\n');
  assert.equal(
    importedFolders('codecs/capture/z.ts', source).map((i) => i.folder),
    ['machines', 'codecs', 'actors', 'codecs'],
  );
});

for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
  test(`${layer}/ imports nothing from ${forbidden.join(', ')}`, () => {
    const offending = sourcesUnder(layer).flatMap((path) =>
      importedFolders(path, readSource(path))
        .filter((i) => forbidden.includes(i.folder))
        .map((i) => `${path} imports ${i.specifier}`),
    );
    assert.equal(offending, []);
  });
}

test.run();
