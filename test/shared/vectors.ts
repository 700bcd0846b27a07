/**
 * The reference EXI vectors of ../shared/vectors (JSON lines, see its README), as tests and benchmarks read them.
 * They are read at run time and never copied into the project.
 */
export interface Vector {
  readonly id: string;
  readonly schema: string;
  readonly message: string;
  readonly xml: string;
  /** The document in the vector JSON convention, input to `fromJson`. */
  readonly json: unknown;
  readonly hex: string;
}

/** Whole messages first, then the signature fragments: both are codec input under their own schema names. */
export const VECTOR_FILES = ['vectors.jsonl', 'fragments.jsonl'] as const;

export function parseVectors(jsonLines: string): Vector[] {
  return jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Vector);
}
