/**
 * The EXI codec of KopherV2G: schema-informed, bit-packed EXI as the V2G standards use it, generated from their XSDs
 * and byte-exact with the field's C codecs.
 *
 *   const bytes = encode('din', { V2G_Message: { Header: { SessionID }, Body: { SessionStopReq: {} } } });
 *   const doc = decode('iso2', bytes);
 */
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { ExiError } from './errors.js';
import { ENTRIES, SCHEMA_NAMES } from './generated/entries.codec.js';
import { fromJson as documentFromJson } from './json.js';
import { QUIRKS, type DecodeOptions, type Quirk } from './options.js';
import type { Documents, SchemaName } from './generated/documents.types.js';

export { ExiError, type ExiWarning } from './errors.js';
export type { DecodeOptions, Quirk } from './options.js';
export { QUIRKS } from './options.js';
export { toJson, type Json } from './json.js';
export type { Documents, SchemaName } from './generated/documents.types.js';
export { SCHEMA_NAMES };

export function isSchemaName(s: string): s is SchemaName {
  return Object.prototype.hasOwnProperty.call(ENTRIES, s);
}

interface Entry {
  encode(w: BitWriter, doc: unknown): void;
  decode(r: BitReader): unknown;
}

// The per-schema signatures are checked where ENTRIES is generated; here one shape serves every schema.
const TABLE = ENTRIES as unknown as Readonly<Record<string, Entry>>;

function entry(schema: string): Entry {
  if (!isSchemaName(schema)) throw new ExiError(schema, 0, '', `unknown schema name ${JSON.stringify(schema)}`);
  return TABLE[schema];
}

// One writer is reused so that encoding allocates only its result; a nested call (from a getter) gets its own.
const shared = new BitWriter('');
let sharedBusy = false;

/** A document of `schema` from the JSON convention of the reference vectors; unknown keys are ExiErrors. */
export function fromJson<S extends SchemaName>(schema: S, json: unknown): Documents[S] {
  return documentFromJson(schema, json) as Documents[S];
}

/** Encodes a document of `schema` into a complete EXI stream (header included, no V2GTP header). */
export function encode<S extends SchemaName>(schema: S, document: Documents[S]): Uint8Array {
  const e = entry(schema);
  const w = sharedBusy ? new BitWriter(schema) : shared;
  const own = w === shared;
  if (own) sharedBusy = true;
  w.reset(schema);
  try {
    e.encode(w, document);
    return w.finish();
  } catch (err) {
    throw asExiError(err, schema, w.bitOffset, w.path.toString());
  } finally {
    if (own) sharedBusy = false;
  }
}

/** Decodes a complete EXI stream of `schema`. Strict by default; see DecodeOptions for the lenient mode. */
export function decode<S extends SchemaName>(schema: S, bytes: Uint8Array, options?: DecodeOptions): Documents[S] {
  const e = entry(schema);
  if (!(bytes instanceof Uint8Array)) throw new ExiError(schema, 0, '', 'input must be a Uint8Array');
  const r = new BitReader(schema, bytes, quirkSet(options?.lenient));
  try {
    const doc = e.decode(r) as Documents[S];
    if (options?.onWarning) for (const w of r.warnings) options.onWarning(w);
    return doc;
  } catch (err) {
    throw asExiError(err, schema, r.bitOffset, r.path.toString());
  }
}

const STRICT: ReadonlySet<Quirk> = new Set();
const ALL: ReadonlySet<Quirk> = new Set(QUIRKS);

function quirkSet(lenient: DecodeOptions['lenient']): ReadonlySet<Quirk> {
  if (!lenient) return STRICT;
  return lenient === true ? ALL : new Set(lenient);
}

/** Anything but an ExiError is a codec defect; it still reaches the caller as an ExiError, marked internal. */
function asExiError(err: unknown, schema: string, bitOffset: number, path: string): ExiError {
  if (err instanceof ExiError) return err;
  return new ExiError(schema, bitOffset, path, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}
