/**
 * What a session does with a request field that arrived outside its XSD range. The channel reads such values like the
 * field sends them (codecs/exi/options.ts `outOfFacet`, with a warning in the log and the inspector); whether the
 * session then goes on with the value clamped into range or refuses the request with the standard's FAILED code is
 * decided here, once, per field, for DIN 70121 and ISO 15118-2 alike (their fields share names and ranges).
 *
 * The rule of thumb: clamp where the range only bounds what the station can deliver anyway and the EV's intent stays
 * clear; refuse where the value is the quantity itself and a wrong reading would drive the power stage. The EVCC
 * refuses too (ending the session) but never clamps: it only reads the SECC's limits, which it bounds by its own.
 */
import { MODULE_TYPES } from '../../codecs/exi/generated/entries.model.js';

export type OutOfRangeDecision = 'clamp' | 'refuse';

export interface OutOfRangeRule {
  /** The XSD's inclusive range of the field. */
  readonly min: number;
  readonly max: number;
  readonly decision: OutOfRangeDecision;
  readonly reason: string;
}

/** Fields by element name; the rule applies wherever the field occurs in a request. */
export const OUT_OF_RANGE_RULES: Readonly<Record<string, OutOfRangeRule>> = {
  ChargingProfileEntryMaxNumberOfPhasesInUse: {
    min: 1,
    max: 3,
    decision: 'clamp',
    reason:
      'a mains connection has at most 3 phases, so an EV asking for 4 (seen in the field, which a field charger answered OK and charged for 237 CurrentDemand cycles) is served with 3; the value only caps what the EV draws',
  },
  Multiplier: {
    min: -3,
    max: 3,
    decision: 'refuse',
    reason:
      'PhysicalValue is Value × 10^Multiplier: outside -3..3 the quantity itself (a target voltage or current, a limit) is off by orders of magnitude, and the power stage must not act on a guess [V2G2-538 lets the SECC answer FAILED]',
  },
};

/**
 * An enumeration index past the XSD's literals is read as `#<index>` (codecs/exi/options.ts): it names nothing the
 * session could act on, so a message carrying one is refused. Only in fields that are enumerations wherever their
 * name occurs: a free string (a ServiceName) may hold "#2".
 */
const UNKNOWN_LITERAL = /^#\d+$/;

const ENUMERATION_FIELDS: ReadonlySet<string> = (() => {
  const kinds = new Map<string, Set<string>>();
  for (const types of Object.values(MODULE_TYPES)) {
    for (const type of Object.values(types)) {
      for (const f of type.fields) {
        const seen = kinds.get(f.key) ?? new Set<string>();
        seen.add(f.value.kind);
        kinds.set(f.key, seen);
      }
    }
  }
  return new Set([...kinds].filter(([, k]) => k.size === 1 && k.has('enum')).map(([key]) => key));
})();

export type Screening<T> =
  | { readonly ok: true; readonly body: T; readonly clamped: readonly string[] }
  | { readonly ok: false; readonly field: string; readonly reason: string };

/**
 * The request body with every out-of-range field clamped by its rule, or the first field whose rule refuses it. Only a
 * body with a clamped field is copied; the walk reads a few dozen properties per request.
 */
export function screenRequest<T>(body: T): Screening<T> {
  return screen(body);
}

/** Why the EVCC cannot go on with a response: the field a rule refuses, or undefined. Responses are never clamped. */
export function refusedInResponse(body: unknown): string | undefined {
  const screened = screen(body);
  return screened.ok ? undefined : `${screened.field}: ${screened.reason}`;
}

function screen<T>(body: T): Screening<T> {
  const clamped: string[] = [];
  let refusal: { field: string; reason: string } | undefined;
  // The path as a stack, rendered only for a field a rule hits: most messages have none.
  const path: string[] = [];
  const at = (key: string): string => [...path, key].map((p) => '/' + p).join('');
  const visit = (value: unknown): unknown => {
    if (refusal || typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      const name = path.pop() ?? '';
      for (let i = 0; i < value.length; i++) {
        path.push(`${name}[${i}]`);
        const next = visit(value[i]);
        path.pop();
        if (next !== value[i]) (copy ??= [...value])[i] = next;
      }
      path.push(name);
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const fields = value as Record<string, unknown>;
    for (const key in fields) {
      const field = fields[key];
      const rule = OUT_OF_RANGE_RULES[key];
      let next = field;
      if (rule && typeof field === 'number' && (field < rule.min || field > rule.max)) {
        if (rule.decision === 'refuse') refusal ??= { field: at(key), reason: `${field} outside ${rule.min}..${rule.max}: ${rule.reason}` };
        else {
          next = Math.min(Math.max(field, rule.min), rule.max);
          clamped.push(at(key));
        }
      } else if (typeof field === 'string' && ENUMERATION_FIELDS.has(key) && UNKNOWN_LITERAL.test(field)) {
        refusal ??= { field: at(key), reason: `${field} is no literal of the schema's enumeration` };
      } else if (typeof field === 'object' && field !== null) {
        path.push(key);
        next = visit(field);
        path.pop();
      }
      if (next !== field) (copy ??= { ...fields })[key] = next;
    }
    return copy ?? value;
  };
  const screened = visit(body) as T;
  return refusal ? { ok: false, ...refusal } : { ok: true, body: screened, clamped };
}
