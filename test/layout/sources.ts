/** The project's TypeScript sources, read from the source folders beside dist/ (the tests run from dist/test/). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/layout/ → the project root. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every `.ts` file under `folder` (relative to the project root), as project-relative paths with `/`. */
export function sourcesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(relative(PROJECT_ROOT, path).split('\\').join('/'));
    }
  };
  walk(join(PROJECT_ROOT, folder));
  return found.sort();
}

export const readSource = (path: string): string => readFileSync(join(PROJECT_ROOT, path), 'utf8');
