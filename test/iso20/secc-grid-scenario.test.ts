/**
 * The demo's grid scenario through the -20 SECC with the simulators: a DC_BPT session, its EV scripted, on the
 * simulated DC stage (bidirectional) into a 400 V battery, planned by the simulated energy manager: charge, then give
 * energy back for a while, then charge again. Dynamic: the SECC steers the stage both ways itself; Scheduled: the EV's
 * targets follow the tuple and the SECC holds them to it. The stage's meter counts each direction.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { createDcSupplySimulator } from '../../adapters/simulators/dc-supply.js';
import { createEnergyManagerSimulator } from '../../adapters/simulators/energy-manager.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { dcChargeLoopReq } from '../../machines/iso20/iso20-dc-messages.js';
import { NO_SESSION_ID } from '../../machines/iso20/iso20-header.js';
import type { ControlMode } from '../../machines/iso20/iso20-services.js';
import { iso20SeccMachine } from '../../machines/iso20/secc/iso20-secc.js';
import { ev, label, overTheWire, seccInput, sessionPath, SESSION_ID, START_MS } from './secc-harness.js';

/** Seconds of each step of the plan: charge, discharge, charge. */
const CHARGE_FIRST_S = 10;
const DISCHARGE_S = 10;

function scenario() {
  const clock = new SimulatedClock();
  clock.set(START_MS);
  const stage = createDcSupplySimulator({ clock, maxVoltage: 920, maxCurrent: 500, maxPower: 150_000, isolationCheckMs: 300, discharge: { maxPower: 50_000, maxCurrent: 100 } });
  stage.connectLoad(() => 400);
  const manager = createEnergyManagerSimulator({ clock, chargeFirstS: CHARGE_FIRST_S, dischargeS: DISCHARGE_S, dischargePower: 11_000 });
  const actor = createActor(iso20SeccMachine, { clock, input: seccInput('iso20-dc') });
  const sent: string[] = [];
  actor.on('channel.send', ({ message }) => sent.push(label(overTheWire(message))));
  actor.on('evse.command', ({ command }) => stage.command(command));
  actor.on('backend.ask', ({ question }) => {
    if (question.kind === 'schedule') void manager.plan(question, new AbortController().signal).then((plan) => actor.send({ type: 'backend.reply', reply: { kind: 'schedule', plan } }));
  });
  actor.start();
  const send = (message: V2gDocument) => actor.send({ type: 'channel.received', message: overTheWire(message) as never, evse: stage.status, time: clock.now() });
  return { clock, stage, actor, sent, send };
}

async function run(mode: ControlMode): Promise<ReturnType<typeof scenario>> {
  const s = scenario();
  /** SessionSetup to PowerDelivery(Start): the first 13 requests of a DC session. */
  const beforeLoop = sessionPath('DC_BPT', mode).slice(0, 13);
  // Up to PowerDelivery(Start), 400 ms apart (the insulation test takes 300); the plan arrives between the two ScheduleExchangeReqs.
  for (const [i, step] of beforeLoop.entries()) {
    s.clock.increment(400);
    await Promise.resolve();
    s.send(step({ sessionId: i === 0 ? NO_SESSION_ID : SESSION_ID, nowMs: s.clock.now() }));
  }
  // The loop for 30 s, a request every 250 ms: in Scheduled control the EV asks what the tuple allows now.
  const r = ev('DC_BPT', mode);
  for (let t = 0; t < 30_000; t += 250) {
    s.clock.increment(250);
    const elapsedS = (s.clock.now() - START_MS) / 1000;
    const inSlot = elapsedS >= CHARGE_FIRST_S + 4 && elapsedS < CHARGE_FIRST_S + DISCHARGE_S;
    s.send(
      mode === 'Scheduled'
        ? dcChargeLoopReq({ sessionId: SESSION_ID, nowMs: s.clock.now() }, { meterInfoRequested: true, presentVoltage: 400, control: { mode, bpt: true, quantities: { TargetCurrent: inSlot ? -25 : 100, TargetVoltage: 450 } } })
        : r.chargeLoop({ sessionId: SESSION_ID, nowMs: s.clock.now() }),
    );
  }
  for (const step of [r.powerDelivery('Stop'), r.weldingDetection, r.sessionStop('Terminate')]) {
    s.clock.increment(250);
    s.send(step({ sessionId: SESSION_ID, nowMs: s.clock.now() }));
  }
  return s;
}

for (const mode of ['Dynamic', 'Scheduled'] as const) {
  test(`DC_BPT ${mode}: charge, discharge for the slot, charge again; the meter counts both ways; every response OK`, async () => {
    const s = await run(mode);
    assert.ok(s.sent.every((l) => /:OK/.test(l)), s.sent.filter((l) => !/:OK/.test(l)).join(', '));
    assert.is(s.actor.getSnapshot().output?.result, 'stopped');
    const { meterWh, meterReturnedWh = 0 } = s.stage.status;
    assert.ok(meterWh > 100, `charged ${meterWh} Wh`);
    assert.ok(meterReturnedWh > 10, `returned ${meterReturnedWh} Wh`);
    // Dynamic: 11 kW for up to the slot's 10 s is at most ~31 Wh; Scheduled: the EV asked 25 A × 400 V in the slot.
    assert.ok(meterReturnedWh <= 11_000 * DISCHARGE_S / 3600 + 1, `returned ${meterReturnedWh} Wh`);
    s.stage.stop();
  });
}

test.run();
