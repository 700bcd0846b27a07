/**
 * The reference EXI vectors of `../shared/vectors/` for the bench and the fuzzer, which need them all: a missing
 * `../shared` is an error here, not a skipped test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../test/shared/shared-dir.js';
import { parseVectors, VECTOR_FILES, type Vector } from '../test/shared/vectors.js';

export type { Vector };

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** Throws with the path it looked at, so a missing `../shared` is named rather than reported as an empty corpus. */
export function loadVectors(): Vector[] {
  const vectors: Vector[] = [];
  for (const file of VECTOR_FILES) {
    const path = sharedPath('vectors', file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the reference vectors at ${path} (set KOPHER_SHARED_DIR to ../shared)`, {
        cause: error,
      });
    }
    vectors.push(...parseVectors(text));
  }
  return vectors;
}
