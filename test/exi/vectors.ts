/** The reference vectors for tests, or undefined with a printed notice where ../shared is absent. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared/shared-dir.js';
import { parseVectors, VECTOR_FILES, type Vector } from '../shared/vectors.js';

export type { Vector };

export function loadVectors(): Vector[] | undefined {
  const paths = VECTOR_FILES.map((file) => sharedPath('vectors', file));
  if (paths.some((path) => path === undefined)) return undefined;
  return paths.flatMap((path) => parseVectors(readFileSync(path as string, 'utf8')));
}
