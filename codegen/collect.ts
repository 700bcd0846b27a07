/**
 * Walks a schema set to find what a module generates: its complex types (named and anonymous), and the element
 * declarations that EXI document and fragment grammars enumerate.
 */
import { compareQNames, qkey, type ComplexType, type ElementDecl, type Particle, type SchemaSet } from './xsd.js';

function* particleElements(p: Particle): Generator<ElementDecl> {
  if (p.kind === 'element') yield p.decl;
  else if (p.kind !== 'any') for (const item of p.items) yield* particleElements(item);
}

/** Every element declaration reachable in the set (global ones first), and every complex type they use. */
export function walk(set: SchemaSet): { elements: ElementDecl[]; types: ComplexType[] } {
  const elements: ElementDecl[] = [];
  const types: ComplexType[] = [];
  const seenTypes = new Set<ComplexType>();
  const seenElements = new Set<ElementDecl>();
  const visitType = (t: ComplexType): void => {
    if (seenTypes.has(t)) return;
    seenTypes.add(t);
    types.push(t);
    if (t.content.kind === 'elements') for (const d of particleElements(t.content.particle)) visitElement(d);
  };
  const visitElement = (d: ElementDecl): void => {
    if (seenElements.has(d)) return;
    seenElements.add(d);
    elements.push(d);
    const t = d.type();
    if (t.kind === 'complex') visitType(t);
    if (d.global) for (const m of set.substitutionGroup(d)) visitElement(m);
  };
  set.globals().forEach(visitElement);
  for (const t of set.namedComplexTypes()) visitType(t);
  return { elements, types };
}

/**
 * Global element declarations in the order the field's codecs number the DocContent productions (EXI 1.0 §8.5.1).
 * EXI sorts them by qname; the reference codec sorts them by the name of their type first, which is the same order
 * wherever each root has its own `<Name>Type` — everywhere but ISO-20 ACDP, where ACDP_DisconnectReq/Res reuse the
 * ConnectReq/Res types and so come before ACDP_ConnectRes (the reference vectors show it).
 */
export function documentRoots(set: SchemaSet): ElementDecl[] {
  const typeKey = (d: ElementDecl): string => {
    const t = d.type();
    return t.kind === 'complex' && !t.anonymous ? t.name.local : `${d.name.local}Type`;
  };
  return set.globals().sort((a, b) => {
    const [ka, kb] = [typeKey(a), typeKey(b)];
    return ka !== kb ? (ka < kb ? -1 : 1) : compareQNames(a.name, b.name);
  });
}

/**
 * All element declarations of the set, one per qname, in EXI order: the productions of the FragmentContent grammar
 * (EXI 1.0 §8.5.2). Where one qname is declared with several types (ISO-2 `eMAID` is a plain string in
 * PaymentDetailsReq and an `Id`-carrying EMAIDType in the certificate messages), the fragment grammar uses the
 * declaration that can be referenced by an XML Signature, i.e. the one whose type has an `Id` attribute; otherwise the
 * first declaration (global before local).
 */
export function fragmentRoots(set: SchemaSet): ElementDecl[] {
  const byName = new Map<string, ElementDecl[]>();
  for (const d of walk(set).elements) {
    const k = qkey(d.name);
    byName.set(k, [...(byName.get(k) ?? []), d]);
  }
  const hasId = (d: ElementDecl): boolean => {
    const t = d.type();
    return t.kind === 'complex' && t.attributes.some((a) => a.name.local === 'Id');
  };
  return [...byName.values()]
    .map((decls) => decls.find(hasId) ?? decls[0])
    .sort((a, b) => compareQNames(a.name, b.name));
}
