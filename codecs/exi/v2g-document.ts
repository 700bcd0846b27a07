/**
 * A document together with the schema it belongs to: what crosses a V2G channel in either direction. An ISO 15118-20
 * session mixes schemas on one connection (CommonMessages beside its AC, DC, WPT or ACDP messages, each on its own
 * V2GTP payload type), so a message is never just a document: the pair says how to encode it and how it was decoded.
 */
import type { Documents, SchemaName } from './generated/documents.types.js';

export type V2gDocument<S extends SchemaName = SchemaName> = {
  readonly [K in S]: { readonly schema: K; readonly document: Documents[K] };
}[S];

export function v2gDocument<S extends SchemaName>(schema: S, document: Documents[S]): V2gDocument<S> {
  return { schema, document } as V2gDocument<S>;
}
