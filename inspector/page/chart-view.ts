/**
 * The statechart of the selected actor, as the server drew it (the docs/statecharts/ layout, inspector/server/charts.ts):
 * active states highlighted through the SVG's `data-state` groups, a click on a state selects it.
 */
/// <reference lib="dom" />
import type { DrawnChart } from '../server/charts.js';
import type { StatechartExport } from '../statecharts/model.js';

export class ChartView {
  private readonly charts = new Map<string, Promise<DrawnChart | undefined>>();
  private shown: string | undefined;
  private chart: StatechartExport | undefined;
  private groups = new Map<string, SVGGElement>();
  private highlighted: readonly string[] = [];
  private zoom = 1;

  constructor(
    private readonly container: HTMLElement,
    private readonly onStateClick: (stateId: string) => void,
    /** Called once a chart is in place, so the page can highlight it. */
    private readonly onShown: () => void,
  ) {}

  /** The chart on screen, once loaded. */
  get current(): StatechartExport | undefined {
    return this.chart;
  }

  show(machineId: string | undefined): void {
    if (machineId === this.shown) return;
    this.shown = machineId;
    this.chart = undefined;
    this.groups.clear();
    this.highlighted = [];
    if (machineId === undefined) {
      this.container.textContent = 'Select an actor to see its statechart.';
      return;
    }
    this.container.textContent = `Loading the statechart of ${machineId}…`;
    void this.load(machineId).then((drawn) => {
      if (this.shown !== machineId) return;
      if (drawn === undefined) {
        this.container.textContent = `No statechart for ${machineId}.`;
        return;
      }
      this.container.innerHTML = drawn.svg;
      this.chart = drawn.chart;
      this.applyZoom();
      for (const g of this.container.querySelectorAll<SVGGElement>('g[data-state]')) {
        const id = g.dataset.state!;
        this.groups.set(id, g);
        g.addEventListener('click', (event) => {
          event.stopPropagation();
          this.onStateClick(id);
        });
      }
      this.onShown();
    });
  }

  /** `factor`: multiplies the zoom; undefined fits the whole chart into the panel. */
  zoomBy(factor: number | undefined): void {
    const svg = this.container.querySelector('svg');
    if (svg === null) return;
    const width = Number(svg.getAttribute('viewBox')?.split(' ')[2] ?? 0);
    this.zoom = factor === undefined ? Math.min(1, (this.container.clientWidth - 16) / width) : Math.min(4, Math.max(0.05, this.zoom * factor));
    this.applyZoom();
  }

  private applyZoom(): void {
    const svg = this.container.querySelector('svg');
    const [, , width, height] = (svg?.getAttribute('viewBox') ?? '').split(' ').map(Number);
    if (svg === null || width === undefined || height === undefined) return;
    svg.setAttribute('width', String(width * this.zoom));
    svg.setAttribute('height', String(height * this.zoom));
  }

  /** Scrolls the diagram so the state is in view, when it is not. */
  private reveal(g: SVGGElement): void {
    const box = g.getBoundingClientRect();
    const view = this.container.getBoundingClientRect();
    if (box.top >= view.top && box.bottom <= view.bottom && box.left >= view.left && box.right <= view.right) return;
    this.container.scrollTop += box.top - view.top - (view.height - box.height) / 2;
    this.container.scrollLeft += box.left - view.left - (view.width - box.width) / 2;
  }

  private load(machineId: string): Promise<DrawnChart | undefined> {
    let chart = this.charts.get(machineId);
    if (chart === undefined) {
      chart = fetch(`charts/${encodeURIComponent(machineId)}.json`).then((r) => (r.ok ? (r.json() as Promise<DrawnChart>) : undefined), () => undefined);
      this.charts.set(machineId, chart);
    }
    return chart;
  }

  /** `active`: outermost first, as active-states.ts lists them; the deepest ones are drawn strongest and kept in view. */
  highlight(active: readonly string[], selected: string | undefined): void {
    if (active.join('\n') !== this.highlighted.join('\n')) {
      for (const id of this.highlighted) this.groups.get(id)?.classList.remove('active', 'active-leaf');
      const leaves = active.filter((id) => !active.some((other) => other.startsWith(`${id}.`)));
      for (const id of active) this.groups.get(id)?.classList.add('active');
      for (const id of leaves) this.groups.get(id)?.classList.add('active-leaf');
      this.highlighted = active;
      const leaf = leaves[0] === undefined ? undefined : this.groups.get(leaves[0]);
      if (leaf !== undefined) this.reveal(leaf);
    }
    for (const [id, g] of this.groups) g.classList.toggle('selected', id === selected);
  }
}
