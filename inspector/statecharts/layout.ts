/**
 * Lays out an exported statechart with ELK's layered algorithm: compound states as boxes holding their children,
 * transitions as routed edges with their labels placed, an initial marker in every compound state. The exits many
 * states share are legend rows of the root instead of edges (shared-exits.ts), and a final state that many edges
 * reach is drawn again beside each source, so no edge crosses the chart to reach it; the transitions between the same
 * two states are one edge carrying each transition's label; a state's transitions that stay in it (a request answered
 * again) are one loop beside it. The result is pure geometry (absolute coordinates), drawn
 * by svg.ts here and by the browser inspector later. Text is measured with a fixed monospace advance, so the same
 * machine always gives the same layout, on any machine, with no font installed.
 */
import type { ElkEngine, ElkGraphEdge, ElkGraphNode } from './elk-graph.js';
import { actionLabel, headOf, listLines, stateLines, transitionLines, type Wording } from './labels.js';
import type { StatechartExport, StateExport, StateType, TransitionExport } from './model.js';
import { groupExits, guardShape, type ExitGrouping, type SharedExit } from './shared-exits.js';

/** The text metrics every consumer of the layout must draw with: monospace, 12 px, 0.6 em advance. */
export const TEXT = { fontSize: 12, charWidth: 7.2, lineHeight: 16 } as const;

/** Lines are wrapped near this many characters, so a long guard or action list makes a taller box rather than a wide one. */
const WRAP = 36;
/** The legend's rows run across a compound state's whole width, so they may be longer. */
const LEGEND_WRAP = 96;
const PAD = 8;
const INITIAL_SIZE = 10;
const MIN_STATE_WIDTH = 60;
/** Around the whole chart, px. */
const GRAPH_PADDING = 12;
/** A final state with this many edges drawn into it is drawn again beside each source instead. */
const PROXY_FROM = 3;
/** The ports a state's loop leaves and enters it by, suffixed to its id: both on its east side, beside its text. */
const LOOP_OUT = '#loop-out';
const LOOP_IN = '#loop-in';
/** A state with a loop: its ports stay on the side given, far enough apart that the loop reads as an arrow. */
const LOOP_OPTIONS: Readonly<Record<string, string>> = { 'elk.portConstraints': 'FIXED_SIDE', 'elk.spacing.portPort': '10' };

