/** The actor tree panel: every actor with its state at the cursor; a click selects the actor for the other panels. */
/// <reference lib="dom" />
import { actorTree, type TreeNode } from './model/actor-tree.js';
import { stateLabel } from './model/active-states.js';
import type { InspectionStore } from './model/store.js';
import { h } from './dom.js';

export class TreeView {
  private drawnVersion = -1;
  private readonly stateCells = new Map<string, HTMLElement>();
  private readonly items = new Map<string, HTMLElement>();

  constructor(
    private readonly container: HTMLElement,
    private readonly store: InspectionStore,
    private readonly onSelect: (sessionId: string) => void,
  ) {}

  update(at: number, selected: string | undefined): void {
    if (this.drawnVersion !== this.store.actorsVersion) this.rebuild();
    for (const [sessionId, cell] of this.stateCells) {
      const snapshot = this.store.snapshotAt(sessionId, at);
      const label = snapshot === undefined ? '' : snapshot.status === 'active' || snapshot.status === undefined ? stateLabel(snapshot.value) : `${stateLabel(snapshot.value)} (${snapshot.status})`;
      if (cell.textContent !== label) cell.textContent = label;
    }
    for (const [sessionId, item] of this.items) item.classList.toggle('selected', sessionId === selected);
  }

  private rebuild(): void {
    this.drawnVersion = this.store.actorsVersion;
    this.stateCells.clear();
    this.items.clear();
    this.container.replaceChildren(this.list(actorTree(this.store.actors.values())));
  }

  private list(nodes: readonly TreeNode[]): HTMLElement {
    return h('ul', {}, ...nodes.map((node) => this.item(node)));
  }

  private item(node: TreeNode): HTMLElement {
    const row = h('div', { class: 'tree-row' }, h('span', { class: 'tree-label', text: node.label }));
    const actor = node.actor;
    if (actor !== undefined) {
      const state = h('span', { class: 'tree-state' });
      row.append(state);
      row.classList.add(`kind-${actor.kind}`);
      row.dataset.actor = actor.name;
      row.title = `${actor.name} (${actor.sessionId})`;
      row.addEventListener('click', () => this.onSelect(actor.sessionId));
      this.stateCells.set(actor.sessionId, state);
      this.items.set(actor.sessionId, row);
    }
    const li = h('li', {}, row);
    if (node.children.length > 0) li.append(this.list(node.children));
    return li;
  }
}
