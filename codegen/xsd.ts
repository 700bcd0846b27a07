/**
 * The XML Schema model the EXI grammars are built from: element declarations, complex types with their attribute
 * uses and content particles, and simple types reduced to what EXI needs to pick a datatype representation
 * (EXI 1.0 §7.1). Only the XSD constructs the V2G schemas use are supported; anything else is a generator error.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseXml, type XmlElement } from './xml.js';

export const XS = 'http://www.w3.org/2001/XMLSchema';

export interface QName {
  readonly ns: string;
  readonly local: string;
}

export const qkey = (q: QName): string => `{${q.ns}}${q.local}`;

/** EXI orders qualified names by local name, then namespace URI (EXI 1.0 §8.5.4.3, §8.5.1). */
export function compareQNames(a: QName, b: QName): number {
  if (a.local !== b.local) return a.local < b.local ? -1 : 1;
  if (a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
  return 0;
}

export type SimpleType =
  | { readonly kind: 'boolean'; readonly name?: QName }
  | { readonly kind: 'integer'; readonly name?: QName; readonly min: bigint | null; readonly max: bigint | null }
  | { readonly kind: 'enum'; readonly name?: QName; readonly values: readonly string[] }
  | { readonly kind: 'string'; readonly name?: QName; readonly minLength: number; readonly maxLength: number | null }
  | {
      readonly kind: 'binary';
      readonly name?: QName;
      readonly encoding: 'hex' | 'base64';
      readonly minLength: number;
      readonly maxLength: number | null;
    };

export interface AttributeUse {
  readonly name: QName;
  readonly type: SimpleType;
  readonly required: boolean;
}

export interface ElementDecl {
  readonly name: QName;
  readonly global: boolean;
  readonly abstract: boolean;
  readonly substitutionGroup: QName | undefined;
  /** Resolved lazily: types may be recursive. */
  type(): SimpleType | ComplexType;
}

export type Particle =
  | { readonly kind: 'element'; readonly decl: ElementDecl; readonly min: number; readonly max: number }
  | { readonly kind: 'sequence' | 'choice'; readonly items: readonly Particle[]; readonly min: number; readonly max: number }
  | { readonly kind: 'any'; readonly min: number; readonly max: number };

export type Content =
  | { readonly kind: 'empty' }
  | { readonly kind: 'simple'; readonly type: SimpleType }
  | { readonly kind: 'elements'; readonly particle: Particle };

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: QName;
  readonly anonymous: boolean;
  readonly abstract: boolean;
  readonly mixed: boolean;
  readonly attributes: readonly AttributeUse[];
  readonly content: Content;
}

interface SchemaDoc {
  readonly file: string;
  readonly root: XmlElement;
  readonly targetNamespace: string;
  readonly elementQualified: boolean;
  readonly attributeQualified: boolean;
}

interface Located {
  readonly doc: SchemaDoc;
  readonly el: XmlElement;
}

const children = (el: XmlElement, local?: string): XmlElement[] =>
  el.children.filter((c) => c.ns === XS && c.local !== 'annotation' && (local === undefined || c.local === local));

const occurs = (el: XmlElement, attr: 'minOccurs' | 'maxOccurs'): number => {
  const v = el.attrs[attr];
  if (v === undefined) return 1;
  return v === 'unbounded' ? Infinity : Number(v);
};

/** A set of schema documents reached from one root document through xs:import / xs:include. */
export class SchemaSet {
  readonly docs: SchemaDoc[] = [];
  private readonly globalElements = new Map<string, Located>();
  private readonly globalAttributes = new Map<string, Located>();
  private readonly complexTypes = new Map<string, Located>();
  private readonly simpleTypes = new Map<string, Located>();
  private readonly elementCache = new Map<XmlElement, ElementDecl>();
  private readonly complexCache = new Map<XmlElement, ComplexType>();
  private readonly simpleCache = new Map<XmlElement, SimpleType>();

  constructor(rootFile: string) {
    this.load(resolve(rootFile));
  }