export interface StateBox {
  readonly kind: 'state';
  readonly id: string;
  readonly type: StateType;
  /** The state's name, drawn bold at the top. */
  readonly title: string;
  /** entry / exit / invoke / internal transitions, under the title. */
  readonly lines: readonly string[];
  /** Under the lines: the compound state's legend (timers, exits drawn once), each row with its hover text. */
  readonly legend: readonly LegendRow[];
  /** Hover text: the state's id and the requirements it implements. */
  readonly hint: string;
  /** A region of a parallel state: drawn dashed. */
  readonly region: boolean;
  /**
   * The id of the final state this box stands for: a final state many states go to is drawn again beside each of
   * them, so that no edge crosses the chart to reach it.
   */
  readonly proxyOf?: string;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface InitialMarker {
  readonly kind: 'initial';
  readonly id: string;
  readonly depth: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A legend row: its lines, and what hovering over it tells (the states it stands for, requirement IDs). */
export interface LegendRow {
  readonly lines: readonly string[];
  readonly hint: string;
}

export interface EdgePath {
  readonly id: string;
  /** Hover text: the transition in the code's names and the requirements it implements. */
  readonly hint: string;
  /** The state a loop stays in, when the edge is one: drawn out of its east side and back. */
  readonly loopOf?: string;
  /** Start, bend points, end. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly label?: { readonly lines: readonly string[]; readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

export interface StatechartLayout {
  readonly width: number;
  readonly height: number;
  /** Parents before their children: drawing in this order puts children on top. */
  readonly boxes: ReadonlyArray<StateBox | InitialMarker>;
  readonly edges: readonly EdgePath[];
}

/**
 * The layered algorithm's options that each compound state reads for its own children (with INCLUDE_CHILDREN they
 * are looked up on the parent): how loops are broken into layers; linear segments keep a sequence of states in one
 * straight column, so the standard's sequence reads down the middle and the chart stays narrow.
 */
function placed(candidate: Candidate): Record<string, string> {
  return { 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS', 'elk.layered.cycleBreaking.strategy': candidate.cycleBreaking };
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Keep the order the author wrote states and transitions in: the chart then reads like the machine's source.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.padding': `[top=${GRAPH_PADDING},left=${GRAPH_PADDING},bottom=${GRAPH_PADDING},right=${GRAPH_PADDING}]`,
};

const textWidth = (lines: readonly string[]): number => Math.max(0, ...lines.map((l) => l.length)) * TEXT.charWidth;

interface Geometry {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How to make a node's box once ELK has placed it. */
type Place = (geometry: Geometry) => StateBox | InitialMarker;

/** The width of the screen a reviewer reads a chart on, px: a chart whose layers run down must fit it across. */
export const SCREEN_WIDTH = 1920;

/**
 * The layouts tried, layers running down first, the way a sequence diagram reads. ELK's layered layout is sensitive:
 * one edge more or less can turn which edge of a loop it reverses, and with it the chart's width, so each is tried
 * with both ways of breaking loops: greedy, or depth first from the initial state, which keeps the standard's sequence
 * in order.
 */
const CANDIDATES = [
  { direction: 'DOWN', cycleBreaking: 'GREEDY' },
  { direction: 'DOWN', cycleBreaking: 'DEPTH_FIRST' },
  { direction: 'RIGHT', cycleBreaking: 'GREEDY' },
] as const;

type Candidate = (typeof CANDIDATES)[number];

const area = (layout: StatechartLayout): number => layout.width * layout.height;

/**
 * The smallest layout whose layers run down and that fits SCREEN_WIDTH across, so the standard's sequence reads top
 * to bottom and scrolls one way; else the one with the shorter longer side, nearest to fitting a screen.
 * `elk`: `createElk()` of elk-node.ts in Node; the browser passes the ELK it loaded.
 */
export async function layoutStatechart(chart: StatechartExport, elk: ElkEngine): Promise<StatechartLayout> {
  const layouts = await Promise.all(CANDIDATES.map((candidate) => layoutIn(candidate, chart, elk)));
  const down = layouts.filter((layout, i) => CANDIDATES[i]!.direction === 'DOWN' && layout.width <= SCREEN_WIDTH);
  if (down.length > 0) return down.reduce((best, layout) => (area(layout) < area(best) ? layout : best));
  const longerSide = (layout: StatechartLayout): number => Math.max(layout.width, layout.height);
  return layouts.reduce((best, layout) => (longerSide(layout) < longerSide(best) ? layout : best));
}

async function layoutIn(candidate: Candidate, chart: StatechartExport, elk: ElkEngine): Promise<StatechartLayout> {
  const places = new Map<string, Place>();
  const edges: ElkGraphEdge[] = [];
  const hints = new Map<string, string>();
  /** What a compound state's own text needs across: ELK does not hold a compound node to its minimum size. */
  const minWidths = new Map<string, number>();
  const grouping = groupExits(chart);
  const wording: Wording = { ...(chart.delayValues !== undefined && { delayValues: chart.delayValues }), inWords: true };

  /** Each drawn edge's index in `edges` and label lines, by source and target: transitions between the same two boxes share one edge. */
  const between = new Map<string, { index: number; lines: readonly string[] }>();

  /** The loops' edges (by id): the state each stays in. */
  const loopEdges = new Map<string, string>();

  /** Draws (or adds its label to) the edge from `source` to `target`; returns the edge's id. */
  function addEdge(source: string, target: string, lines: readonly string[], hint: string): string {
    const pair = JSON.stringify([source, target]);
    const drawn = between.get(pair) ?? { index: edges.length, lines: [] };
    const id = `e${drawn.index}`;
    const all = [...drawn.lines, ...lines];
    const labels = all.length === 0 ? [] : [{ id: `${id}.label`, text: all.join('\n'), width: textWidth(all) + 4, height: all.length * TEXT.lineHeight }];
    edges[drawn.index] = { id, sources: [source], targets: [target], labels };
    between.set(pair, { index: drawn.index, lines: all });
    hints.set(id, [...(hints.has(id) ? [hints.get(id)] : []), hint].join('\n'));
    return id;
  }

  const finals = new Map<string, StateExport>();
  const incoming = new Map<string, number>();
  (function count(state: StateExport): void {
    if (state.type === 'final') finals.set(state.id, state);
    state.transitions.forEach((t, i) => {
      if (!grouping.drawnOnce(state.id, i)) for (const target of t.targets) incoming.set(target, (incoming.get(target) ?? 0) + 1);
    });
    state.states.forEach(count);
  })(chart.root);

  /** The final state `target` drawn again among `siblings` (the source's), for the edge from `source`. */
  function proxy(source: string, target: StateExport, depth: number, siblings: ElkGraphNode[]): string {
    const id = `${source}->${target.id}`;
    const title = target.key;
    const hint = `${target.id}: drawn again here, beside a state that goes there`;
    places.set(id, (g) => ({ kind: 'state', id, type: 'final', title, lines: [], legend: [], hint, region: false, depth, proxyOf: target.id, ...g }));
    if (!siblings.some((s) => s.id === id)) siblings.push({ id, width: textWidth([title]) + 2 * PAD + 6, height: TEXT.lineHeight + 2 * PAD });
    return id;
  }

  function node(state: StateExport, depth: number, region: boolean, siblings: ElkGraphNode[]): ElkGraphNode {
    const title = state.key;
    const tags = grouping.tagsOf(state.id);
    // A leaf's transitions that stay in it (a request answered again, a timer rearmed) are a loop out of its east side
    // and back: the standard's sequence runs down the chart, each state's repeats beside it.
    const loops = state.states.length === 0 ? state.transitions.filter((t, i) => !grouping.drawnOnce(state.id, i) && staysIn(state, t)) : [];
    const lines = [...stateLines(state, WRAP, wording, loops), ...(tags.length === 0 ? [] : [`shared exits: ${tags.join(' ')}`])];
    const legend = legendOf(state, chart, grouping, wording);
    const hint = [state.id, ...(state.description === undefined ? [] : [state.description]), ...requirementLines(state.requirements)].join('\n');
    places.set(state.id, (g) => ({ kind: 'state', id: state.id, type: state.type, title, lines, legend, hint, region, depth, ...g }));
    const legendLines = legend.flatMap((row) => row.lines);
    const headerHeight = (1 + lines.length + legendLines.length) * TEXT.lineHeight + PAD;
    const minWidth = Math.max(MIN_STATE_WIDTH, textWidth([title, ...lines, ...legendLines]) + 2 * PAD);
    for (const t of loops) loopEdges.set(addEdge(`${state.id}${LOOP_OUT}`, `${state.id}${LOOP_IN}`, transitionLines(t, WRAP, wording), transitionHint(t)), state.id);
    state.transitions.forEach((t, i) => {
      if (grouping.drawnOnce(state.id, i) || loops.includes(t)) return;
      for (const target of t.targets) {
        const final = finals.get(target);
        const drawnTo = final !== undefined && (incoming.get(target) ?? 0) >= PROXY_FROM ? proxy(state.id, final, depth, siblings) : target;
        addEdge(state.id, drawnTo, transitionLines(t, WRAP, wording), transitionHint(t));
      }
    });
    if (state.states.length === 0) {
      // Final states close the sequence: after every other state, whatever their order in the code.
      if (state.type === 'final') return { id: state.id, width: minWidth, height: headerHeight + PAD, layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } };
      if (loops.length === 0) return { id: state.id, width: minWidth, height: headerHeight + PAD };
      const ports = [LOOP_OUT, LOOP_IN].map((end) => ({ id: `${state.id}${end}`, layoutOptions: { 'elk.port.side': 'EAST' } }));
      return { id: state.id, width: minWidth, height: headerHeight + PAD, ports, layoutOptions: LOOP_OPTIONS };
    }

    minWidths.set(state.id, minWidth);
    const children: ElkGraphNode[] = [];
    // By key, not by `${id}.${key}`: a child may have an id of its own.
    const initial = state.states.find((child) => child.key === state.initial);
    if (initial !== undefined) {
      const markerId = `${state.id}#initial`;
      places.set(markerId, (g) => ({ kind: 'initial', id: markerId, depth: depth + 1, ...g }));
      children.push({ id: markerId, width: INITIAL_SIZE, height: INITIAL_SIZE });
      addEdge(markerId, initial.id, [], `initial state of ${state.id}`);
    }
    const proxies: ElkGraphNode[] = [];
    for (const child of state.states) children.push(node(child, depth + 1, state.type === 'parallel', proxies));
    children.push(...proxies);
    return {
      id: state.id,
      children,
      layoutOptions: {
        'elk.padding': `[top=${headerHeight + PAD},left=${PAD * 2},bottom=${PAD * 2},right=${PAD * 2}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth}, ${headerHeight + PAD})`,
        ...placed(candidate),
        // A compound state's loop (request, wait, request again) reads down from its initial state, the wait under
        // the request and the way back beside them, whichever way the chart's own loops are broken.
        ...(depth > 0 && { 'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST' }),
      },
    };
  }

  const top: ElkGraphNode[] = [];
  top.unshift(node(chart.root, 0, false, top));
  const graph: ElkGraphNode = { id: '#graph', layoutOptions: { ...ROOT_OPTIONS, ...placed(candidate), 'elk.direction': candidate.direction }, children: top, edges };
  const laidOut = await elk.layout(graph);

  const boxes: Array<StateBox | InitialMarker> = [];
  (function collect(n: ElkGraphNode): void {
    const place = places.get(n.id);
    const width = Math.max(n.width ?? 0, minWidths.get(n.id) ?? 0);
    if (place !== undefined) boxes.push(place({ x: n.x ?? 0, y: n.y ?? 0, width, height: n.height ?? 0 }));
    for (const child of n.children ?? []) collect(child);
  })(laidOut);

  return {
    width: Math.max(laidOut.width ?? 0, ...boxes.map((b) => b.x + b.width + GRAPH_PADDING)),
    height: laidOut.height ?? 0,
    boxes,
    edges: (laidOut.edges ?? []).map((edge) => edgePath(edge, hints.get(edge.id) ?? '', loopEdges.get(edge.id))),
  };
}

/** A transition that stays in `state`, or leaves and enters it again. An eventless one would loop forever: none is drawn so. */
function staysIn(state: StateExport, t: TransitionExport): boolean {
  return t.kind !== 'always' && (t.targets.length === 0 || (t.targets.length === 1 && t.targets[0] === state.id));
}

function requirementLines(requirements: readonly string[] | undefined): string[] {
  return requirements === undefined || requirements.length === 0 ? [] : [requirements.map((r) => `[${r}]`).join(' ')];
}

/** A transition in the code's names, with its requirements: what hovering over its edge or legend row tells. */
function transitionHint(t: TransitionExport): string {
  const actions = t.actions.length === 0 ? '' : ` / ${t.actions.map(actionLabel).join(', ')}`;
  return [`${headOf(t)}${actions}`, ...requirementLines(t.requirements)].join('\n');
}

/** `→ failed`, `→ itself`: a legend row's target, by key, as the chart names its states. */
function targetWords(t: TransitionExport, self: boolean): string {
  if (self) return '→ itself';
  return `→ ${t.targets.map((id) => id.slice(id.lastIndexOf('.') + 1)).join(', ')}`;
}

/** One legend row: `prefix trigger [guard] / actions → target`, wrapped at LEGEND_WRAP. */
function legendRow(prefix: string, t: TransitionExport, self: boolean, wording: Wording, hint: string): LegendRow {
  const actions = t.actions.length === 0 ? '' : ` / ${t.actions.map(actionLabel).join(', ')}`;
  const oneLine = `${prefix}${headOf(t, wording)}${actions} ${targetWords(t, self)}`;
  if (oneLine.length <= LEGEND_WRAP) return { lines: [oneLine], hint };
  const lines = transitionLines(t, LEGEND_WRAP - prefix.length, wording);
  const last = lines.length - 1;
  const withTarget = lines.map((line, i) => (i === last ? `${line} ${targetWords(t, self)}` : line));
  return { lines: withTarget.map((line, i) => (i === 0 ? `${prefix}${line}` : `${' '.repeat(prefix.length)}${line}`)), hint };
}

function sharedRow(exit: SharedExit, wording: Wording): LegendRow {
  const who = exit.everyState ? 'every state' : `${exit.states.length} states`;
  const shape = {
    ...exit.transition,
    ...(exit.guards.length > 0 && { guard: sharedGuard(exit.transition.guard ?? '', exit.guards) }),
    ...(exit.events.length > 0 && { event: 'its response' }),
  };
  const hint = [
    `${exit.tag}: ${exit.states.length} states: ${exit.states.map((id) => id.slice(id.indexOf('.') + 1)).join(', ')}`,
    transitionHint({ ...exit.transition, requirements: exit.requirements }),
    ...exit.events.map((e) => `  ${e}`),
    ...exit.guards.map((g) => `  [${g}]`),
  ].join('\n');
  return legendRow(`${exit.tag} ${who}: `, shape, exit.toSelf, wording, hint);
}

/**
 * The guard a shared exit's states check when its parameters differ from state to state: `…` for them, or `its
 * request` where each state checks its own request (`responseRejected(CableCheckReq)` in CableCheck).
 */
function sharedGuard(guard: string, guards: readonly string[]): string {
  const params = guards.flatMap((g) => [...g.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]!));
  return guardShape(guard).replace(/\(…\)/g, params.every((p) => /Req$/.test(p)) ? '(its request)' : '(…)');
}

/**
 * A compound state's legend: the root's timers with the standard's values, its "from any state" exits, and on the root
 * the exits many states share, lettered (shared-exits.ts).
 */
function legendOf(state: StateExport, chart: StatechartExport, grouping: ExitGrouping, wording: Wording): LegendRow[] {
  const rows: LegendRow[] = [];
  if (state.id === chart.root.id) {
    for (const [name, value] of Object.entries(chart.delayValues ?? {})) rows.push({ lines: listLines(`timer ${name}: `, value.split(', '), LEGEND_WRAP), hint: name });
  }
  for (const exit of grouping.anyState) {
    if (exit.state === state.id) rows.push(legendRow('from any state: ', exit.transition, false, wording, transitionHint(exit.transition)));
  }
  if (state.id === chart.root.id) for (const exit of grouping.shared) rows.push(sharedRow(exit, wording));
  return rows;
}

function edgePath(edge: ElkGraphEdge, hint: string, loopOf: string | undefined): EdgePath {
  const loop = loopOf === undefined ? {} : { loopOf };
  const points: Array<readonly [number, number]> = [];
  for (const s of edge.sections ?? []) {
    points.push([s.startPoint.x, s.startPoint.y], ...(s.bendPoints ?? []).map((p) => [p.x, p.y] as const), [s.endPoint.x, s.endPoint.y]);
  }
  const label = edge.labels?.[0];
  if (label === undefined) return { id: edge.id, hint, points, ...loop };
  return {
    id: edge.id,
    hint,
    points,
    ...loop,
    label: { lines: label.text.split('\n'), x: label.x ?? 0, y: label.y ?? 0, width: label.width, height: label.height },
  };
}
