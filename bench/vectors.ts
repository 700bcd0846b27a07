/**
 * The reference EXI vectors of `../shared/vectors/`, read at run time (they are never copied into the project), and
 * the hex conversions the bench and the fuzzer both need to turn them into codec input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../test/shared/shared-dir.js';

export interface Vector {
  readonly id: string;
  readonly schema: string;
  readonly message: string;
  readonly xml: string;
  /** The document in the vector JSON convention (`../shared/vectors/README.md`), input to `fromJson`. */
  readonly json: unknown;
  readonly hex: string;
}

/** Whole messages first, then the signature fragments: both are codec input under their own schema names. */
const VECTOR_FILES = ['vectors.jsonl', 'fragments.jsonl'] as const;

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
    for (const line of text.split('\n')) {
      if (line.trim() !== '') vectors.push(JSON.parse(line) as Vector);
    }
  }
  return vectors;
}

export function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
