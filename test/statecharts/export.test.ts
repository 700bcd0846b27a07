/**
 * The statechart export: what the JSON says about a machine (named delays, guards, actions), that the output is
 * byte-identical run to run, and that docs/statecharts/ is what the exporter produces now for machines/registry.ts.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, emit, not, setup } from 'xstate';
import { runStatecharts } from '../../cli/statecharts.js';
import { exportStatechart } from '../../inspector/statecharts/export-json.js';
import { statechartFiles, StatechartSourceError } from '../../inspector/statecharts/files.js';
import { transitionLines } from '../../inspector/statecharts/labels.js';
import { SCREEN_WIDTH, TEXT } from '../../inspector/statecharts/layout.js';
import type { StatechartExport, StateExport, TransitionExport } from '../../inspector/statecharts/model.js';
import { ChartNotesError, withNotes } from '../../inspector/statecharts/notes.js';
import { MACHINES } from '../../machines/registry.js';
import { projectRoot } from '../shared/shared-dir.js';

const small = setup({
  types: { context: {} as { tries: number }, events: {} as { type: 'Res'; ok: boolean } | { type: 'Stop' } },
  guards: { isOk: ({ event }) => event.type === 'Res' && event.ok, mayRetry: ({ context }) => context.tries < 3 },
  actions: { sendReq: () => undefined, report: (_, params: { reason: string }) => void params },
  delays: { V2G_EVCC_Msg_Timeout: 2_000 },
  actors: {},
}).createMachine({
  id: 'small',
  context: { tries: 0 },
  initial: 'waiting',
  states: {
    waiting: {
      entry: ['sendReq', assign({ tries: ({ context }) => context.tries + 1 })],
      on: {
        Res: [{ guard: 'isOk', target: 'done' }, { guard: not('mayRetry'), target: 'failed' }],
        Stop: { actions: emit({ type: 'channel.close' }) },
      },
      after: { V2G_EVCC_Msg_Timeout: [{ guard: 'mayRetry', target: 'waiting', reenter: true }, { target: 'failed', actions: { type: 'report', params: { reason: 'timeout' } } }], 500: { actions: 'sendReq' } },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

const chart = exportStatechart('small', small);
const state = (key: string): StateExport => chart.root.states.find((s) => s.key === key)!;
const after = (s: StateExport): TransitionExport[] => s.transitions.filter((t) => t.kind === 'after');

test('states: nested in definition order, initial and final named', () => {
  assert.is(chart.id, 'small');
  assert.is(chart.root.initial, 'waiting');
  assert.equal(chart.root.states.map((s) => [s.key, s.type, s.id]), [
    ['waiting', 'atomic', 'small.waiting'],
    ['done', 'final', 'small.done'],
    ['failed', 'final', 'small.failed'],
  ]);
});

test('delayed transitions carry their delay NAME (or their ms), listed once per machine', () => {
  assert.equal(chart.delays, ['V2G_EVCC_Msg_Timeout']);
  const delayed = after(state('waiting'));
  assert.equal(delayed.map((t) => [t.delay, t.guard, t.targets, t.reenter]), [
    [500, undefined, [], false],
    ['V2G_EVCC_Msg_Timeout', 'mayRetry', ['small.waiting'], true],
    ['V2G_EVCC_Msg_Timeout', undefined, ['small.failed'], false],
  ]);
});

test('guards by name, higher-order guards spelled out; actions by name with static params', () => {
  const res = state('waiting').transitions.filter((t) => t.event === 'Res');
  assert.equal(res.map((t) => t.guard), ['isOk', 'not(mayRetry)']);
  const timeout = after(state('waiting')).find((t) => t.targets[0] === 'small.failed')!;
  assert.equal(timeout.actions, [{ type: 'report', params: { reason: 'timeout' } }]);
  const stop = state('waiting').transitions.find((t) => t.event === 'Stop')!;
  assert.equal(stop.actions, [{ type: 'xstate.emit', params: { event: 'channel.close' } }]);
  assert.equal(stop.targets, []);
});

test("entry lists the author's actions, not the raise/cancel XState adds to implement `after`", () => {
  assert.equal(state('waiting').entry, [{ type: 'sendReq' }, { type: 'xstate.assign' }]);
  assert.equal(state('waiting').exit, []);
});

test('the SVG shows named delays, guards, an initial marker and final states with a double border', async () => {
  const files = await statechartFiles([{ name: 'small', machine: small }]);
  assert.equal([...files.keys()], ['small.json', 'small.svg', 'small.scxml', 'small.md', 'index.html']);
  const svg = files.get('small.svg')!;
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, '>after V2G_EVCC_Msg_Timeout<');
  assert.match(svg, '>[may retry]<', 'a guard, in words, that does not fit beside its trigger goes under it');
  const loop = /<g data-edge="e\d+" data-loop-of="small.waiting">[^]*?<\/g>/.exec(svg)?.[0] ?? '';
  assert.match(loop, /<title>[^<]*after 500 ms \/ sendReq[^<]*<\/title>/, 'a transition that stays in its state is a loop beside it');
  assert.match(loop, '>after 500 ms<');
  assert.match(loop, '>after V2G_EVCC_Msg_Timeout<', 'as is one that leaves and enters it again');
  assert.not.match(svg, '>after 500 ms / sendReq<', 'and no longer a line in its box');
  assert.match(svg, '>Res [not may retry]<');
  assert.match(svg, '>/ report<');
  assert.match(svg, '<circle ', 'initial marker');
  const finals = svg.split('\n').filter((l) => l.includes('rx="6" fill="none"')).length;
  assert.is(finals, 2, 'done and failed drawn with an inner border');
  assert.match(files.get('index.html')!, '<a href="small.svg">small</a>');
});

test('a long guard is wrapped at its commas under its trigger, so no label line runs far past the wrap width', () => {
  const transition: TransitionExport = {
    kind: 'event',
    event: 'channel.received',
    guard: 'and(request(PowerDeliveryReq), chargeProgress(progress: Start, mode: dc))',
    targets: ['iso2-secc.WaitForCurrentDemand'],
    actions: [{ type: 'answer' }, { type: 'pushBackSequenceTimeout' }],
    reenter: false,
  };
  assert.equal(transitionLines(transition, 36), [
    'channel.received',
    '[and(request(PowerDeliveryReq),',
    ' chargeProgress(progress: Start,',
    ' mode: dc))]',
    '/ answer, pushBackSequenceTimeout',
  ]);
  assert.equal(transitionLines({ ...transition, guard: 'request(CurrentDemandReq)' }, 48)[0], 'channel.received [request(CurrentDemandReq)]');
});

/** The export of machines/registry.ts, made once for the tests that read it. */
let exported: Promise<Map<string, string>> | undefined;
const registered = (): Promise<Map<string, string>> => (exported ??= statechartFiles(MACHINES));

