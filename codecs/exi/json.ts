/**
 * Conversion between documents and their JSON form: binaries as lowercase hex,
 * integers beyond 2^53 as decimal strings, every other value as is. Driven by the generated schema model, so it
 * checks keys against the schema and names the path of anything it rejects.
 */
import { ExiError } from './exi-errors.js';
import { MODULE_TYPES, SCHEMA_MODELS } from './generated/entries.model.js';
import type { SchemaModel, TypeModel, ValueModel } from './model.js';

/** The model of a complex type named `module:TypeName`. */
export function typeModel(ref: string): TypeModel {
  const colon = ref.indexOf(':');
  const t = MODULE_TYPES[ref.slice(0, colon)]?.[ref.slice(colon + 1)];
  if (!t) throw new Error(`no type model ${ref}`);
  return t;
}

export function schemaModel(schema: string): SchemaModel {
  const m = SCHEMA_MODELS[schema];
  if (!m) throw new ExiError(schema, 0, '', `unknown schema name ${JSON.stringify(schema)}`);
  return m;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Arrays the reference codec holds as a single value (cbexigen sizes them to 1), so the vector JSON shows one object,
 * not an array. Documents keep them as arrays; JSON shows one entry unwrapped, and input accepts either form.
 */
const SINGLE_IN_JSON = new Set(['xmldsig:TransformsType.Transform', 'xmldsig:SignatureType.Object', 'din:SubCertificatesType.Certificate', 'din:ParameterSetType.Parameter']);

function convert(schema: string, value: unknown, model: ValueModel, path: string, toJson: boolean): unknown {
  const fail = (why: string): never => {
    throw new ExiError(schema, 0, path, why);
  };
  switch (model.kind) {
    case 'complex': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected an object');
      const t = typeModel(model.type);
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const f = t.fields.find((x) => x.key === key);
        if (!f) return fail(`${key} is not a field of ${t.name}`);
        if (f.array) {
          const single = SINGLE_IN_JSON.has(`${model.type}.${key}`);
          const items = Array.isArray(v) ? v : single && !toJson ? [v] : fail(`${key} must be an array`);
          const converted = items.map((item, i) => convert(schema, item, f.value, `${path}/${key}[${i}]`, toJson));
          out[key] = single && toJson && converted.length === 1 ? converted[0] : converted;
        } else out[key] = convert(schema, v, f.value, `${path}/${key}`, toJson);
      }
      return out;
    }
    case 'binary':
      if (toJson) return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex') : fail('expected binary data');
      if (typeof value !== 'string' || !HEX.test(value)) return fail('expected a hex string');
      return new Uint8Array(Buffer.from(value, 'hex'));
    case 'integer':
      if (toJson) return typeof value === 'bigint' ? (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()) : value;
      if (typeof value === 'string' && !/^-?\d+$/.test(value)) return fail(`expected an integer, got ${JSON.stringify(value)}`);
      if (typeof value !== 'string' && typeof value !== 'number') return fail('expected an integer');
      if (model.big) return BigInt(value);
      return typeof value === 'string' ? Number(value) : value;
    case 'enum': {
      // The reference vectors write literals that are not C identifiers with '_' ("External confirmation",
      // "MF-WPT1" → "External_confirmation", "MF_WPT1"); documents keep the XSD literal, JSON input accepts both.
      // An index past the literals, read leniently as `#<index>`, stays as it is, so JSON shows what came.
      if (toJson) return typeof value === 'string' && model.values.includes(value) ? value.replace(/[^A-Za-z0-9_]/g, '_') : value;
      return model.values.find((v) => v === value || v.replace(/[^A-Za-z0-9_]/g, '_') === value) ?? value;
    }
    default:
      return value;
  }
}

function root(schema: string, doc: unknown, toJson: boolean): unknown {
  const m = schemaModel(schema);
  if (typeof doc !== 'object' || doc === null) throw new ExiError(schema, 0, '', 'expected a document object');
  const keys = Object.keys(doc);
  if (keys.length !== 1) throw new ExiError(schema, 0, '', `a document has exactly one root element, got ${keys.length} keys`);
  const r = m.roots.find((x) => x.key === keys[0]);
  if (!r) throw new ExiError(schema, 0, '', `${keys[0]} is not a root element of ${schema}`);
  return { [keys[0]]: convert(schema, (doc as Record<string, unknown>)[keys[0]], r.value, `/${keys[0]}`, toJson) };
}

/** Document → JSON convention. */
export function toJson(schema: string, document: object): Json {
  return root(schema, document, true) as Json;
}

/** JSON convention → document (binaries become Uint8Array, large integers bigint); unknown keys are ExiErrors. */
export function fromJson(schema: string, json: unknown): object {
  return root(schema, json, false) as object;
}
