/** The simulated AC supply: per-phase current limit, meter over all phases, AC_EVSEStatus fields. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { createAcSupplySimulator } from '../../adapters/simulators/ac-supply.js';
import { SimulatorOptionError } from '../../adapters/simulators/errors.js';

test('delivering: nominal voltage on the cable, current per phase limited to maxCurrent', () => {
  const clock = new SimulatedClock();
  const sim = createAcSupplySimulator({ clock, maxCurrent: 16 });
  assert.is(sim.status.presentVoltage, 0);
  assert.is(sim.status.ready, true);
  sim.command({ type: 'deliver', voltage: 230, current: 32 });
  assert.is(sim.status.presentVoltage, 230);
  assert.is(sim.status.presentCurrent, 16);
  assert.is(sim.status.maxPower, 230 * 16 * 3);
  sim.stop();
});

test('the meter counts every phase', () => {
  const clock = new SimulatedClock();
  const sim = createAcSupplySimulator({ clock, maxCurrent: 16, phases: 3 });
  sim.command({ type: 'deliver', voltage: 230, current: 16 });
  clock.increment(360_000);
  assert.ok(Math.abs(sim.status.meterWh - 1104) < 1e-6, `meter ${sim.status.meterWh}`);
  sim.command({ type: 'stop' });
  clock.increment(360_000);
  assert.ok(Math.abs(sim.status.meterWh - 1104) < 1e-6);
  assert.is(sim.status.presentCurrent, 0);
  sim.stop();
});

test('AC fields: nominal voltage, phases, RCD not tripped, no insulation test; DC-only commands change nothing', () => {
  const clock = new SimulatedClock();
  const sim = createAcSupplySimulator({ clock, maxCurrent: 32, phases: 1, nominalVoltage: 240 });
  sim.command({ type: 'precharge', voltage: 400, current: 2 });
  sim.command({ type: 'isolationCheck', voltage: 500 });
  clock.increment(1_000);
  const s = sim.status;
  assert.equal([s.nominalVoltage, s.phases, s.rcd, s.isolation, s.isolationCheckRunning, s.presentVoltage], [240, 1, false, 'No_IMD', false, 0]);
  assert.is(s.minCurrent, 6);
  sim.stop();
});

test('a fault switches the supply off', () => {
  const clock = new SimulatedClock();
  const sim = createAcSupplySimulator({ clock, maxCurrent: 32 });
  sim.command({ type: 'deliver', voltage: 230, current: 10 });
  sim.injectFault('UtilityInterruptEvent');
  assert.equal([sim.status.fault, sim.status.ready, sim.status.presentCurrent], ['UtilityInterruptEvent', false, 0]);
  sim.stop();
});

test('phases other than 1, 2, 3 are refused', () => {
  assert.throws(
    () => createAcSupplySimulator({ clock: new SimulatedClock(), maxCurrent: 32, phases: 4 as 3 }),
    (e: unknown) => e instanceof SimulatorOptionError && e.option === 'phases',
  );
});

test.run();