/** iso2-secc.svg before the shared exits were drawn once: 7947.2 x 3484.7 px. */
const ISO2_SECC_BEFORE = 7947.2 * 3484.7;

test('every chart is at most a quarter of the old ISO-2 SECC chart, the session charts fit 1920 px across, no text under 11 px', async () => {
  assert.ok(TEXT.fontSize >= 11);
  for (const [file, content] of await registered()) {
    if (!file.endsWith('.svg')) continue;
    const [width, height] = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(content)!.slice(1).map(Number) as [number, number];
    const size = `${file}: ${width} x ${height} px`;
    assert.ok(width * height <= ISO2_SECC_BEFORE / 4, size);
    if (/^(din|iso2)-/.test(file)) assert.ok(width <= SCREEN_WIDTH, size);
    const sizes = [...content.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(sizes.length > 0 && sizes.every((px) => px >= 11), `${file}: font sizes ${sizes.join(', ')}`);
  }
});

test('the shared exits are drawn once: a legend row each, the JSON keeps every transition; requirements show on hover', async () => {
  const files = await registered();
  const chart = JSON.parse(files.get('iso2-secc.json')!) as StatechartExport;
  const svg = files.get('iso2-secc.svg')!;
  const timeouts = chart.root.states.filter((s) => s.transitions.some((t) => t.delay === 'V2G_SECC_Sequence_Timeout' && t.guard === undefined));
  // AwaitingBackend is no waiting state: the EV waits there for a deferred answer, bounded by V2G_SECC_Msg_Performance_Time.
  const waiting = chart.root.states.filter((s) => s.type !== 'final' && !s.id.endsWith('.AwaitingBackend'));
  assert.is(timeouts.length, waiting.length, 'every waiting state keeps its timeout in the JSON');
  assert.ok(timeouts.every((s) => s.transitions.find((t) => t.delay === 'V2G_SECC_Sequence_Timeout')!.requirements?.includes('V2G2-443')));
  assert.equal(chart.delayValues, { V2G_SECC_Sequence_Timeout: '60 s' });
  assert.match(svg, `>A ${waiting.length} states: after V2G_SECC_Sequence_Timeout 60 s / noteSequenceTimeout → failed<`);
  assert.match(svg, new RegExp(`<title>A: ${waiting.length} states: [^<]*\\nafter V2G_SECC_Sequence_Timeout \\/ noteSequenceTimeout\\n\\[V2G2-443\\]`));
  assert.not.match(svg, '>after V2G_SECC_Sequence_Timeout 60 s<', 'no timeout edge is drawn');
  const edges = svg.split('<g data-edge=').length - 1;
  const transitions = (function count(s: StateExport): number {
    return s.transitions.reduce((n, t) => n + t.targets.length, 0) + s.states.reduce((n, c) => n + count(c), 0);
  })(chart.root);
  assert.ok(edges < transitions / 2, `${edges} edges drawn for ${transitions} transitions with a target`);
});

test("the session's repeats are loops beside their state: CurrentDemandReq answered in CurrentDemand's own state, out of its east side and back", async () => {
  const files = await registered();
  for (const [file, loops] of [
    ['iso2-secc.svg', ['WaitForChargeParameterDiscovery', 'WaitForCableCheck', 'WaitForPreChargeOrPowerDelivery', 'WaitForChargingStatusOrPowerDelivery', 'WaitForCurrentDemandOrPowerDelivery']],
    ['din-secc.svg', ['WaitForCableCheck', 'WaitForPreChargePowerDelivery', 'WaitForCurrentDemandPowerDelivery']],
  ] as const) {
    const svg = files.get(file)!;
    const machine = file.slice(0, -'.svg'.length);
    for (const state of loops) {
      const edge = new RegExp(`<g data-edge="e\\d+" data-loop-of="${machine}.${state}">[^]*?</g>`).exec(svg)?.[0];
      assert.ok(edge !== undefined, `${file}: ${state} has a loop`);
      const [start, end] = [...edge.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const).filter((_, i, all) => i === 0 || i === all.length - 1);
      const box = new RegExp(`<g data-state="${machine}.${state}">\n<title>[^<]*</title>\n<rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`).exec(svg)!.slice(1).map(Number) as [number, number, number, number];
      const right = box[0] + box[2];
      for (const [x, y] of [start!, end!]) assert.ok(Math.abs(x - right) < 1 && y > box[1] && y < box[1] + box[3], `${file}: ${state}'s loop leaves and enters its east side`);
    }
  }
  assert.not.match(files.get('iso2-secc.svg')!, /preserve">CurrentDemandReq \/ answer, pushBackSequenceTimeout</, 'the repeat is not a line in the box');
});

/** A state's box in an exported SVG: x, y, width, height. */
function boxOf(svg: string, id: string): [number, number, number, number] {
  const match = new RegExp(`<g data-state="${id.replace(/\./g, '\\.')}">\n<title>[^<]*</title>\n<rect x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`).exec(svg);
  assert.ok(match !== null, `${id} is drawn`);
  return match.slice(1).map(Number) as [number, number, number, number];
}

test("the standard's sequence reads top to bottom in each session chart, and a compound state's loop down from its request", async () => {
  const files = await registered();
  const spines: Record<string, readonly string[]> = {
    'din-secc': ['WaitForSessionSetup', 'WaitForServiceDiscovery', 'WaitForServicePaymentSelection', 'WaitForContractAuthentication', 'WaitForChargeParameterDiscovery', 'WaitForCableCheck', 'WaitForPreCharge', 'WaitForPreChargePowerDelivery', 'WaitForCurrentDemand', 'WaitForCurrentDemandPowerDelivery', 'WaitForWeldingDetectionSessionStop'],
    'iso2-secc': ['WaitForSessionSetup', 'WaitForServiceDiscovery', 'WaitForServiceDetailOrPaymentServiceSelection', 'WaitForAuthorization', 'WaitForChargeParameterDiscovery', 'WaitForCableCheck', 'WaitForPreCharge', 'WaitForPreChargeOrPowerDelivery', 'WaitForCurrentDemand', 'WaitForCurrentDemandOrPowerDelivery', 'WaitForWeldingDetectionOrSessionStop'],
    'din-evcc': ['SessionSetup', 'ServiceDiscovery', 'ServicePaymentSelection', 'ContractAuthentication', 'ChargeParameterDiscovery', 'CableCheck', 'PreCharge', 'PowerDeliveryStart', 'CurrentDemand', 'PowerDeliveryStop', 'WeldingDetection', 'SessionStop'],
    'iso2-evcc': ['SessionSetup', 'ServiceDiscovery', 'PaymentServiceSelection', 'Authorization', 'ChargeParameterDiscovery', 'CableCheck', 'PreCharge', 'PowerDeliveryStart', 'CurrentDemand', 'PowerDeliveryStop', 'WeldingDetection', 'SessionStop'],
  };
  for (const [machine, spine] of Object.entries(spines)) {
    const svg = files.get(`${machine}.svg`)!;
    const tops = spine.map((state) => boxOf(svg, `${machine}.${state}`)[1]);
    tops.slice(1).forEach((y, i) => assert.ok(y > tops[i]!, `${machine}: ${spine[i + 1]} (y ${y}) is under ${spine[i]} (y ${tops[i]})`));
  }
  const iso2Evcc = files.get('iso2-evcc.svg')!;
  for (const loop of ['Authorization', 'ChargeParameterDiscovery', 'CableCheck', 'PreCharge', 'WeldingDetection']) {
    assert.ok(boxOf(iso2Evcc, `iso2-evcc.${loop}.Pause`)[1] > boxOf(iso2Evcc, `iso2-evcc.${loop}.Request`)[1], `iso2-evcc: ${loop}'s wait is under its request`);
  }
});

test('notes put requirement IDs on states and transitions (`*`: every state with it) and timer values in; a stale note is refused', async () => {
  const noted = withNotes(chart, {
    delays: { V2G_EVCC_Msg_Timeout: '2 s', V2G_SECC_Sequence_Timeout: '60 s' },
    states: { 'small.failed': ['V2G2-1'] },
    transitions: { 'small.waiting: Res [isOk]': ['V2G2-2'], '*: after V2G_EVCC_Msg_Timeout': ['V2G2-3'] },
  });
  assert.equal(noted.delayValues, { V2G_EVCC_Msg_Timeout: '2 s' }, 'only the delays the machine has');
  const waiting = noted.root.states[0]!;
  assert.equal(noted.root.states[2]!.requirements, ['V2G2-1']);
  assert.equal(waiting.transitions.map((t) => t.requirements ?? []), [['V2G2-2'], [], [], [], [], ['V2G2-3']]);
  const files = await statechartFiles([{ name: 'small', machine: small, notes: { delays: { V2G_EVCC_Msg_Timeout: '2 s' }, transitions: { 'small.waiting: Res [isOk]': ['V2G2-2'] } } }]);
  assert.match(files.get('small.svg')!, '>after V2G_EVCC_Msg_Timeout 2 s<');
  assert.match(files.get('small.svg')!, /<title>Res \[isOk\]\n\[V2G2-2\]<\/title>/);
  assert.match(files.get('small.scxml')!, '<send id="timer-2" event="xstate.after.V2G_EVCC_Msg_Timeout.small.waiting" delay="2s"');
  assert.match(files.get('small.scxml')!, 'cond="guard(&quot;isOk&quot;)" target="small.done" kopher:requirements="V2G2-2"');
  assert.match(files.get('small.md')!, 'small__waiting --> small__done : Res [isOk]');
  assert.throws(() => withNotes(chart, { transitions: { 'small.waiting: Gone': ['V2G2-4'] } }), (e: unknown) => e instanceof ChartNotesError && /small.waiting: Gone/.test(e.message));
});

test('same machines, byte-identical files', async () => {
  const a = await registered();
  const b = await statechartFiles(MACHINES);
  assert.equal([...a.entries()], [...b.entries()]);
});

test('names that are not file-name safe, or used twice, are refused', async () => {
  for (const sources of [[{ name: '../x', machine: small }], [{ name: 'a', machine: small }, { name: 'a', machine: small }]]) {
    try {
      await statechartFiles(sources);
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, StatechartSourceError);
    }
  }
});

test('docs/statecharts/ is what the exporter produces for machines/registry.ts now', async () => {
  const dir = join(projectRoot, 'docs', 'statecharts');
  const expected = await registered();
  const present = new Set(await readdir(dir).catch(() => []));
  const problems: string[] = [];
  for (const [name, content] of expected) {
    if (!present.has(name)) problems.push(`docs/statecharts/${name} is missing`);
    else if ((await readFile(join(dir, name), 'utf8')) !== content) problems.push(`docs/statecharts/${name} is stale`);
  }
  for (const name of present) if (!expected.has(name)) problems.push(`docs/statecharts/${name} is no longer produced: delete it`);
  assert.ok(problems.length === 0, `${problems.join('; ')}. Regenerate with: npm run statecharts`);
});

/** Runs the CLI with stdout and stderr captured instead of printed. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((captured.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((captured.stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await runStatecharts(argv), ...captured };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

test('the CLI writes every file to --out', async () => {
  const out = await mkdtemp(join(tmpdir(), 'kopher-statecharts-'));
  try {
    const { code, stdout } = await cli(['--out', out]);
    assert.is(code, 0);
    const expected = await registered();
    assert.match(stdout, `${expected.size} files written to ${out}`);
    assert.equal((await readdir(out)).sort(), [...expected.keys()].sort());
    assert.is(await readFile(join(out, 'index.html'), 'utf8'), expected.get('index.html'));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('the CLI refuses an unknown option with the usage text and exit code 2', async () => {
  const { code, stderr } = await cli(['--bogus']);
  assert.is(code, 2);
  assert.match(stderr, "Unknown option '--bogus'");
  assert.match(stderr, 'Usage:');
});

test.run();
