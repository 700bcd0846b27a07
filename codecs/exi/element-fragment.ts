/**
 * The schema-informed element fragment grammar (EXI 1.0 §8.5.3) for a fragment root whose qname the schema set
 * declares more than once with different types (ISO 15118-2 `eMAID`: a plain string in PaymentDetailsReq, an
 * `Id`-carrying EMAIDType in the certificate responses). A fragment has no parent to pick one declaration by, so the
 * specification reads such an element's content in the relaxed grammar below, not in either type's grammar:
 *
 *   ElementFragment 0: AT(A0..Am-1) → 0, AT(*) → 0, SE(F0..Fn-1) → 2, SE(*) → 2, EE, CH[untyped] → 2
 *   ElementFragment 2: SE(F0..Fn-1) → 2, SE(*) → 2, EE, CH[untyped] → 2
 *
 * A0..Am-1 are all attribute qnames declared in the schema set, F0..Fn-1 all element qnames (the fragment's roots),
 * both in EXI order; each state's first-level codes leave room for the non-strict escape like every other state.
 * XML Signature references such an element by its Id, so what is supported is the content of the Id-carrying
 * declaration: its attributes and its character data. Child elements are refused with an ExiError.
 */
import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';

export interface ElementFragmentGrammar {
  /** The declaration whose content documents carry (its type name, for messages). */
  readonly type: string;
  /** m: attribute qnames of the schema set; n: element qnames. */
  readonly attributeCount: number;
  readonly elementCount: number;
  /** The type's attributes: document key, event code (index among all attribute qnames), string table key. */
  readonly attributes: readonly { readonly key: string; readonly code: number; readonly qname: string; readonly required: boolean }[];
  /** String table key of the element's character data. */
  readonly text: string;
}

const width = (codes: number): number => (codes <= 1 ? 0 : 32 - Math.clz32(codes - 1));

function codes(g: ElementFragmentGrammar): { w0: number; ee0: number; ch0: number; w2: number; ee2: number } {
  const m = g.attributeCount;
  const n = g.elementCount;
  return { w0: width(m + n + 5), ee0: m + n + 2, ch0: m + n + 3, w2: width(n + 4), ee2: n + 1 };
}

export function encodeElementFragment(w: BitWriter, g: ElementFragmentGrammar, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) w.notContent(v);
  const content = v as Record<string, unknown>;
  for (const key of Object.keys(content)) {
    if (key !== '#text' && !g.attributes.some((a) => a.key === key)) w.unknownField(key, g.type);
  }
  const c = codes(g);
  for (const a of g.attributes) {
    if (content[a.key] === undefined && !a.required) continue;
    w.path.enter(a.key);
    w.bits(c.w0, a.code);
    w.stringIn(content[a.key], Infinity);
    w.path.leave();
  }
  w.path.enter('#text');
  w.bits(c.w0, c.ch0);
  w.stringIn(content['#text'], Infinity);
  w.path.leave();
  w.bits(c.w2, c.ee2);
}

/** Reads attributes in any order (the grammar loops on them), then at most one character data, then EE. */
export function decodeElementFragment(r: BitReader, g: ElementFragmentGrammar): Record<string, string> {
  const c = codes(g);
  const out: Record<string, string> = {};
  let text: string | undefined;
  for (;;) {
    const at = r.bitOffset;
    const code = r.bits(c.w0);
    if (code === c.ee0) break;
    if (code === c.ch0) {
      r.path.enter('#text');
      text = r.string(g.text, Infinity);
      r.path.leave();
      if (r.bits(c.w2) !== c.ee2) r.fail(`${g.type} in an element fragment: only its end may follow its character data`);
      break;
    }
    const a = g.attributes.find((x) => x.code === code);
    if (!a) r.fail(`${g.type} in an element fragment: event code ${code} is not one of its attributes, its character data or its end`, at);
    if (a.key in out) r.fail(`${g.type} in an element fragment: attribute ${a.key} twice`, at);
    r.path.enter(a.key);
    out[a.key] = r.string(a.qname, Infinity);
    r.path.leave();
  }
  const missing = g.attributes.find((a) => a.required && !(a.key in out));
  if (missing) r.fail(`${g.type} in an element fragment lacks its required attribute ${missing.key}`);
  if (text === undefined) r.fail(`${g.type} in an element fragment lacks its character data`);
  out['#text'] = text;
  return out;
}
