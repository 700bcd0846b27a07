/**
 * The inspector's actor tree of a running stack comes from XState's own parent/child events: a station and an EV
 * charge over loopback, and the tree shows station → connection → handshake, session and the connection's lifecycle,
 * and the EV's communication → its layers, each child under the actor XState names as its parent.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { createStackInspector } from '../../inspector/live/stack-inspector.js';
import { actorTree, type TreeNode } from '../../inspector/page/model/actor-tree.js';
import { InspectionStore } from '../../inspector/page/model/store.js';
import { chargeEv, startTestStation } from '../stack/harness.js';

const child = (node: TreeNode | undefined, label: string): TreeNode | undefined => node?.children.find((c) => c.label === label);
const labels = (node: TreeNode | undefined): string[] => (node?.children.map((c) => c.label) ?? []).sort();

test('station → connection → handshake and session; EV → its layers: each under the parent XState reported', async () => {
  const inspector = createStackInspector();
  const events: StatelyInspectionEvent[] = [];
  inspector.events$.subscribe((e) => events.push(e));
  const station = await startTestStation('dc', { inspect: inspector.inspect });
  try {
    const ev = await chargeEv(station.station, 'din', { inspect: inspector.inspect });
    assert.is(ev.result.outcome.result, 'stopped', JSON.stringify(ev.result.outcome));
    await station.sessions[0]!.outcome;
  } finally {
    await station.close();
  }
  const store = new InspectionStore();
  for (const e of events) store.add(JSON.parse(JSON.stringify(e)) as StatelyInspectionEvent);
  const tree = actorTree(store.actors.values());

  const secc = tree.find((n) => n.label === 'secc');
  const session = child(secc, 'session 1');
  assert.ok(session?.actor, `session 1 under secc: ${JSON.stringify(tree.map((n) => n.label))}`);
  assert.is(session.actor.parentId, secc?.actor?.sessionId, 'the connection is the station\'s child in XState');
  // `evse`: the power module its session commands; `backend`: whom it asks for EIM authorization; I/O actors of the stack's inspection.
  assert.equal(labels(session), ['admission', 'apphand', 'backend', 'channel', 'connection', 'din-secc', 'evse']);
  for (const layer of ['apphand', 'admission', 'din-secc', 'connection']) {
    assert.is(child(session, layer)?.actor?.parentId, session.actor.sessionId, `${layer}: a child of the connection in XState`);
  }

  const evcc = tree.find((n) => n.label === 'evcc');
  // `vehicle`: the adapter its session commands, an I/O actor of the stack's inspection.
  assert.equal(labels(evcc), ['apphand', 'channel', 'connection', 'dial', 'din-evcc', 'sdp', 'vehicle']);
  for (const layer of ['sdp', 'dial', 'apphand', 'din-evcc', 'connection']) {
    assert.is(child(evcc, layer)?.actor?.parentId, evcc?.actor?.sessionId, `${layer}: a child of the EV's communication in XState`);
  }
  // The names the page and its message log go by are the children's paths from their roots.
  assert.ok([...store.actors.values()].some((a) => a.name === 'secc/1/din-secc'));
  assert.ok([...store.actors.values()].some((a) => a.name === 'evcc/din-evcc'));
});

test.run();
