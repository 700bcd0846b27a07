/**
 * Emits the entry points of every schema name: the EXI document grammar (header, SE of a global element, no ED
 * bits) and the fragment grammar (header, SE of any element declaration, ED) of EXI 1.0 §8.5.1-8.5.2, plus the
 * document types and the schema registry.
 */
import { codeWidth } from './grammar.js';
import { HEADER } from './emit-module.js';
import { Imports } from './imports.js';
import { isBig, typeName } from './names.js';
import { decodeValue, encodeValue, integerRepresentation, modelSource } from './values.js';
import { qkey, type AttributeUse, type ElementDecl } from './xsd.js';
import type { SchemaSpec } from './layout.js';

export interface EntrySpec {
  readonly spec: SchemaSpec;
  /** Module id + kind: schema names that share a grammar share one entry. */
  readonly entry: string;
  readonly roots: readonly ElementDecl[];
  /** Fragment roots read in the element fragment grammar (EXI 1.0 §8.5.3), and the attribute qnames it lists. */
  readonly relaxed: ReadonlySet<ElementDecl>;
  readonly attributes: readonly AttributeUse[];
  readonly moduleOf: (ns: string) => string;
}

const pascal = (s: string): string => s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
export const documentTypeName = (entry: string): string => pascal(entry) + 'Document';

