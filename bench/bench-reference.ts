/**
 * The C reference codec's figures (EVerest libcbv2g, measured on the same kind of machine), parsed at run time from
 * the table the shared data folder keeps of them, so the bench compares against what is measured today instead of
 * numbers frozen in our code.
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

/** Where the table is read from. */
export const BENCH_REFERENCE_PATH = sharedPath('docs', 'BENCH-REFERENCE.md');

/** Undefined when the document is absent: the bench then prints our figures alone. */
export function readBenchReference(): CReferenceRow[] | undefined {
  let markdown: string;
  try {
    markdown = readFileSync(BENCH_REFERENCE_PATH, 'utf8');
  } catch {
    return undefined;
  }
  return parseBenchReference(markdown);
}
