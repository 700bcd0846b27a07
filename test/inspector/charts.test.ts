/**
 * The inspector's statecharts come laid out ahead of time: a registered machine is served as docs/statecharts/ has it
 * (exported by `npm run statecharts`, checked fresh by test/statecharts/), with no layout in the serving process,
 * whose CPU the sessions need; only a machine known from its announced definition is laid out on demand.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chartSource, type LayOut } from '../../inspector/server/charts.js';
import type { StatechartExport } from '../../inspector/statecharts/model.js';
import { MACHINES } from '../../machines/registry.js';
import { projectRoot } from '../shared/shared-dir.js';

test('every registered machine is served from its export, none laid out; an announced one is laid out once', async () => {
  const laidOut: string[] = [];
  const layOut: LayOut = (chart: StatechartExport) => {
    laidOut.push(chart.id);
    return Promise.resolve(`<svg data-chart="${chart.id}"/>`);
  };
  const charts = chartSource(layOut);
  for (const { name, machine } of MACHINES) {
    const drawn = await charts.chart(machine.id);
    assert.ok(drawn !== undefined, name);
    assert.is(drawn.chart.name, name);
    assert.is(drawn.svg, await readFile(join(projectRoot, 'docs', 'statecharts', `${name}.svg`), 'utf8'), name);
  }
  assert.equal(laidOut, []);
  charts.learn(JSON.stringify({ id: 'adhoc', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }));
  assert.is((await charts.chart('adhoc'))?.svg, '<svg data-chart="adhoc"/>');
  await charts.chart('adhoc');
  assert.equal(laidOut, ['adhoc']);
  assert.is(await charts.chart('nobody'), undefined);
});

test.run();