  private load(file: string): void {
    if (this.docs.some((d) => d.file === file)) return;
    const root = parseXml(readFileSync(file, 'utf8'), file);
    const doc: SchemaDoc = {
      file,
      root,
      targetNamespace: root.attrs.targetNamespace ?? '',
      elementQualified: root.attrs.elementFormDefault === 'qualified',
      attributeQualified: root.attrs.attributeFormDefault === 'qualified',
    };
    this.docs.push(doc);
    for (const c of children(root)) {
      const name = c.attrs.name;
      const key = name === undefined ? '' : qkey({ ns: doc.targetNamespace, local: name });
      switch (c.local) {
        case 'import':
        case 'include':
          if (c.attrs.schemaLocation) this.load(resolve(dirname(file), c.attrs.schemaLocation));
          break;
        case 'element':
          this.globalElements.set(key, { doc, el: c });
          break;
        case 'attribute':
          this.globalAttributes.set(key, { doc, el: c });
          break;
        case 'complexType':
          this.complexTypes.set(key, { doc, el: c });
          break;
        case 'simpleType':
          this.simpleTypes.set(key, { doc, el: c });
          break;
        default:
          throw new Error(`${file}:${c.line}: unsupported top-level xs:${c.local}`);
      }
    }
  }

  /** Every global element declaration of the set. */
  globals(): ElementDecl[] {
    return [...this.globalElements.values()].map((l) => this.element(l.doc, l.el, true));
  }

  /** Names of the simple types defined in a namespace. */
  simpleTypeNames(ns: string): string[] {
    return [...this.simpleTypes.values()].filter((l) => l.doc.targetNamespace === ns).map((l) => l.el.attrs.name);
  }

  /** Every named complex type of the set. */
  namedComplexTypes(): ComplexType[] {
    return [...this.complexTypes.entries()].map(([, l]) => this.complex(l.doc, l.el, { ns: l.doc.targetNamespace, local: l.el.attrs.name }));
  }

  global(q: QName): ElementDecl {
    const l = this.globalElements.get(qkey(q));
    if (!l) throw new Error(`no global element ${qkey(q)}`);
    return this.element(l.doc, l.el, true);
  }

  /** Members of the substitution group headed by `head` (transitively), the head itself included. */
  substitutionGroup(head: ElementDecl): ElementDecl[] {
    const out = [head];
    for (const g of this.globals()) {
      if (g.substitutionGroup && qkey(g.substitutionGroup) === qkey(head.name)) out.push(...this.substitutionGroup(g));
    }
    return out;
  }

  private resolveQName(el: XmlElement, value: string): QName {
    const colon = value.indexOf(':');
    const prefix = colon < 0 ? '' : value.slice(0, colon);
    const ns = el.scope.get(prefix);
    if (ns === undefined && prefix !== '') throw new Error(`line ${el.line}: unbound prefix in ${value}`);
    return { ns: ns ?? '', local: value.slice(colon + 1) };
  }

  private element(doc: SchemaDoc, el: XmlElement, global: boolean): ElementDecl {
    const cached = this.elementCache.get(el);
    if (cached) return cached;
    const ns = global || (el.attrs.form ?? (doc.elementQualified ? 'qualified' : 'unqualified')) === 'qualified' ? doc.targetNamespace : '';
    let resolved: SimpleType | ComplexType | undefined;
    const decl: ElementDecl = {
      name: { ns, local: el.attrs.name },
      global,
      abstract: el.attrs.abstract === 'true',
      substitutionGroup: el.attrs.substitutionGroup ? this.resolveQName(el, el.attrs.substitutionGroup) : undefined,
      type: () => (resolved ??= this.elementType(doc, el)),
    };
    this.elementCache.set(el, decl);
    return decl;
  }

  private elementType(doc: SchemaDoc, el: XmlElement): SimpleType | ComplexType {
    if (el.attrs.type) return this.typeByName(this.resolveQName(el, el.attrs.type));
    const inlineComplex = children(el, 'complexType')[0];
    if (inlineComplex) return this.complex(doc, inlineComplex, { ns: doc.targetNamespace, local: el.attrs.name });
    const inlineSimple = children(el, 'simpleType')[0];
    if (inlineSimple) return this.simple(doc, inlineSimple);
    throw new Error(`${doc.file}:${el.line}: element ${el.attrs.name} has no type (xs:anyType is not supported)`);
  }

