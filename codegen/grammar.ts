/**
 * EXI schema-informed element grammars (EXI 1.0 §8.5.4) for the complex types of a schema set, and the data model
 * (fields) the generated code reads and writes.
 *
 * The content model becomes an automaton whose states are the normalized grammar states: attribute uses first
 * (sorted by qname), then the particles, with event codes assigned in the order the specification gives (AT sorted,
 * SE in schema order with substitution-group members sorted, SE(*), EE, CH). Grammars are non-strict, as the field's
 * codecs use them: every state also has second-level productions, so a state with n declared productions has an
 * event code of ceil(log2(n + 1)) bits.
 *
 * Arrays of an element with a finite maxOccurs are a counted loop instead of maxOccurs copies: every state inside
 * the loop is the same but the last one, which no longer offers the element (§8.5.4.1.7). The generated code keeps
 * the count, so the grammar stays small for maxOccurs="1024".
 */
import { compareQNames, qkey, type ComplexType, type ElementDecl, type Particle, type QName, type SimpleType } from './xsd.js';
import type { SchemaSet } from './xsd.js';

export interface Field {
  /** The key in documents and JSON: element local name, `@` + attribute local name, or `#text`. */
  readonly key: string;
  readonly kind: 'attribute' | 'element' | 'text';
  readonly qname: QName;
  readonly type: SimpleType | ComplexType;
  /** Present in every valid document (a mandatory attribute, or an element outside any choice or optional group). */
  readonly required: boolean;
  readonly array: boolean;
  readonly maxOccurs: number;
}

export type Event =
  | { readonly kind: 'AT' | 'SE'; readonly field: number }
  | { readonly kind: 'SE*' }
  /** An abstract substitution-group head: declared, so it takes an event code, but no document can hold it. */
  | { readonly kind: 'SE-abstract'; readonly name: string }
  | { readonly kind: 'EE' }
  | { readonly kind: 'CH'; readonly field: number | undefined };

export interface Production {
  readonly event: Event;
  /** Next state; -1 after EE. */
  readonly next: number;
  /** For the counted loop of an array: the state after the occurrence that fills it to maxOccurs. */
  readonly full?: { readonly maxOccurs: number; readonly next: number };
  /** The state to go to instead when the named field quirk's grammar is in use (codegen/quirks.ts). */
  readonly quirk?: { readonly name: string; readonly next: number };
}

export interface GrammarState {
  readonly productions: readonly Production[];
  /** Width of the first-level event code: declared productions plus the escape to second level. */
  readonly width: number;
  /** A state of the named field quirk's grammar only; such states follow all of the XSD's. */
  readonly quirk?: string;
}

export interface TypeGrammar {
  readonly type: ComplexType;
  readonly fields: readonly Field[];
  readonly states: readonly GrammarState[];
}

/** Bits needed for `n` distinct event codes: ceil(log2(n)). */
/** Built-in simple types are new objects at each use, so they compare by structure; complex types by identity. */
const structure = (t: SimpleType): string => JSON.stringify(t, (_, v: unknown) => (typeof v === 'bigint' ? `${v}` : v));
const sameType = (a: SimpleType | ComplexType, b: SimpleType | ComplexType): boolean =>
  a === b || (a.kind !== 'complex' && b.kind !== 'complex' && structure(a) === structure(b));

export const codeWidth = (n: number): number => (n <= 1 ? 0 : 32 - Math.clz32(n - 1));

type Edge =
  | { readonly eps: true; readonly to: number }
  | { readonly eps: false; readonly event: Event; readonly to: number; counted?: { maxOccurs: number; exit: number } };

const eventKey = (e: Event): string =>
  e.kind === 'AT' || e.kind === 'SE' ? `${e.kind}${e.field}` : e.kind === 'CH' ? `CH${e.field ?? ''}` : e.kind === 'SE-abstract' ? `SE-abstract${e.name}` : e.kind;

const RANK: Record<Event['kind'], number> = { AT: 0, SE: 1, 'SE-abstract': 1, 'SE*': 2, EE: 3, CH: 4 };

