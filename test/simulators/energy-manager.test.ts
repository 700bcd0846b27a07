/** The simulated energy manager's grid scenario: charge, discharge for a while, charge to target; Scheduled and Dynamic. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { createEnergyManagerSimulator } from '../../adapters/simulators/energy-manager.js';
import type { ScheduleQuestion } from '../../machines/session/secc/secc-pending.js';

const question = (control: 'Scheduled' | 'Dynamic', bidirectional = true): ScheduleQuestion => ({
  kind: 'schedule',
  control,
  bidirectional,
  evseId: 'DE*KPR*E1*1',
  sessionId: new Uint8Array(8),
  nowS: 1_796_558_400,
  maxEntries: 24,
  departureS: 7_200,
  maxChargePower: 150_000,
  maxDischargePower: 50_000,
});

test('Scheduled BPT: one tuple, charging with a discharge slot, a discharging schedule allowing it, absolute prices', async () => {
  const clock = new SimulatedClock();
  const em = createEnergyManagerSimulator({ clock, chargeFirstS: 60, dischargeS: 30, dischargePower: 11_000, pricing: 'absolute' });
  const plan = await em.plan(question('Scheduled'), new AbortController().signal);
  assert.is(plan.control, 'Scheduled');
  if (plan.control !== 'Scheduled') return;
  const [tuple] = plan.tuples;
  assert.equal(tuple.charging.power.entries.map((e) => [e.durationS, e.power]), [[60, 150_000], [30, -11_000], [86_310, 150_000]]);
  assert.equal(tuple.discharging?.power.entries.map((e) => e.power), [0, -11_000, 0]);
  assert.is(tuple.charging.price?.kind, 'absolute');
  assert.is(em.questions.length, 1);
  em.stop();
});

test('Dynamic: the same steps as targets, the departure echoed, the SoC bounds given; unidirectional pauses instead', async () => {
  const clock = new SimulatedClock();
  const em = createEnergyManagerSimulator({ clock, targetSoc: 80, minimumSoc: 30 });
  const plan = await em.plan(question('Dynamic'), new AbortController().signal);
  assert.equal(plan.control === 'Dynamic' && [plan.targets.map((e) => e.power), plan.departureS, plan.targetSoc, plan.minimumSoc], [[150_000, -11_000, 150_000], 7_200, 80, 30]);
  const one = await em.plan(question('Dynamic', false), new AbortController().signal);
  assert.equal(one.control === 'Dynamic' && one.targets.map((e) => e.power), [150_000, 0, 150_000]);
  em.stop();
});

test('the plan is ready planAfterMs later on the clock; an abort before rejects', async () => {
  const clock = new SimulatedClock();
  const em = createEnergyManagerSimulator({ clock, planAfterMs: 500 });
  let ready = false;
  const planned = em.plan(question('Scheduled'), new AbortController().signal).then(() => (ready = true));
  clock.increment(499);
  await Promise.resolve();
  assert.is(ready, false);
  clock.increment(1);
  await planned;
  assert.is(ready, true);
  const abort = new AbortController();
  const aborted = em.plan(question('Scheduled'), abort.signal);
  abort.abort(new Error('session ended'));
  await aborted.then(
    () => assert.unreachable('resolved'),
    (err: Error) => assert.is(err.message, 'session ended'),
  );
  em.stop();
});

test.run();