  typeByName(q: QName): SimpleType | ComplexType {
    if (q.ns === XS) return builtin(q.local);
    const c = this.complexTypes.get(qkey(q));
    if (c) return this.complex(c.doc, c.el, q);
    const s = this.simpleTypes.get(qkey(q));
    if (s) return this.simple(s.doc, s.el);
    throw new Error(`unknown type ${qkey(q)}`);
  }

  private simpleByName(el: XmlElement, value: string): SimpleType {
    const t = this.typeByName(this.resolveQName(el, value));
    if (t.kind === 'complex') throw new Error(`line ${el.line}: ${value} is not a simple type`);
    return t;
  }

  private simple(doc: SchemaDoc, el: XmlElement): SimpleType {
    const cached = this.simpleCache.get(el);
    if (cached) return cached;
    const name = el.attrs.name ? { ns: doc.targetNamespace, local: el.attrs.name } : undefined;
    const restriction = children(el, 'restriction')[0];
    if (!restriction) throw new Error(`${doc.file}:${el.line}: only xs:restriction simple types are supported`);
    const base = restriction.attrs.base
      ? this.simpleByName(restriction, restriction.attrs.base)
      : this.simple(doc, children(restriction, 'simpleType')[0]);
    const t = { ...restrict(base, children(restriction), `${doc.file}:${el.line}`), name };
    this.simpleCache.set(el, t);
    return t;
  }

  private complex(doc: SchemaDoc, el: XmlElement, name: QName): ComplexType {
    const cached = this.complexCache.get(el);
    if (cached) return cached;
    const where = `${doc.file}:${el.line}`;
    let attributes: AttributeUse[] = [];
    let content: Content = { kind: 'empty' };
    const mixed = el.attrs.mixed === 'true';
    const ownAttributes = (holder: XmlElement): AttributeUse[] =>
      children(holder, 'attribute').map((a) => this.attribute(doc, a));
    const body = children(el).filter((c) => c.local !== 'attribute' && c.local !== 'anyAttribute');
    if (children(el, 'anyAttribute').length) throw new Error(`${where}: xs:anyAttribute is not supported`);
    const [first] = body;
    if (first?.local === 'complexContent' || first?.local === 'simpleContent') {
      const derivation = children(first)[0];
      const baseName = this.resolveQName(derivation, derivation.attrs.base);
      const base = this.typeByName(baseName);
      if (derivation.local !== 'extension') throw new Error(`${where}: only extension derivations are supported`);
      const baseAttributes = base.kind === 'complex' ? base.attributes : [];
      attributes = [...baseAttributes, ...ownAttributes(derivation)];
      if (first.local === 'simpleContent') {
        const simple = base.kind === 'complex' ? (base.content.kind === 'simple' ? base.content.type : undefined) : base;
        if (!simple) throw new Error(`${where}: simpleContent base has no simple content`);
        content = { kind: 'simple', type: simple };
      } else {
        if (base.kind !== 'complex') throw new Error(`${where}: complexContent base must be complex`);
        const own = children(derivation).filter((c) => c.local !== 'attribute');
        const ownParticle = own.length ? this.particle(doc, own[0]) : undefined;
        const baseParticle = base.content.kind === 'elements' ? base.content.particle : undefined;
        if (base.content.kind === 'simple') throw new Error(`${where}: complexContent over simple content`);
        const items = [baseParticle, ownParticle].filter((p): p is Particle => p !== undefined);
        if (items.length === 1) content = { kind: 'elements', particle: items[0] };
        else if (items.length === 2) content = { kind: 'elements', particle: { kind: 'sequence', items, min: 1, max: 1 } };
      }
    } else {
      attributes = ownAttributes(el);
      if (first) content = { kind: 'elements', particle: this.particle(doc, first) };
    }
    const t: ComplexType = {
      kind: 'complex',
      name,
      anonymous: !el.attrs.name,
      abstract: el.attrs.abstract === 'true',
      mixed,
      attributes,
      content,
    };
    this.complexCache.set(el, t);
    return t;
  }

