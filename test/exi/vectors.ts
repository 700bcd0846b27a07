/** Reads the reference vectors of ../shared/vectors (JSON lines), or nothing with a notice where they are absent. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared/shared-dir.js';

export interface Vector {
  readonly id: string;
  readonly schema: string;
  readonly message: string;
  readonly json: unknown;
  readonly hex: string;
}

export function loadVectors(file: 'vectors.jsonl' | 'fragments.jsonl'): Vector[] {
  const path = sharedPath('vectors', file);
  if (!path) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Vector);
}
