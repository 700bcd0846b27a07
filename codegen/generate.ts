/** The schema compiler as a pure function: schema folder in, generated file names and contents out. */
import { join } from 'node:path';
import { declaredAttributes, documentRoots, fragmentRoots, walk } from './collect.js';
import { emitEntries, type EntrySpec } from './emit-entries.js';
import { emitModule } from './emit-module.js';
import { MODULES, SCHEMAS } from './layout.js';
import { QUIRK_RULES } from './quirks.js';
import { qkey, SchemaSet } from './xsd.js';

export function generate(schemasDir: string): Map<string, string> {
  const moduleOf = (ns: string): string => {
    const m = MODULES.find((spec) => spec.namespaces.includes(ns));
    if (!m) throw new Error(`no module generates namespace ${ns}`);
    return m.id;
  };
  const sets = new Map(MODULES.map((m) => [m.id, new SchemaSet(join(schemasDir, m.root))]));
  const files = new Map<string, string>();
  const generated = new Set<string>();
  for (const spec of MODULES) {
    const set = sets.get(spec.id)!;
    const out = emitModule({ spec, set, moduleOf }, walk(set).types);
    files.set(`${spec.id}.types.ts`, out.types);
    files.set(`${spec.id}.codec.ts`, out.codec);
    files.set(`${spec.id}.model.ts`, out.model);
    for (const g of out.grammars) generated.add(qkey(g.type.name));
  }
  // A rule naming a type the schemas no longer have would otherwise be dropped without a word.
  for (const rule of QUIRK_RULES) {
    for (const t of rule.types) if (!generated.has(qkey(t))) throw new Error(`${rule.quirk}: no generated type ${qkey(t)}`);
  }
  const entries: EntrySpec[] = SCHEMAS.map((spec) => {
    const set = sets.get(spec.module)!;
    const entry = spec.kind === 'document' ? spec.module : `${spec.module}-fragment`;
    if (spec.kind === 'document') return { spec, entry, roots: documentRoots(set), relaxed: new Set(), attributes: [], moduleOf };
    return { spec, entry, ...fragmentRoots(set), attributes: declaredAttributes(set), moduleOf };
  });
  const e = emitEntries(entries, MODULES.map((m) => m.id));
  files.set('documents.types.ts', e.types);
  files.set('entries.codec.ts', e.codec);
  files.set('entries.model.ts', e.model);
  return files;
}