  private attribute(doc: SchemaDoc, el: XmlElement): AttributeUse {
    if (el.attrs.ref) {
      const q = this.resolveQName(el, el.attrs.ref);
      const g = this.globalAttributes.get(qkey(q));
      if (!g) throw new Error(`${doc.file}:${el.line}: unknown attribute ${qkey(q)}`);
      return { ...this.attribute(g.doc, g.el), name: q, required: el.attrs.use === 'required' };
    }
    const qualified = (el.attrs.form ?? (doc.attributeQualified ? 'qualified' : 'unqualified')) === 'qualified';
    const inline = children(el, 'simpleType')[0];
    return {
      name: { ns: qualified ? doc.targetNamespace : '', local: el.attrs.name },
      type: inline ? this.simple(doc, inline) : el.attrs.type ? this.simpleByName(el, el.attrs.type) : builtin('string'),
      required: el.attrs.use === 'required',
    };
  }

  private particle(doc: SchemaDoc, el: XmlElement): Particle {
    const min = occurs(el, 'minOccurs');
    const max = occurs(el, 'maxOccurs');
    switch (el.local) {
      case 'element': {
        const decl = el.attrs.ref
          ? this.global(this.resolveQName(el, el.attrs.ref))
          : this.element(doc, el, false);
        return { kind: 'element', decl, min, max };
      }
      case 'sequence':
      case 'choice':
        return { kind: el.local, items: children(el).map((c) => this.particle(doc, c)), min, max };
      case 'any':
        return { kind: 'any', min, max };
      default:
        throw new Error(`${doc.file}:${el.line}: unsupported particle xs:${el.local}`);
    }
  }
}

const INTEGER_RANGES: Record<string, [bigint | null, bigint | null]> = {
  integer: [null, null],
  nonNegativeInteger: [0n, null],
  positiveInteger: [1n, null],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
};

const STRING_TYPES = new Set(['string', 'normalizedString', 'token', 'anyURI', 'ID', 'IDREF', 'NCName', 'Name', 'NMTOKEN', 'language']);

function builtin(local: string): SimpleType {
  if (local === 'boolean') return { kind: 'boolean' };
  if (local === 'hexBinary') return { kind: 'binary', encoding: 'hex', minLength: 0, maxLength: null };
  if (local === 'base64Binary') return { kind: 'binary', encoding: 'base64', minLength: 0, maxLength: null };
  if (STRING_TYPES.has(local)) return { kind: 'string', minLength: 0, maxLength: null };
  const range = INTEGER_RANGES[local];
  if (range) return { kind: 'integer', min: range[0], max: range[1] };
  throw new Error(`unsupported built-in type xs:${local}`);
}

function restrict(base: SimpleType, facets: XmlElement[], where: string): SimpleType {
  const enums = facets.filter((f) => f.local === 'enumeration').map((f) => f.attrs.value);
  if (enums.length) return { kind: 'enum', values: enums };
  let t: SimpleType = { ...base, name: undefined };
  for (const f of facets) {
    const v = f.attrs.value;
    switch (f.local) {
      case 'minInclusive':
      case 'maxInclusive':
      case 'minExclusive':
      case 'maxExclusive': {
        if (t.kind !== 'integer') throw new Error(`${where}: range facet on a non-integer type`);
        const n = BigInt(v) + (f.local === 'minExclusive' ? 1n : f.local === 'maxExclusive' ? -1n : 0n);
        t = f.local.startsWith('min')
          ? { ...t, min: t.min === null || n > t.min ? n : t.min }
          : { ...t, max: t.max === null || n < t.max ? n : t.max };
        break;
      }
      case 'length':
      case 'minLength':
      case 'maxLength': {
        if (t.kind !== 'string' && t.kind !== 'binary') throw new Error(`${where}: length facet on ${t.kind}`);
        const n = Number(v);
        if (f.local !== 'maxLength') t = { ...t, minLength: n };
        if (f.local !== 'minLength') t = { ...t, maxLength: n };
        break;
      }
      case 'pattern':
      case 'totalDigits':
      case 'fractionDigits':
      case 'whiteSpace':
        // These facets do not change the EXI representation of the types used here (EXI 1.0 §7.1).
        break;
      default:
        throw new Error(`${where}: unsupported facet xs:${f.local}`);
    }
  }
  return t;
}
