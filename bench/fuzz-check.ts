/**
 * The properties one fuzz input must satisfy. The codec may reject any input, but only with a proper `ExiError`;
 * what it accepts it must re-encode, and decoding that encoding must give the same document back (otherwise a
 * charger could forward or log something other than what it received). The lenient mode must accept everything
 * strict accepts and read it the same way, since it only adds tolerances.
 */
import { isDeepStrictEqual } from 'node:util';
import { decode, encode, ExiError, type Documents, type SchemaName } from '../codecs/exi/index.js';

export type StrictVerdict = 'accepted' | 'rejected' | 'crashed';

export interface CheckResult {
  readonly strict: StrictVerdict;
  /** What went wrong, for the report; undefined when every property held. */
  readonly finding: string | undefined;
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function attempt<T>(run: () => T): Attempt<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A proper rejection. The codec wraps its own defects (a TypeError, a stack overflow) in an ExiError whose reason
 * starts with "internal error", so callers only ever catch one type; for the fuzzer those are defects all the same.
 */
function isRejection(error: unknown): boolean {
  return error instanceof ExiError && !error.reason.startsWith('internal error');
}

/** The throwing frame helps only for a foreign error: an ExiError's is always the reader's or writer's fail(). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`;
  if (error instanceof ExiError) return error.message;
  const frame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (${frame.trim()})`}`;
}

/** Where two documents first part, so a round-trip finding names the field instead of dumping both documents. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || a instanceof Uint8Array) {
    return `${path || '/'}: ${String(a)} vs ${String(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const left: unknown = (a as Record<string, unknown>)[key];
    const right: unknown = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(left, right)) return firstDifference(left, right, `${path}/${key}`);
  }
  return `${path || '/'}: same fields, different prototypes`;
}

function decodeCrash(mode: string, error: unknown): string {
  return `${mode} decode failed with a codec defect rather than a rejection: ${describe(error)}`;
}

/** Lenient decoding checked against the strict outcome; returns a finding or undefined. */
function checkLenient(schema: SchemaName, bytes: Uint8Array, strict: Attempt<object>): Attempt<object> | string {
  const lenient = attempt<object>(() => decode(schema, bytes, { lenient: true }));
  if (!lenient.ok && !isRejection(lenient.error)) return decodeCrash('lenient', lenient.error);
  if (strict.ok && !lenient.ok) return `lenient decode rejected what strict accepted: ${describe(lenient.error)}`;
  if (strict.ok && lenient.ok && !isDeepStrictEqual(strict.value, lenient.value)) {
    return `lenient decode read a different document than strict at ${firstDifference(strict.value, lenient.value)}`;
  }
  return lenient;
}

function checkRoundTrip(schema: SchemaName, document: object): string | undefined {
  // A document the decoder produced for `schema` is by construction a Documents[schema].
  const encoded = attempt(() => encode(schema, document as Documents[SchemaName]));
  if (!encoded.ok) return `re-encoding the decoded document failed: ${describe(encoded.error)}`;
  const again = attempt<object>(() => decode(schema, encoded.value));
  if (!again.ok) return `decoding our own re-encoding failed: ${describe(again.error)}`;
  if (!isDeepStrictEqual(document, again.value)) {
    return `round trip changed the document at ${firstDifference(document, again.value)}`;
  }
  return undefined;
}

export function checkInput(schema: SchemaName, bytes: Uint8Array, alsoLenient: boolean): CheckResult {
  const strict = attempt<object>(() => decode(schema, bytes));
  if (!strict.ok && !isRejection(strict.error)) {
    return { strict: 'crashed', finding: decodeCrash('strict', strict.error) };
  }
  const verdict: StrictVerdict = strict.ok ? 'accepted' : 'rejected';
  let document: object | undefined = strict.ok ? strict.value : undefined;
  if (alsoLenient) {
    const lenient = checkLenient(schema, bytes, strict);
    if (typeof lenient === 'string') return { strict: verdict, finding: lenient };
    if (document === undefined && lenient.ok) document = lenient.value;
  }
  return { strict: verdict, finding: document === undefined ? undefined : checkRoundTrip(schema, document) };
}