export function buildTypeGrammar(set: SchemaSet, type: ComplexType): TypeGrammar {
  const fields: Field[] = [];
  const nodes: Edge[][] = [];
  const node = (): number => nodes.push([]) - 1;
  const where = qkey(type.name);

  const fieldFor = (decl: ElementDecl, required: boolean, array: boolean, maxOccurs: number): number => {
    const i = fields.findIndex((f) => f.kind === 'element' && qkey(f.qname) === qkey(decl.name));
    if (i < 0) return fields.push({ key: decl.name.local, kind: 'element', qname: decl.name, type: decl.type(), required, array, maxOccurs }) - 1;
    if (!sameType(fields[i].type, decl.type())) throw new Error(`${where}: element ${decl.name.local} declared twice with different types`);
    fields[i] = { ...fields[i], required: fields[i].required && required, array: fields[i].array || array, maxOccurs: Math.max(fields[i].maxOccurs, maxOccurs) };
    return i;
  };

  const attributes = [...type.attributes].sort((a, b) => compareQNames(a.name, b.name));
  for (const a of attributes) {
    fields.push({ key: '@' + a.name.local, kind: 'attribute', qname: a.name, type: a.type, required: a.required, array: false, maxOccurs: 1 });
  }
  if (new Set(fields.map((f) => f.key)).size !== fields.length) throw new Error(`${where}: two attributes share a local name`);

  const start = node();
  let cur = start;
  attributes.forEach((a, i) => {
    const n = node();
    nodes[cur].push({ eps: false, event: { kind: 'AT', field: i }, to: n });
    if (!a.required) nodes[cur].push({ eps: true, to: n });
    cur = n;
  });

  const build = (p: Particle, entry: number, required: boolean): number => {
    const once = (from: number, occurrenceRequired: boolean): number => {
      switch (p.kind) {
        case 'element': {
          // Abstract heads keep their place among the members: the field's codecs give them an event code too.
          const members = set.substitutionGroup(p.decl).sort((a, b) => compareQNames(a.name, b.name));
          const concrete = members.filter((d) => !d.abstract).length;
          const exit = node();
          for (const m of members) {
            if (m.abstract) {
              nodes[from].push({ eps: false, event: { kind: 'SE-abstract', name: m.name.local }, to: exit });
              continue;
            }
            const f = fieldFor(m, occurrenceRequired && concrete === 1, p.max > 1, p.max);
            nodes[from].push({ eps: false, event: { kind: 'SE', field: f }, to: exit });
          }
          return exit;
        }
        case 'sequence':
          return p.items.reduce((at, item) => build(item, at, occurrenceRequired), from);
        case 'choice': {
          const exit = node();
          for (const item of p.items) {
            const s = node();
            nodes[from].push({ eps: true, to: s });
            nodes[build(item, s, occurrenceRequired && p.items.length === 1)].push({ eps: true, to: exit });
          }
          return exit;
        }
        case 'any': {
          const exit = node();
          nodes[from].push({ eps: false, event: { kind: 'SE*' }, to: exit });
          return exit;
        }
      }
    };
    // A repeated group (xmldsig KeyInfo, Transform, X509Data) occurs once in the field's codecs, whose data model
    // holds each member once; its grammar is numbered accordingly.
    if (p.kind !== 'element' && p.kind !== 'any' && p.max > 1) p = { ...p, max: 1 };
    let at = entry;
    for (let i = 0; i < p.min; i++) at = once(at, required);
    if (p.max === p.min) return at;
    if (p.max === Infinity || (p.kind === 'element' && p.max > 1)) {
      const loop = node();
      nodes[at].push({ eps: true, to: loop });
      const firstEdge = nodes[loop].length;
      // Further entries of a mandatory array are optional occurrences of a field that is still mandatory.
      const end = once(loop, required && p.min >= 1);
      nodes[end].push({ eps: true, to: loop });
      const exit = node();
      nodes[loop].push({ eps: true, to: exit });
      if (p.max !== Infinity) {
        // The field's codecs expand only small arrays as EXI 1.0 §8.5.4.1.7 does (the last entry leads to the state
        // without the element); longer ones stay in the loop state after their last entry. Established from the
        // reference vectors: simple-typed arrays of 2 (PaymentOption, AuthorizationServices) are expanded, of 3 and
        // more (ISO-20 SubCertificates, ISO-2 SubCertificates 4, EnergyTransferMode 6) loop; complex-typed arrays of 3
        // (Cost, SAScheduleTuple, ScheduleTuple) are expanded by the reference decoder.
        const expandedUpTo = p.kind === 'element' && p.decl.type().kind === 'complex' ? 3 : 2;
        const full = p.max > expandedUpTo ? loop : exit;
        for (const e of nodes[loop].slice(firstEdge)) if (!e.eps) e.counted = { maxOccurs: p.max, exit: full };
      }
      return exit;
    }
    for (let i = p.min; i < p.max; i++) {
      const n = node();
      nodes[at].push({ eps: true, to: n });
      const e = once(n, false);
      const exit = node();
      nodes[e].push({ eps: true, to: exit });
      nodes[at].push({ eps: true, to: exit });
      at = exit;
    }
    return at;
  };

  const content = type.content;
  if (content.kind === 'empty') {
    nodes[cur].push({ eps: false, event: { kind: 'EE' }, to: -1 });
  } else if (content.kind === 'simple') {
    const text = fields.push({ key: '#text', kind: 'text', qname: type.name, type: content.type, required: true, array: false, maxOccurs: 1 }) - 1;
    const n = node();
    nodes[cur].push({ eps: false, event: { kind: 'CH', field: text }, to: n });
    nodes[n].push({ eps: false, event: { kind: 'EE' }, to: -1 });
  } else {
    const c0 = node();
    nodes[cur].push({ eps: true, to: c0 });
    const end = build(content.particle, c0, true);
    nodes[end].push({ eps: false, event: { kind: 'EE' }, to: -1 });
    // Mixed content: the field's codecs declare character data only before the first child element (the xmldsig
    // Transform and KeyInfo vectors show it), where EXI 1.0 §8.5.4.1.3.2 would allow it in every content state.
    if (type.mixed) nodes[c0].push({ eps: false, event: { kind: 'CH', field: undefined }, to: c0 });
  }

  return { type, fields, states: determinize(nodes, start, where) };
}

