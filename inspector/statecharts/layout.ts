/**
 * Lays out an exported statechart with ELK's layered algorithm: compound states as boxes holding their children,
 * transitions as routed edges with their labels placed, an initial marker in every compound state. The result is pure
 * geometry (absolute coordinates), drawn by svg.ts here and by the browser inspector later. Text is measured with a
 * fixed monospace advance, so the same machine always gives the same layout, on any machine, with no font installed.
 */
import type { ElkEngine, ElkGraphEdge, ElkGraphNode } from './elk-graph.js';
import { stateLines, transitionLines } from './labels.js';
import type { StatechartExport, StateExport, StateType } from './model.js';

/** The text metrics every consumer of the layout must draw with: monospace, 12 px, 0.6 em advance. */
export const TEXT = { fontSize: 12, charWidth: 7.2, lineHeight: 16 } as const;

/** Lines are wrapped near this many characters, so a long guard or action list makes a taller box rather than a wide one. */
const WRAP = 36;
const PAD = 8;
const INITIAL_SIZE = 10;
const MIN_STATE_WIDTH = 60;

export interface StateBox {
  readonly kind: 'state';
  readonly id: string;
  readonly type: StateType;
  /** The state's name, drawn bold at the top. */
  readonly title: string;
  /** entry / exit / invoke / internal transitions, under the title. */
  readonly lines: readonly string[];
  /** A region of a parallel state: drawn dashed. */
  readonly region: boolean;
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

export interface EdgePath {
  readonly id: string;
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
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
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

/**
 * The ways the layers may run. A session machine's long sequence, with edges from nearly every state to the final
 * states, makes a strip whichever way they run, and which strip is shorter depends on the machine. Top to bottom comes
 * first and keeps a tie.
 */
const DIRECTIONS = ['DOWN', 'RIGHT'] as const;

/**
 * The layout in whichever direction gives the chart the shorter longer side, so it comes nearest to fitting a screen.
 * `elk`: `createElk()` of elk-node.ts in Node; the browser passes the ELK it loaded.
 */
export async function layoutStatechart(chart: StatechartExport, elk: ElkEngine): Promise<StatechartLayout> {
  const layouts = await Promise.all(DIRECTIONS.map((direction) => layoutIn(direction, chart, elk)));
  const longerSide = (layout: StatechartLayout): number => Math.max(layout.width, layout.height);
  return layouts.reduce((best, layout) => (longerSide(layout) < longerSide(best) ? layout : best));
}

async function layoutIn(direction: (typeof DIRECTIONS)[number], chart: StatechartExport, elk: ElkEngine): Promise<StatechartLayout> {
  const places = new Map<string, Place>();
  const edges: ElkGraphEdge[] = [];

  function addEdge(source: string, target: string, lines: readonly string[]): void {
    const id = `e${edges.length}`;
    const labels =
      lines.length === 0 ? [] : [{ id: `${id}.label`, text: lines.join('\n'), width: textWidth(lines) + 4, height: lines.length * TEXT.lineHeight }];
    edges.push({ id, sources: [source], targets: [target], labels });
  }

  function node(state: StateExport, depth: number, region: boolean): ElkGraphNode {
    const title = state.key;
    const lines = stateLines(state, WRAP);
    places.set(state.id, (g) => ({ kind: 'state', id: state.id, type: state.type, title, lines, region, depth, ...g }));
    const headerHeight = (1 + lines.length) * TEXT.lineHeight + PAD;
    const minWidth = Math.max(MIN_STATE_WIDTH, textWidth([title, ...lines]) + 2 * PAD);
    for (const t of state.transitions) {
      for (const target of t.targets) addEdge(state.id, target, transitionLines(t, WRAP));
    }
    if (state.states.length === 0) return { id: state.id, width: minWidth, height: headerHeight + PAD };

    const children: ElkGraphNode[] = [];
    // By key, not by `${id}.${key}`: a child may have an id of its own.
    const initial = state.states.find((child) => child.key === state.initial);
    if (initial !== undefined) {
      const markerId = `${state.id}#initial`;
      places.set(markerId, (g) => ({ kind: 'initial', id: markerId, depth: depth + 1, ...g }));
      children.push({ id: markerId, width: INITIAL_SIZE, height: INITIAL_SIZE });
      addEdge(markerId, initial.id, []);
    }
    for (const child of state.states) children.push(node(child, depth + 1, state.type === 'parallel'));
    return {
      id: state.id,
      children,
      layoutOptions: {
        'elk.padding': `[top=${headerHeight + PAD},left=${PAD * 2},bottom=${PAD * 2},right=${PAD * 2}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth}, ${headerHeight + PAD})`,
      },
    };
  }

  const graph: ElkGraphNode = { id: '#graph', layoutOptions: { ...ROOT_OPTIONS, 'elk.direction': direction }, children: [node(chart.root, 0, false)], edges };
  const laidOut = await elk.layout(graph);

  const boxes: Array<StateBox | InitialMarker> = [];
  (function collect(n: ElkGraphNode): void {
    const place = places.get(n.id);
    if (place !== undefined) boxes.push(place({ x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 }));
    for (const child of n.children ?? []) collect(child);
  })(laidOut);

  return {
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    boxes,
    edges: (laidOut.edges ?? []).map(edgePath),
  };
}

function edgePath(edge: ElkGraphEdge): EdgePath {
  const points: Array<readonly [number, number]> = [];
  for (const s of edge.sections ?? []) {
    points.push([s.startPoint.x, s.startPoint.y], ...(s.bendPoints ?? []).map((p) => [p.x, p.y] as const), [s.endPoint.x, s.endPoint.y]);
  }
  const label = edge.labels?.[0];
  if (label === undefined) return { id: edge.id, points };
  return {
    id: edge.id,
    points,
    label: { lines: label.text.split('\n'), x: label.x ?? 0, y: label.y ?? 0, width: label.width, height: label.height },
  };
}
