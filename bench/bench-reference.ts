/**
 * The C reference figures of `../shared/docs/BENCH-REFERENCE.md`, parsed from its table at run time so the bench
 * compares against whatever that document states today instead of numbers frozen in our code.
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from './vectors.js';

export interface CReferenceRow {
  /** The table's first column, e.g. `ISO-2 ChargeParameterDiscoveryRes DC, 3 tuples (encode only: ...)`. */
  readonly label: string;
  /** The vector id quoted in backticks in the label; rows for messages without a vector have none. */
  readonly vectorId: string | undefined;
  readonly exiBytes: number | undefined;
  readonly encodeNs: number | undefined;
  readonly decodeNs: number | undefined;
}

/** `1,065` → 1065; a dash or anything else that is not a figure → undefined. */
function figure(cell: string): number | undefined {
  const digits = cell.replace(/[,\s]/g, '');
  return /^\d+(\.\d+)?$/.test(digits) ? Number(digits) : undefined;
}

export function parseBenchReference(markdown: string): CReferenceRow[] {
  const rows: CReferenceRow[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.trim().split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length !== 4) continue;
    const [label, bytes, encode, decode] = cells as [string, string, string, string];
    const exiBytes = figure(bytes);
    if (exiBytes === undefined) continue;
    rows.push({
      label,
      vectorId: /`([^`]+)`/.exec(label)?.[1],
      exiBytes,
      encodeNs: figure(encode),
      decodeNs: figure(decode),
    });
  }
  return rows;
}

/** Undefined when the document is absent: the bench then prints our figures alone. */
export function readBenchReference(): CReferenceRow[] | undefined {
  let markdown: string;
  try {
    markdown = readFileSync(sharedPath('docs', 'BENCH-REFERENCE.md'), 'utf8');
  } catch {
    return undefined;
  }
  return parseBenchReference(markdown);
}
