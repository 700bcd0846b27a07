/**
 * The EXI codec of KopherV2G: schema-informed, bit-packed EXI as the V2G standards use it, generated from their XSDs
 * and byte-exact with the field's C codecs.
 *
 *   const bytes = encode('din', { V2G_Message: { Header: { SessionID }, Body: { SessionStopReq: {} } } });
 *   const doc = decode('iso2', bytes);
 */
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { ExiError } from './exi-errors.js';
import { ENTRIES, SCHEMA_NAMES } from './generated/entries.codec.js';
import { fromJson as documentFromJson } from './json.js';
import { GRAMMAR_QUIRKS, QUIRKS, type DecodeOptions, type EncodeOptions, type EncodeQuirk, type Quirk } from './options.js';
import type { Documents, SchemaName } from './generated/documents.types.js';

export { ExiError, type ExiWarning } from './exi-errors.js';
export type { DecodeOptions, EncodeOptions, EncodeQuirk, Quirk } from './options.js';
export { ENCODE_QUIRKS, QUIRKS } from './options.js';
export { CBV2G_ARRAY_SIZES, cbv2gArraySize } from './cbv2g-arrays.js';
export { toJson, type Json } from './json.js';
export { v2gDocument, type SchemaDocument, type V2gDocument } from './v2g-document.js';
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

/**
 * Encodes a document of `schema` into a complete EXI stream (header included, no V2GTP header). By the EXI
 * specification unless `options.quirks` names field quirks to write (see EncodeOptions).
 */
export function encode<S extends SchemaName>(schema: S, document: Documents[S], options?: EncodeOptions): Uint8Array {
  const e = entry(schema);
  const w = sharedBusy ? new BitWriter(schema) : shared;
  const own = w === shared;
  if (own) sharedBusy = true;
  w.reset(schema, options?.quirks?.length ? new Set(options.quirks) : NO_ENCODE_QUIRKS);
  try {
    e.encode(w, document);
    return w.finish();
  } catch (err) {
    throw asExiError(err, schema, w.bitOffset, w.path.toString());
  } finally {
    if (own) sharedBusy = false;
  }
}

/**
 * Decodes a complete EXI stream of `schema`. Strict by default; see DecodeOptions for the lenient mode. A tolerated
 * grammar quirk (options.ts) is tried only when the stream does not decode without it, and only if it reached a
 * place where that quirk's grammar differs: what strict decoding reads, lenient decoding reads the same way.
 */
export function decode<S extends SchemaName>(schema: S, bytes: Uint8Array, options?: DecodeOptions): Documents[S] {
  const e = entry(schema);
  if (!(bytes instanceof Uint8Array)) throw new ExiError(schema, 0, '', 'input must be a Uint8Array');
  const tolerated = quirkSet(options?.lenient);
  let r = new BitReader(schema, bytes, withoutGrammarQuirks(tolerated));
  let doc: unknown;
  try {
    doc = e.decode(r);
  } catch (err) {
    const standard = asExiError(err, schema, r.bitOffset, r.path.toString());
    if (!r.grammarQuirksReached.some((q) => tolerated.has(q))) throw standard;
    r = new BitReader(schema, bytes, tolerated);
    try {
      doc = e.decode(r);
    } catch (again) {
      // Neither form: the standard reading's error is the one to report, unless the second one is a codec defect.
      throw again instanceof ExiError ? standard : asExiError(again, schema, r.bitOffset, r.path.toString());
    }
  }
  if (options?.onWarning) for (const w of r.warnings) options.onWarning(w);
  return doc as Documents[S];
}

const STRICT: ReadonlySet<Quirk> = new Set();
const NO_ENCODE_QUIRKS: ReadonlySet<EncodeQuirk> = new Set();
const ALL: ReadonlySet<Quirk> = new Set(QUIRKS);
const ALL_BUT_GRAMMARS: ReadonlySet<Quirk> = new Set(QUIRKS.filter((q) => !GRAMMAR_QUIRKS.includes(q)));

function quirkSet(lenient: DecodeOptions['lenient']): ReadonlySet<Quirk> {
  if (!lenient) return STRICT;
  return lenient === true ? ALL : new Set(lenient);
}

function withoutGrammarQuirks(quirks: ReadonlySet<Quirk>): ReadonlySet<Quirk> {
  if (quirks === ALL) return ALL_BUT_GRAMMARS;
  if (!GRAMMAR_QUIRKS.some((q) => quirks.has(q))) return quirks;
  return new Set([...quirks].filter((q) => !GRAMMAR_QUIRKS.includes(q)));
}

/** Anything but an ExiError is a codec defect; it still reaches the caller as an ExiError, marked internal. */
function asExiError(err: unknown, schema: string, bitOffset: number, path: string): ExiError {
  if (err instanceof ExiError) return err;
  return new ExiError(schema, bitOffset, path, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}
