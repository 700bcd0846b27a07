/**
 * Walks a schema set to find what a module generates: its complex types (named and anonymous), and the element
 * declarations that EXI document and fragment grammars enumerate.
 */
import { compareQNames, qkey, type AttributeUse, type ComplexType, type ElementDecl, type Particle, type SchemaSet, type SimpleType } from './xsd.js';

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
 * PaymentDetailsReq and an `Id`-carrying EMAIDType in the certificate messages), the root stands for the declaration
 * an XML Signature can reference, the one whose type has an `Id` attribute (otherwise the first, global before
 * local), and is listed in `relaxed`: its content is read in the element fragment grammar (§8.5.3), not its type's.
 */
export function fragmentRoots(set: SchemaSet): { roots: ElementDecl[]; relaxed: Set<ElementDecl> } {
  const byName = new Map<string, ElementDecl[]>();
  for (const d of walk(set).elements) {
    const k = qkey(d.name);
    byName.set(k, [...(byName.get(k) ?? []), d]);
  }
  const hasId = (d: ElementDecl): boolean => {
    const t = d.type();
    return t.kind === 'complex' && t.attributes.some((a) => a.name.local === 'Id');
  };
  const relaxed = new Set<ElementDecl>();
  const roots = [...byName.values()].map((decls) => {
    const root = decls.find(hasId) ?? decls[0];
    // The schemas declare nothing nillable, so "the same type name and {nillable}" (§8.5.3) is the same type.
    if (new Set(decls.map((d) => typeIdentity(d.type()))).size > 1) relaxed.add(root);
    return root;
  });
  return { roots: roots.sort((a, b) => compareQNames(a.name, b.name)), relaxed };
}

function typeIdentity(t: SimpleType | ComplexType): unknown {
  return t.kind === 'complex' ? (t.anonymous ? t : qkey(t.name)) : t.name ? qkey(t.name) : t;
}

/**
 * The attribute qnames declared anywhere in the set, one per qname, in EXI order: A0..Am-1 of the element fragment
 * grammar (EXI 1.0 §8.5.3). Their values are strings wherever the set declares them, which the generator checks.
 */
export function declaredAttributes(set: SchemaSet): AttributeUse[] {
  const byName = new Map<string, AttributeUse>();
  for (const t of walk(set).types) for (const a of t.attributes) if (!byName.has(qkey(a.name))) byName.set(qkey(a.name), a);
  return [...byName.values()].sort((a, b) => compareQNames(a.name, b.name));
}
