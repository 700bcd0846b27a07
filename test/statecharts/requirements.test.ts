/**
 * The requirement IDs on the charts are the code's: every ID a machine's source (or a module of machines/ it imports
 * for more than types) cites in brackets, `[V2G2-538]`, is on a state or transition of its chart in
 * machines/statechart-notes.ts, or listed there as deliberately off the chart with why; and the notes cite no ID the
 * code does not.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MACHINES } from '../../machines/registry.js';
import { projectRoot } from '../shared/shared-dir.js';

const MACHINES_DIR = join(projectRoot, 'machines');
/** A requirement ID opening a bracket: `[V2G2-538]`, `[V2G-DC-497]`, `[V2G20-1237]`, `[V2G3-A09-16]`, `[V2G2-460 equivalent]`. */
const CITED = /\[(V2G\d*-(?:[A-Z]+\d*-)?\d+)/g;
/** A relative import that brings in code, not only types. */
const CODE_IMPORT = /^import (?!type )[^;]*? from '(\.[^']+)\.js'/gms;

const source = (file: string): Promise<string> => readFile(file, 'utf8');

/** Each registered machine's source file, from machines/registry.ts's imports. */
async function machineFiles(): Promise<Map<string, string>> {
  const registry = await source(join(MACHINES_DIR, 'registry.ts'));
  const fileOf = new Map([...registry.matchAll(/^import \{ (\w+) \} from '\.\/([^']+)\.js'/gm)].map((m) => [m[1]!, join(MACHINES_DIR, `${m[2]!}.ts`)]));
  return new Map([...registry.matchAll(/\{ name: '([\w-]+)', machine: (\w+) \}/g)].map((m) => [m[1]!, fileOf.get(m[2]!)!]));
}

/** The machine's file and every file of machines/ it imports code from, transitively. */
async function closure(file: string): Promise<string[]> {
  const seen = new Set<string>();
  const pending = [file];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const m of (await source(next)).matchAll(CODE_IMPORT)) {
      const imported = normalize(join(dirname(next), `${m[1]!}.ts`));
      if (!relative(MACHINES_DIR, imported).startsWith('..')) pending.push(imported);
    }
  }
  return [...seen];
}

/** ID → the files of machines/ that cite it. */
async function citedBy(files: readonly string[]): Promise<Map<string, string[]>> {
  const cited = new Map<string, string[]>();
  for (const file of files) {
    for (const m of (await source(file)).matchAll(CITED)) cited.set(m[1]!, [...new Set([...(cited.get(m[1]!) ?? []), relative(MACHINES_DIR, file)])]);
  }
  return cited;
}

test('the ID pattern finds what the code cites, and the closure follows code imports only', async () => {
  const files = await machineFiles();
  assert.is(files.size, MACHINES.length, 'every registered machine has its source file');
  const iso2Secc = await closure(files.get('iso2-secc')!);
  assert.ok(iso2Secc.some((f) => f.endsWith('session/sequence-timeout.ts')));
  assert.ok(!(await closure(files.get('connection')!)).some((f) => f.endsWith('apphand/protocols.ts')), 'connection.ts imports only a type from it');
  const cited = await citedBy(iso2Secc);
  for (const id of ['V2G2-443', 'V2G2-460', 'V2G2-538', 'V2G2-539', 'V2G-813']) assert.ok(cited.has(id), id);
  assert.equal([...(await citedBy(await closure(files.get('slac-evse')!))).keys()].sort(), ['V2G3-A09-16', 'V2G3-A09-51']);
});

test('every ID a machine cites is on its chart or off it with why; the notes cite no ID the code does not', async () => {
  const problems: string[] = [];
  for (const [name, file] of await machineFiles()) {
    const cited = await citedBy(await closure(file));
    const notes = MACHINES.find((m) => m.name === name)!.notes ?? {};
    const onChart = new Set([...Object.values(notes.states ?? {}), ...Object.values(notes.transitions ?? {})].flat());
    const offChart = notes.offChart ?? {};
    for (const [id, where] of cited) {
      if (!onChart.has(id) && offChart[id] === undefined) problems.push(`${name}: ${id} (cited in ${where.join(', ')}) is on no state or transition, nor off the chart with why`);
      if (onChart.has(id) && offChart[id] !== undefined) problems.push(`${name}: ${id} is both on the chart and off it`);
    }
    for (const id of [...onChart, ...Object.keys(offChart)]) if (!cited.has(id)) problems.push(`${name}: the notes name ${id}, which its code does not cite`);
    for (const [id, why] of Object.entries(offChart)) if (why.trim().length < 20) problems.push(`${name}: ${id} off the chart without a reason`);
  }
  assert.equal(problems, []);
});

test.run();
