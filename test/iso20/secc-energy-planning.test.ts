/**
 * The -20 SECC's schedule question through the runner over a real V2G channel: asked of the energy manager once the EV
 * sends ScheduleExchangeReq, Ongoing until its plan comes, then the plan offered; without an energy manager the SECC
 * plans from the stage's limits; a session that ends first cancels the question.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BehaviorSubject } from 'rxjs';
import { SimulatedClock } from 'xstate';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { runOnChannel } from '../../actors/session/run-on-channel.js';
import type { PowerModule } from '../../adapters/evse.js';
import type { EnergyPlanning } from '../../adapters/evse/energy-management.js';
import { createEnergyManagerSimulator } from '../../adapters/simulators/energy-manager.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { NO_SESSION_ID, type MessageContext } from '../../machines/iso20/iso20-header.js';
import { iso20SeccMachine } from '../../machines/iso20/secc/iso20-secc.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, within } from '../shared/async.js';
import { ev, EVSE20, seccInput, SESSION_ID, type Step } from './secc-harness.js';

const DC = ev('DC_BPT', 'Scheduled');

function station(energyPlanning?: EnergyPlanning) {
  const [evEnd, seccEnd] = memoryConnectionPair();
  const evChannel = createV2gChannel(evEnd, { protocol: 'iso20-dc' });
  const power: PowerModule = { status$: new BehaviorSubject(EVSE20), command: () => undefined };
  const run = runOnChannel(iso20SeccMachine, { input: seccInput('iso20-dc'), channel: createV2gChannel(seccEnd, { protocol: 'iso20-dc' }), power, energyPlanning });
  const answers: V2gDocument[] = [];
  evChannel.events$.subscribe((e) => e.type === 'channel.received' && answers.push(e.message));
  const ask = async (step: Step, sessionId: Uint8Array = SESSION_ID): Promise<Record<string, unknown>> => {
    const before = answers.length;
    const ctx: MessageContext = { sessionId, nowMs: Date.now() };
    evChannel.send(step(ctx));
    for (let i = 0; i < 50 && answers.length === before; i++) await flushIo();
    assert.ok(answers.length > before, 'an answer');
    return Object.values(answers.at(-1)!.document)[0] as Record<string, unknown>;
  };
  return { evChannel, run, ask };
}

async function toScheduleExchange(s: ReturnType<typeof station>): Promise<void> {
  await s.ask(DC.sessionSetup, NO_SESSION_ID);
  for (const step of [DC.authorizationSetup, DC.authorization, DC.serviceDiscovery, DC.serviceSelection, DC.chargeParameterDiscovery]) {
    assert.is((await s.ask(step)).ResponseCode, 'OK');
  }
}

test('the energy manager plans: Ongoing until its plan, then its tuple with the discharge slot', async () => {
  const clock = new SimulatedClock();
  const manager = createEnergyManagerSimulator({ clock, planAfterMs: 1_000, chargeFirstS: 60, dischargeS: 30 });
  const s = station(manager);
  await toScheduleExchange(s);
  assert.is((await s.ask(DC.scheduleExchange)).EVSEProcessing, 'Ongoing');
  assert.is(manager.questions.length, 1);
  assert.equal([manager.questions[0].control, manager.questions[0].bidirectional, manager.questions[0].maxDischargePower], ['Scheduled', true, 50_000]);
  assert.is((await s.ask(DC.scheduleExchange)).EVSEProcessing, 'Ongoing');
  clock.increment(1_000);
  await flushIo();
  const offered = await s.ask(DC.scheduleExchange);
  assert.is(offered.EVSEProcessing, 'Finished');
  const tuple = (offered.Scheduled_SEResControlMode as { ScheduleTuple: { ChargingSchedule: { PowerSchedule: { PowerScheduleEntries: { PowerScheduleEntry: unknown[] } } }; DischargingSchedule?: unknown }[] }).ScheduleTuple[0];
  assert.is(tuple.ChargingSchedule.PowerSchedule.PowerScheduleEntries.PowerScheduleEntry.length, 3);
  assert.ok(tuple.DischargingSchedule, 'BPT: a discharging schedule');
  assert.is(manager.questions.length, 1, 'asked once');
  s.evChannel.close('test over');
  assert.is((await within(s.run.output, 'secc')).result, 'failed');
  manager.stop();
});

test('no energy manager: the stage\'s limits for a day, at once', async () => {
  const s = station();
  await toScheduleExchange(s);
  assert.is((await s.ask(DC.scheduleExchange)).EVSEProcessing, 'Ongoing');
  await flushIo();
  assert.is((await s.ask(DC.scheduleExchange)).EVSEProcessing, 'Finished');
  s.evChannel.close('test over');
  await within(s.run.output, 'secc');
});

test('a session that ends before the plan cancels the question', async () => {
  const cancelled: unknown[] = [];
  const s = station({ plan: (_q, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(cancelled.push(signal.reason)))) });
  await toScheduleExchange(s);
  await s.ask(DC.scheduleExchange);
  s.evChannel.close('the EV left');
  await within(s.run.output, 'secc');
  assert.is(cancelled.length, 1);
});

test.run();