export function emitEntries(entries: readonly EntrySpec[], modules: readonly string[]): { codec: string; types: string; model: string } {
  const distinct = [...new Map(entries.map((e) => [e.entry, e])).values()];
  const typeImports = new Imports();
  const codecImports = new Imports();
  const alias = (module: string): string => module.replace(/-/g, '_');
  // Namespace imports: the schema sets of DIN and ISO-2 reuse type names, so every name is qualified by its module.
  const add = (imports: Imports, module: string, name: string): string => {
    imports.add(module, name);
    return `${alias(module)}.${name}`;
  };
  const enumRef = (e: EntrySpec, d: ElementDecl) => (t: { name?: { ns: string; local: string } }): string => {
    if (!t.name) throw new Error(`${d.name.local}: anonymous enumeration as a root element`);
    add(codecImports, e.moduleOf(t.name.ns), `${t.name.local}_INDEX`);
    return add(codecImports, e.moduleOf(t.name.ns), `${t.name.local}_VALUES`).replace(/_VALUES$/, '');
  };

  const typeDecls: string[] = [];
  const fns: string[] = [];
  const grammars: string[] = [];
  /** The constant describing a relaxed root's element fragment grammar (codecs/exi/element-fragment.ts). */
  const elementFragment = (e: EntrySpec, d: ElementDecl): string => {
    const t = d.type();
    if (t.kind !== 'complex' || t.content.kind !== 'simple') throw new Error(`${qkey(d.name)}: an element fragment root needs simple content with attributes`);
    const notString = e.attributes.find((a) => a.type.kind !== 'string');
    if (notString) throw new Error(`${qkey(notString.name)}: element fragment attributes are read as strings`);
    const attributes = t.attributes.map((a) => {
      const code = e.attributes.findIndex((x) => qkey(x.name) === qkey(a.name));
      return `{ key: ${JSON.stringify('@' + a.name.local)}, code: ${code}, qname: ${JSON.stringify(`${a.name.ns}:${a.name.local}`)}, required: ${a.required} }`;
    });
    const name = `${e.entry.replace(/-/g, '_').toUpperCase()}_${d.name.local.toUpperCase()}`;
    grammars.push(
      `const ${name}: ElementFragmentGrammar = {\n  type: ${JSON.stringify(typeName(t))},\n  attributeCount: ${e.attributes.length},\n  elementCount: ${e.roots.length},\n` +
        `  attributes: [${attributes.join(', ')}],\n  text: ${JSON.stringify(`${d.name.ns}:${d.name.local}`)},\n};`,
    );
    return name;
  };
  for (const e of distinct) {
    const docType = documentTypeName(e.entry);
    const n = e.roots.length;
    const width = codeWidth(n + (e.spec.kind === 'fragment' ? 2 : 1));
    const alternatives = e.roots.map((d) => {
      const t = d.type();
      let ts: string;
      if (t.kind === 'complex') ts = add(typeImports, e.moduleOf(t.name.ns), typeName(t));
      else if (t.name) ts = add(typeImports, e.moduleOf(t.name.ns), t.name.local); else ts = t.kind === 'integer' ? (isBig(t) ? 'bigint' : 'number') : t.kind === 'binary' ? 'Uint8Array' : t.kind;
      return `{ ${d.name.local}: ${ts} }`;
    });
    typeDecls.push(`/** A ${e.spec.kind} of ${e.entry}: one of its ${n} element declarations. */\nexport type ${docType} =\n  | ${[...new Set(alternatives)].join('\n  | ')};`);

    const encCases: string[] = [];
    const decCases: string[] = [];
    e.roots.forEach((d, code) => {
      const t = d.type();
      const key = JSON.stringify(d.name.local);
      // Documents are keyed by local name (the JSON convention): where two namespaces declare the same local name
      // (DIN AC_EVSEStatus in MsgBody and MsgDataTypes), the encoder writes the first and the decoder reads both.
      const firstOfName = e.roots.findIndex((o) => o.name.local === d.name.local) === code;
      const access = `(doc as { ${d.name.local}: never }).${d.name.local}`;
      let enc: string[];
      let dec: string[];
      if (t.kind === 'complex' && e.relaxed.has(d)) {
        // The specification's grammar; the field codec's typed one only as its named quirk (codecs/exi/options.ts).
        const fenc = add(codecImports, e.moduleOf(t.name.ns), `enc_${typeName(t)}`);
        const fdec = add(codecImports, e.moduleOf(t.name.ns), `dec_${typeName(t)}`);
        const g = elementFragment(e, d);
        const q = JSON.stringify('cbv2gTypedFragmentRoot');
        enc = [`if (w.quirkGrammar(${q})) ${fenc}(w, ${access});`, `else encodeElementFragment(w, ${g}, ${access});`];
        dec = [`const v = r.quirkGrammar(${q}) ? ${fdec}(r) : (decodeElementFragment(r, ${g}) as unknown as ReturnType<typeof ${fdec}>);`];
      } else if (t.kind === 'complex') {
        const fenc = add(codecImports, e.moduleOf(t.name.ns), `enc_${typeName(t)}`);
        const fdec = add(codecImports, e.moduleOf(t.name.ns), `dec_${typeName(t)}`);
        enc = [`${fenc}(w, ${access});`];
        dec = [`const v = ${fdec}(r);`];
      } else {
        if (t.kind === 'integer' && integerRepresentation(t).kind === 'nbit' && isBig(t)) throw new Error('big n-bit integer');
        enc = ['w.bits(1, 0);', encodeValue(t, access, enumRef(e, d)), 'w.bits(1, 0);'];
        dec = [`r.code0(1, 'character data');`, `const v = ${decodeValue(t, `${d.name.ns}:${d.name.local}`, enumRef(e, d))};`, `r.code0(1, 'end of element');`];
      }
      if (firstOfName) encCases.push(`    case ${key}:`, `      w.bits(${width}, ${code});`, `      w.path.enter(${key});`, ...enc.map((l) => '      ' + l), '      w.path.leave();', '      break;');
      decCases.push(`    case ${code}: {`, `      r.path.enter(${key});`, ...dec.map((l) => '      ' + l), '      r.path.leave();', `      doc = { ${d.name.local}: v };`, '      break;', '    }');
    });
    const fragment = e.spec.kind === 'fragment';
    fns.push(
      [
        `export function enc_${e.entry.replace(/-/g, '_')}(w: BitWriter, doc: D.${docType}): void {`,
        '  const key = w.rootKey(doc);',
        '  w.bits(8, 0x80);',
        '  switch (key) {',
        ...encCases,
        '    default:',
        `      w.fail(\`\${key} is not an element declaration of ${e.entry}\`);`,
        '  }',
        ...(fragment ? [`  w.bits(${width}, ${n + 1});`] : []),
        '}',
      ].join('\n'),
      [
        `export function dec_${e.entry.replace(/-/g, '_')}(r: BitReader): D.${docType} {`,
        '  r.header();',
        `  const code = r.bits(${width});`,
        `  let doc: D.${docType};`,
        '  switch (code) {',
        ...decCases,
        `    case ${n}:`,
        `      r.fail('wildcard (SE(*)) root element is not supported', 8);`,
        '    default:',
        `      r.fail(\`event code \${code} is not a ${fragment ? 'fragment' : 'document'} root of ${e.entry}\`, 8);`,
        '  }',
        ...(fragment ? [`  if (r.bits(${width}) !== ${n + 1}) r.fail('expected the end of the fragment (ED)');`] : []),
        '  r.end();',
        '  return doc;',
        '}',
      ].join('\n'),
    );
  }

  const names = entries.map((e) => e.spec.name);
  const types = [
    HEADER,
    ...typeImports.modules().map((m) => `import type * as ${alias(m)} from './${m}.types.js';`),
    '',
    ...typeDecls,
    '',
    `/** The document type of each schema name. */`,
    `export interface Documents {`,
    ...entries.map((e) => `  ${JSON.stringify(e.spec.name)}: ${documentTypeName(e.entry)};`),
    '}',
    '',
    `export type SchemaName = keyof Documents;`,
    '',
  ].join('\n');

  const codec = [
    HEADER,
    `import type { BitReader } from '../bit-reader.js';`,
    `import type { BitWriter } from '../bit-writer.js';`,
    `import type * as D from './documents.types.js';`,
    ...(grammars.length ? [`import { decodeElementFragment, encodeElementFragment, type ElementFragmentGrammar } from '../element-fragment.js';`] : []),
    ...codecImports.modules().map((m) => `import * as ${alias(m)} from './${m}.codec.js';`),
    '',
    ...grammars.map((g) => g + '\n'),
    fns.join('\n\n'),
    '',
    `export const SCHEMA_NAMES: readonly D.SchemaName[] = ${JSON.stringify(names)};`,
    '',
    `/** Entry points per schema name. */`,
    `export const ENTRIES: { readonly [S in D.SchemaName]: { readonly encode: (w: BitWriter, doc: D.Documents[S]) => void; readonly decode: (r: BitReader) => D.Documents[S] } } = {`,
    ...entries.map((e) => `  ${JSON.stringify(e.spec.name)}: { encode: enc_${e.entry.replace(/-/g, '_')}, decode: dec_${e.entry.replace(/-/g, '_')} },`),
    '};',
    '',
  ].join('\n');

  const model = [
    HEADER,
    `import type { SchemaModel, TypeModel } from '../model.js';`,
    ...modules.map((m) => `import { TYPES as ${alias(m)} } from './${m}.model.js';`),
    '',
    `/** Root elements per schema name, in event-code order. */`,
    `export const SCHEMA_MODELS: Readonly<Record<string, SchemaModel>> = {`,
    ...entries.map((e) => {
      const roots = e.roots.map((d) => {
        const value = modelSource(d.type(), (c) => `${e.moduleOf(c.name.ns)}:${typeName(c)}`);
        return `{ key: ${JSON.stringify(d.name.local)}, value: ${value} }`;
      });
      return `  ${JSON.stringify(e.spec.name)}: { name: ${JSON.stringify(e.spec.name)}, kind: '${e.spec.kind}', roots: [${roots.join(', ')}] },`;
    }),
    '};',
    '',
    `/** The type models of every module, by module id (a ValueModel's \`module:TypeName\` names one). */`,
    `export const MODULE_TYPES: Readonly<Record<string, Readonly<Record<string, TypeModel>>>> = {`,
    ...modules.map((m) => `  ${JSON.stringify(m)}: ${alias(m)},`),
    '};',
    '',
  ].join('\n');
  return { codec, types, model };
}
