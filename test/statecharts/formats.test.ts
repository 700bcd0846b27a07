/**
 * The SCXML and Mermaid exports: each read back by an independent reader (Qt's SCXML compiler where it is installed,
 * a W3C DOM's XML parser, Mermaid's own parser), and each holding exactly the states and transitions of the JSON
 * export, so the formats a reviewer opens never say less or more than the machine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JSDOM } from 'jsdom';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statechartFiles } from '../../inspector/statecharts/files.js';
import { mermaidIds, mermaidLabel } from '../../inspector/statecharts/mermaid.js';
import type { StatechartExport, StateExport } from '../../inspector/statecharts/model.js';
import { SCXML_NS } from '../../inspector/statecharts/scxml.js';
import { MACHINES } from '../../machines/registry.js';

const files = await statechartFiles(MACHINES);
const charts = MACHINES.map((m) => JSON.parse(files.get(`${m.name}.json`)!) as StatechartExport);
const { window } = new JSDOM('');

function allStates(root: StateExport): StateExport[] {
  return [root, ...root.states.flatMap(allStates)];
}

/** Every transition of a chart as `source | event | guard | targets`, sorted. */
function jsonTransitions(chart: StatechartExport): string[] {
  return allStates(chart.root)
    .flatMap((s) => s.transitions.map((t) => `${s.id} | ${t.event} | ${t.guard ?? ''} | ${t.targets.join(' ')}`))
    .sort();
}

test('every machine exports SCXML that an XML parser reads with exactly the JSON\'s states and transitions', () => {
  for (const chart of charts) {
    const doc = new window.DOMParser().parseFromString(files.get(`${chart.name}.scxml`)!, 'application/xml');
    assert.is(doc.getElementsByTagName('parsererror').length, 0, `${chart.name}.scxml is well-formed`);
    assert.is(doc.documentElement.namespaceURI, SCXML_NS);
    const elements = [...doc.getElementsByTagNameNS(SCXML_NS, '*')];
    const kinds: Record<string, string> = { state: 'state', parallel: 'parallel', final: 'final', history: 'history' };
    const states = elements.filter((e) => kinds[e.localName] !== undefined).map((e) => `${e.getAttribute('id')} ${e.localName}`).sort();
    const expectedStates = allStates(chart.root)
      .map((s) => `${s.id} ${s.type === 'atomic' || s.type === 'compound' ? 'state' : s.type}`)
      .sort();
    assert.equal(states, expectedStates, `${chart.name}: states`);
    const transitions = elements
      .filter((e) => e.localName === 'transition')
      .map((e) => {
        const cond = e.getAttribute('cond');
        const guard = cond === null ? '' : (JSON.parse(/^guard\((.*)\)$/.exec(cond)![1]!) as string);
        return `${e.parentElement!.getAttribute('id')} | ${e.getAttribute('event') ?? ''} | ${guard} | ${e.getAttribute('target') ?? ''}`;
      })
      .sort();
    assert.equal(transitions, jsonTransitions(chart), `${chart.name}: transitions`);
  }
});

const QSCXMLC = ['/usr/lib/qt6/libexec/qscxmlc', '/usr/lib/qt5/bin/qscxmlc'].find((p) => existsSync(p));

test("Qt's SCXML compiler (qscxmlc) accepts every export and refuses a broken one", async () => {
  if (QSCXMLC === undefined) {
    console.log('NOTICE: qscxmlc is absent (apt-get install libqt6scxml6-bin): the SCXML exports were not compiled by Qt');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'kopher-scxml-'));
  const run = promisify(execFile);
  try {
    for (const chart of charts) {
      const file = join(dir, `${chart.name}.scxml`);
      await writeFile(file, files.get(`${chart.name}.scxml`)!);
      await run(QSCXMLC, ['-o', join(dir, chart.name), file], { timeout: 30_000 });
    }
    const broken = join(dir, 'broken.scxml');
    await writeFile(broken, files.get(`${charts[0]!.name}.scxml`)!.replace(/target="([^"]*)"/, 'target="$1-nowhere"'));
    const refused = await run(QSCXMLC, ['-o', join(dir, 'broken'), broken], { timeout: 30_000 }).then(
      () => false,
      () => true,
    );
    assert.ok(refused, 'a transition to an unknown state is refused');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** A statement of Mermaid's parsed state diagram (its `db.rootDoc`), read structurally. */
interface MermaidStatement {
  readonly stmt: string;
  readonly id?: string;
  readonly type?: string;
  readonly description?: string;
  readonly doc?: readonly MermaidStatement[];
  readonly state1?: { readonly id: string; readonly start?: boolean };
  readonly state2?: { readonly id: string; readonly end?: boolean };
}

/**
 * Mermaid sanitises labels with DOMPurify, which needs a window even to parse: a DOM's, given to it for the parse only,
 * so no later test file in this process finds a `window` it did not expect.
 */
async function withMermaid<T>(use: (mermaid: typeof import('mermaid').default) => Promise<T>): Promise<T> {
  Object.assign(globalThis, { window, document: window.document });
  try {
    return await use((await import('mermaid')).default);
  } finally {
    Reflect.deleteProperty(globalThis, 'window');
    Reflect.deleteProperty(globalThis, 'document');
  }
}

test("every machine's Mermaid page parses with Mermaid's own parser, with exactly the JSON's states and transitions", () =>
  withMermaid(async (mermaid) => {
    for (const chart of charts) {
      const page = files.get(`${chart.name}.md`)!;
      const text = /```mermaid\n([\s\S]*?)```/.exec(page)?.[1];
      assert.ok(text, `${chart.name}.md has a mermaid block`);
      assert.equal(await mermaid.parse(text), { diagramType: 'stateDiagram', config: {} });
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      const states: string[] = [];
      const relations: string[] = [];
      (function walk(doc: readonly MermaidStatement[]): void {
        for (const s of doc) {
          if (s.stmt === 'state' && s.type !== 'divider' && s.description !== undefined && s.description !== '') states.push(`${s.id} ${s.description}`);
          if (s.stmt === 'relation' && s.state1?.start !== true) relations.push(`${s.state1!.id} -> ${s.state2!.id} : ${s.description ?? ''}`);
          if (s.doc !== undefined) walk(s.doc);
        }
      })((diagram.db as unknown as { rootDoc: MermaidStatement[] }).rootDoc);
      const ids = mermaidIds(chart);
      const all = allStates(chart.root);
      assert.equal(states.sort(), all.map((s) => `${ids.get(s.id)} ${s.type === 'history' ? `${s.key} (H)` : s.key}`).sort(), `${chart.name}: states`);
      const expected = all.flatMap((s) =>
        s.transitions.flatMap((t) => (t.targets.length === 0 ? [s.id] : t.targets).map((target) => `${ids.get(s.id)} -> ${ids.get(target)} : ${mermaidLabel(t)}`)),
      );
      assert.equal(relations.sort(), expected.sort(), `${chart.name}: transitions`);
    }
  }),
);

test.run();
