/** The reference vectors for tests, or none with a printed notice where ../shared is absent. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared/shared-dir.js';
import { parseVectors, VECTOR_FILES, type Vector } from '../shared/vectors.js';

export type { Vector };

export function loadVectors(): Vector[] {
  return VECTOR_FILES.flatMap((file) => {
    const path = sharedPath('vectors', file);
    return path ? parseVectors(readFileSync(path, 'utf8')) : [];
  });
}
