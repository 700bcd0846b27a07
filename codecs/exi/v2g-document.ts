/**
 * A document together with the schema it belongs to: what crosses a V2G channel in either direction. An ISO 15118-20
 * session mixes schemas on one connection (CommonMessages beside its AC, DC, WPT or ACDP messages, each on its own
 * V2GTP payload type), so a message is never just a document: the pair says how to encode it and how it was decoded.
 */
import type { Documents, SchemaName } from './generated/documents.types.js';

/**
 * A document of `S` as far as its reader knows it: `SchemaDocument<'din', DinMessage>` for a machine that speaks only
 * in V2G_Message documents, where the schema also allows other roots.
 */
export interface SchemaDocument<S extends SchemaName, D extends Documents[S] = Documents[S]> {
  readonly schema: S;
  readonly document: D;
}

export type V2gDocument<S extends SchemaName = SchemaName> = {
  readonly [K in S]: SchemaDocument<K>;
}[S];

/**
 * The pair, typed both ways: as the `V2gDocument` of its schema (a union TypeScript cannot build from a generic `S`
 * on its own) and with the document's own type kept, so a machine's `V2G_Message` stays one.
 */
export function v2gDocument<S extends SchemaName, D extends Documents[S]>(schema: S, document: D): SchemaDocument<S, D> & V2gDocument<S> {
  return { schema, document } as SchemaDocument<S, D> & V2gDocument<S>;
}
