/**
 * The root element an EXI stream announces, read without decoding the document: a schema-informed stream starts with
 * its header, then the event code of its root element, an index into the schema's global elements in their sorted
 * order, ceil(log2(n + 1)) bits wide for n elements and the SE(*) after them (EXI 1.0 §8.5.4.1.3, the built-in
 * document grammar's DocContent). The same code names a different element in another schema, so it says which schema
 * a stream is of only among schemas whose candidate roots have distinct codes.
 */
import { SCHEMA_MODELS } from './generated/entries.model.js';
import type { SchemaName } from './generated/documents.types.js';

/** The header of every V2G stream: no cookie, no options, EXI version 1 (the codec reads no other). */
const V2G_EXI_HEADER = 0x80;

/** Document schemas only: a fragment starts with the fragment grammar's code, not a document's root. */
const ROOTS: ReadonlyMap<string, { readonly names: readonly string[]; readonly width: number }> = new Map(
  Object.values(SCHEMA_MODELS)
    .filter((model) => model.kind === 'document')
    .map((model) => [model.name, { names: model.roots.map((root) => root.key), width: Math.ceil(Math.log2(model.roots.length + 1)) }]),
);

/** The name of the root element `bytes` announce as a document of `schema`; undefined when they announce none. */
export function rootElementOf(schema: SchemaName, bytes: Uint8Array): string | undefined {
  const roots = ROOTS.get(schema);
  if (roots === undefined || bytes.length < 2 || bytes[0] !== V2G_EXI_HEADER) return undefined;
  // Every document schema has fewer than 255 global elements (din, the largest, 81), so the code fits the next byte.
  return roots.names[bytes[1]! >>> (8 - roots.width)];
}
