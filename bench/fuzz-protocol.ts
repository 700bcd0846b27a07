/**
 * What the fuzz coordinator and a schema's worker share. Progress lives in shared memory rather than messages, so
 * the coordinator can still read where a worker stood after terminating it for hanging, and a million inputs cost no
 * million messages.
 */
import type { SchemaName } from '../codecs/exi/index.js';

export interface FuzzJob {
  readonly schema: SchemaName;
  readonly seed: number;
  readonly count: number;
  /** First input index to check; earlier ones are regenerated and skipped (a restart after a hang). */
  readonly start: number;
  readonly corpusHex: readonly string[];
  /** An `Int32Array` of `COUNTER_SLOTS` over this buffer, indexed by `Counter`. */
  readonly counters: SharedArrayBuffer;
}

export const Counter = {
  /** Index of the input being checked. */
  inFlight: 0,
  done: 1,
  accepted: 2,
  rejected: 3,
  findings: 4,
} as const;

export const COUNTER_SLOTS = 5;

/**
 * Findings are reported once per kind (the description with its numbers blanked, so the same defect at another bit
 * offset is not repeated) and only for this many kinds per schema; the rest are counted. A broken codec must not
 * flood the report or the memory of a million-input run.
 */
export const MAX_REPORTED_KINDS = 20;

export function findingKind(what: string): string {
  return what.replace(/\d+/g, '#');
}

export type WorkerMessage =
  | { readonly type: 'started' }
  | { readonly type: 'finding'; readonly index: number; readonly hex: string; readonly what: string };
