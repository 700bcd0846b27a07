/**
 * The part of ELK's JSON graph format the layout uses, and the one method it calls. Our own types, so the layout does
 * not pull elkjs's typings into the build (they need the DOM's Worker), and so the browser inspector can hand in the
 * ELK it loads itself.
 */
export interface ElkGraphLabel {
  readonly id: string;
  readonly text: string;
  readonly width: number;
  readonly height: number;
  readonly x?: number;
  readonly y?: number;
}

export interface ElkGraphPoint {
  readonly x: number;
  readonly y: number;
}

export interface ElkGraphSection {
  readonly startPoint: ElkGraphPoint;
  readonly endPoint: ElkGraphPoint;
  readonly bendPoints?: readonly ElkGraphPoint[];
}

export interface ElkGraphEdge {
  readonly id: string;
  readonly sources: readonly string[];
  readonly targets: readonly string[];
  readonly labels?: readonly ElkGraphLabel[];
  /** Set by the layout. */
  readonly sections?: readonly ElkGraphSection[];
}

export interface ElkGraphNode {
  readonly id: string;
  readonly layoutOptions?: Readonly<Record<string, string>>;
  readonly children?: readonly ElkGraphNode[];
  /** Where edges attach, when the side matters (a loop's ends, east of its state). */
  readonly ports?: ReadonlyArray<{ readonly id: string; readonly layoutOptions?: Readonly<Record<string, string>> }>;
  readonly edges?: readonly ElkGraphEdge[];
  readonly width?: number;
  readonly height?: number;
  /** Set by the layout. */
  readonly x?: number;
  readonly y?: number;
}

/** An ELK instance (elkjs's `new ELK()`): lays a graph out and resolves with the same graph, positioned. */
export interface ElkEngine {
  layout(graph: ElkGraphNode): Promise<ElkGraphNode>;
}
