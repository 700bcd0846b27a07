/**
 * Locates `../shared` (the standards' schemas, reference vectors and captures beside the project). Tests that need
 * it print a visible notice and skip where it is absent, instead of failing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const SHARED_DIR = process.env.KOPHER_SHARED_DIR ?? join(projectRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string | undefined {
  const p = join(SHARED_DIR, ...parts);
  if (existsSync(p)) return p;
  console.log(`NOTICE: ${p} is absent; the tests that read it are skipped.`);
  return undefined;
}

export { projectRoot };
