/**
 * The actor tree the page lists: invoked or spawned actors under their parent, as XState reports them (the station
 * `secc`, its connections `secc/3` read as `session 3`, each one's handshake and session); actors that are no XState
 * child (a channel, a recording of an older stack) placed by the path in their names (`secc/3/channel` under
 * `session 3`), so a station with many sessions reads as a list of sessions. The `timers` actors are not listed: the
 * page shows them beside their machine's statechart.
 */
import type { ActorRecord } from './store.js';

export interface TreeNode {
  /** Unique among all nodes: the name path, or the actor's sessionId for a child actor. */
  readonly key: string;
  readonly label: string;
  readonly actor: ActorRecord | undefined;
  readonly children: TreeNode[];
}

interface MutableNode {
  key: string;
  label: string;
  actor: ActorRecord | undefined;
  children: MutableNode[];
}

/** `secc/3` reads as `session 3`: the station numbers its EVs' connections. */
function segmentLabel(parentPath: string, segment: string): string {
  return parentPath === 'secc' && /^\d+$/.test(segment) ? `session ${segment}` : segment;
}

function compare(a: MutableNode, b: MutableNode): number {
  // Sessions in number order (2 before 10), everything else in the order it appeared.
  const na = /^session (\d+)$/.exec(a.label);
  const nb = /^session (\d+)$/.exec(b.label);
  return na && nb ? Number(na[1]) - Number(nb[1]) : 0;
}

export function actorTree(actors: Iterable<ActorRecord>): TreeNode[] {
  const roots: MutableNode[] = [];
  const byPath = new Map<string, MutableNode>();
  const byActor = new Map<string, MutableNode>();
  const listed = [...actors].filter((a) => a.kind !== 'timers');

  function pathNode(path: string): MutableNode {
    const existing = byPath.get(path);
    if (existing !== undefined) return existing;
    const slash = path.lastIndexOf('/');
    const parentPath = slash < 0 ? '' : path.slice(0, slash);
    const node: MutableNode = { key: path, label: segmentLabel(parentPath, path.slice(slash + 1)), actor: undefined, children: [] };
    (parentPath === '' ? roots : pathNode(parentPath).children).push(node);
    byPath.set(path, node);
    return node;
  }

  for (const actor of listed) {
    const parent = actor.parentId === undefined ? undefined : byActor.get(actor.parentId);
    let node: MutableNode;
    if (parent !== undefined) {
      // XState's child: under its parent; a node its name made for an actor seen before it (the channel of `secc/3`
      // before `secc/3` itself) is its own.
      const waiting = byPath.get(actor.name);
      if (waiting !== undefined && waiting.actor === undefined && parent.children.includes(waiting)) {
        node = waiting;
        node.actor = actor;
      } else {
        const slash = actor.name.lastIndexOf('/');
        node = { key: actor.sessionId, label: segmentLabel(actor.name.slice(0, Math.max(slash, 0)), actor.name.slice(slash + 1)), actor, children: [] };
        parent.children.push(node);
        if (!byPath.has(actor.name)) byPath.set(actor.name, node);
      }
    } else {
      node = pathNode(actor.name);
      // Two root actors of one name (a machine run twice on a connection): the later one gets its own node.
      if (node.actor !== undefined) {
        node = { key: actor.sessionId, label: `${node.label} (${actor.sessionId})`, actor, children: [] };
        pathNode(actor.name).children.push(node);
      } else {
        node.actor = actor;
      }
    }
    byActor.set(actor.sessionId, node);
  }
  const sort = (nodes: MutableNode[]): TreeNode[] => {
    nodes.sort(compare);
    for (const n of nodes) sort(n.children);
    return nodes;
  };
  return sort(roots);
}