/** Subset construction over the ε-automaton; production order follows the ε-closure walk, i.e. schema order. */
function determinize(nodes: Edge[][], start: number, where: string): GrammarState[] {
  const states: GrammarState[] = [];
  const ids = new Map<string, number>();
  const pending: number[][] = [];

  type Reachable = { event: Event; to: number; counted?: { maxOccurs: number; exit: number } };
  const closure = (kernel: number[]): Reachable[] => {
    const seen = new Set<number>();
    const out: Reachable[] = [];
    const visit = (n: number): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const e of nodes[n]) {
        if (e.eps) visit(e.to);
        else out.push({ event: e.event, to: e.to, counted: e.counted });
      }
    };
    kernel.forEach(visit);
    return out;
  };

  const idOf = (kernel: number[]): number => {
    const sorted = [...new Set(kernel)].sort((a, b) => a - b);
    const key = sorted.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      pending[id] = sorted;
    }
    return id;
  };

  idOf([start]);
  for (let id = 0; id < ids.size; id++) {
    const groups = new Map<string, { event: Event; targets: number[]; counted?: { maxOccurs: number; exit: number } }>();
    for (const p of closure(pending[id])) {
      const k = eventKey(p.event);
      const g = groups.get(k);
      if (!g) groups.set(k, { event: p.event, targets: p.to < 0 ? [] : [p.to], counted: p.counted });
      else {
        if (p.to >= 0 && !g.targets.includes(p.to)) g.targets.push(p.to);
        if (g.counted || p.counted) throw new Error(`${where}: a counted array shares its event with another particle`);
      }
    }
    const productions = [...groups.values()]
      .map((g, order) => ({ g, order }))
      .sort((a, b) => RANK[a.g.event.kind] - RANK[b.g.event.kind] || a.order - b.order)
      .map(({ g }): Production => {
        const next = g.event.kind === 'EE' ? -1 : idOf(g.targets);
        if (!g.counted) return { event: g.event, next };
        return { event: g.event, next, full: { maxOccurs: g.counted.maxOccurs, next: idOf([g.counted.exit]) } };
      });
    states[id] = { productions, width: codeWidth(productions.length + 1) };
  }
  return states;
}
