/**
 * What the drawing draws once: an exit several request states take out of their compound states, each on its own
 * response (`CableCheckRes`, `PreChargeRes`), is one legend row; the transitions between the same two states are one
 * edge with every transition's label. The JSON keeps every transition.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setup } from 'xstate';
import { exportStatechart } from '../../inspector/statecharts/export-json.js';
import { statechartFiles } from '../../inspector/statecharts/files.js';
import type { StatechartExport } from '../../inspector/statecharts/model.js';
import { groupExits } from '../../inspector/statecharts/shared-exits.js';

type StepEvent = { type: 'CableCheckRes' } | { type: 'PreChargeRes' } | { type: 'CurrentDemandRes' };

const steps = setup({
  types: { events: {} as StepEvent },
  guards: { evseAsksStop: () => false, evseProcessingFinished: () => false, slow: () => false },
  actions: { noteEvseStop: () => undefined, safeState: () => undefined },
  delays: { loopInterval: 100 },
}).createMachine({
  id: 'steps',
  initial: 'CableCheck',
  states: {
    CableCheck: {
      initial: 'request',
      states: {
        request: {
          on: {
            CableCheckRes: [
              { guard: 'evseAsksStop', target: '#steps.SessionStop', actions: ['noteEvseStop', 'safeState'] },
              { guard: 'evseProcessingFinished', target: '#steps.PreCharge' },
              { guard: 'slow', target: 'wait' },
              { target: 'wait' },
            ],
          },
        },
        wait: { after: { loopInterval: 'request' } },
      },
    },
    PreCharge: {
      initial: 'request',
      states: {
        request: {
          on: {
            PreChargeRes: [
              { guard: 'evseAsksStop', target: '#steps.SessionStop', actions: ['noteEvseStop', 'safeState'] },
              { target: '#steps.CurrentDemand' },
            ],
          },
        },
      },
    },
    CurrentDemand: {
      initial: 'request',
      states: {
        request: {
          on: { CurrentDemandRes: { guard: 'evseAsksStop', target: '#steps.SessionStop', actions: ['noteEvseStop', 'safeState'] } },
        },
      },
    },
    SessionStop: { type: 'final' },
  },
});

test("an exit out of three compound states, each on its own response, is one shared exit: 'its response'", async () => {
  const chart = exportStatechart('steps', steps);
  const { shared, drawnOnce } = groupExits(chart);
  assert.is(shared.length, 1);
  assert.equal(shared[0]!.states, ['steps.CableCheck.request', 'steps.PreCharge.request', 'steps.CurrentDemand.request']);
  assert.equal(shared[0]!.events, ['CableCheckRes', 'PreChargeRes', 'CurrentDemandRes']);
  assert.ok(drawnOnce('steps.PreCharge.request', 0));
  assert.not.ok(drawnOnce('steps.PreCharge.request', 1), 'the way on is still an edge');
  const files = await statechartFiles([{ name: 'steps', machine: steps }]);
  const svg = files.get('steps.svg')!;
  assert.match(svg, '>A 3 states: its response [EVSE asks stop] / noteEvseStop, safeState → SessionStop<');
  assert.match(svg, /<title>A: 3 states: CableCheck.request, PreCharge.request, CurrentDemand.request\n[^<]*\n {2}CableCheckRes\n {2}PreChargeRes\n {2}CurrentDemandRes</);
  assert.match(svg, '>shared exits: A<', 'each state that takes it says so');
  const json = JSON.parse(files.get('steps.json')!) as StatechartExport;
  assert.is(json.root.states[0]!.states[0]!.transitions.length, 4, 'the JSON keeps every transition');
});

test('the transitions between the same two states are drawn as one edge carrying each label', async () => {
  const svg = (await statechartFiles([{ name: 'steps', machine: steps }])).get('steps.svg')!;
  const toWait = svg.split('<g data-edge=').filter((edge) => edge.includes('<title>CableCheckRes [slow]\nCableCheckRes</title>'));
  assert.is(toWait.length, 1);
  assert.match(toWait[0]!, '>CableCheckRes [slow]<');
  assert.match(toWait[0]!, '>CableCheckRes<');
});

test.run();
