/** The simulated DC and AC stages both ways (ISO 15118-20 BPT): discharge within its limits, energy metered per direction, -20's notifications. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { createAcSupplySimulator } from '../../adapters/simulators/ac-supply.js';
import { createDcSupplySimulator } from '../../adapters/simulators/dc-supply.js';
import { SimulatorOptionError } from '../../adapters/simulators/errors.js';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

function dc(discharge?: { maxPower: number; maxCurrent: number }) {
  const clock = new SimulatedClock();
  const sim = createDcSupplySimulator({ clock, maxVoltage: 920, maxCurrent: 500, maxPower: 150_000, ...(discharge ? { discharge } : {}) });
  sim.connectLoad(() => 400);
  return { clock, sim };
}

test('DC: a negative current discharges the battery within the discharge current, metered as returned energy', () => {
  const { clock, sim } = dc({ maxPower: 50_000, maxCurrent: 100 });
  sim.command({ type: 'deliver', voltage: 450, current: -60 });
  assert.is(sim.status.presentCurrent, -60);
  clock.increment(3_600_000 / 4);
  close(sim.status.meterReturnedWh ?? 0, 400 * 60 / 4, 'returned Wh after 15 min at 24 kW');
  assert.is(sim.status.meterWh, 0, 'nothing delivered');
  sim.command({ type: 'deliver', voltage: 450, current: -500 });
  assert.is(sim.status.presentCurrent, -100, 'the discharge current bounds');
  sim.stop();
});

test('DC: the discharge power bounds too; then charging again counts in the other register', () => {
  const { clock, sim } = dc({ maxPower: 20_000, maxCurrent: 100 });
  sim.command({ type: 'deliver', voltage: 450, current: -100 });
  close(sim.status.presentCurrent, -50, '20 kW at 400 V');
  clock.increment(360_000);
  sim.command({ type: 'deliver', voltage: 450, current: 100 });
  clock.increment(360_000);
  close(sim.status.meterReturnedWh ?? 0, 2_000, 'returned');
  close(sim.status.meterWh, 4_000, 'delivered');
  assert.equal(sim.status.discharge, { maxPower: 20_000, maxCurrent: 100, minPower: 0, minCurrent: 0 });
  sim.stop();
});

test('DC: a stage without discharge limits takes nothing back and reports none', () => {
  const { sim } = dc();
  sim.command({ type: 'deliver', voltage: 450, current: -60 });
  assert.is(sim.status.presentCurrent, 0);
  assert.is(sim.status.discharge, undefined);
  assert.is(sim.status.meterReturnedWh, undefined);
  sim.stop();
});

test('AC: a negative current per phase feeds the grid within the discharge power over all phases', () => {
  const clock = new SimulatedClock();
  const sim = createAcSupplySimulator({ clock, maxCurrent: 32, discharge: { maxPower: 11_040, maxCurrent: 32 } });
  sim.command({ type: 'deliver', voltage: 230, current: -32 });
  close(sim.status.presentCurrent, -16, '11.04 kW over 3 × 230 V');
  clock.increment(3_600_000);
  close(sim.status.meterReturnedWh ?? 0, 11_040, 'an hour at 11.04 kW');
  const one = createAcSupplySimulator({ clock, maxCurrent: 32 });
  one.command({ type: 'deliver', voltage: 230, current: -10 });
  assert.is(one.status.presentCurrent, 0, 'without discharge limits');
  sim.stop();
  one.stop();
});

test('discharge limits are checked: a missing or non-positive maximum is refused', () => {
  const clock = new SimulatedClock();
  assert.throws(() => createDcSupplySimulator({ clock, maxVoltage: 500, maxCurrent: 100, maxPower: 50_000, discharge: { maxPower: 0, maxCurrent: 10 } }), (e: unknown) => e instanceof SimulatorOptionError);
  assert.throws(() => createAcSupplySimulator({ clock, maxCurrent: 32, discharge: { maxCurrent: 10 } }), (e: unknown) => e instanceof SimulatorOptionError);
});

test('-20 notifications: notify sets the kind and delay until cleared; the delay is an unsignedShort', () => {
  const { sim } = dc();
  sim.notify('Pause', 30);
  assert.equal(sim.status.sessionNotification, { kind: 'Pause', maxDelayS: 30 });
  sim.clearNotification();
  assert.is(sim.status.sessionNotification, undefined);
  assert.throws(() => sim.notify('Terminate', 70_000), (e: unknown) => e instanceof SimulatorOptionError);
  sim.stop();
});

test.run();
