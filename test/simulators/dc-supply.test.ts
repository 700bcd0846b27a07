/** The simulated DC stage: insulation test duration, PreCharge ramp, limits, meter, load, levers, speed factor. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { scaledClock } from '../../base/clock.js';
import type { EvseStatus } from '../../adapters/evse.js';
import { createBatterySimulator } from '../../adapters/simulators/battery.js';
import { createDcSupplySimulator, type DcSupplySimulatorOptions } from '../../adapters/simulators/dc-supply.js';
import { SimulatorOptionError } from '../../adapters/simulators/errors.js';

const STAGE = { maxVoltage: 500, maxCurrent: 150, maxPower: 50_000, rampVoltsPerSecond: 100, isolationCheckMs: 3000 } as const;

function supply(options: Partial<DcSupplySimulatorOptions> = {}) {
  const clock = new SimulatedClock();
  return { clock, sim: createDcSupplySimulator({ clock, ...STAGE, ...options }) };
}

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

test('the insulation test runs for isolationCheckMs, then reports its result and discharges', () => {
  const { clock, sim } = supply();
  assert.is(sim.status.isolation, 'Invalid');
  sim.command({ type: 'isolationCheck', voltage: 500 });
  assert.is(sim.status.isolationCheckRunning, true);
  clock.increment(2_999);
  assert.is(sim.status.isolationCheckRunning, true);
  assert.is(sim.status.isolation, 'Invalid');
  clock.increment(1);
  assert.is(sim.status.isolationCheckRunning, false);
  assert.is(sim.status.isolation, 'Valid');
  clock.increment(5_000);
  assert.is(sim.status.presentVoltage, 0, 'output discharged after the test');
  sim.stop();
});

test('the insulation test reports the configured result; a stop cancels a running test', () => {
  const { clock, sim } = supply({ isolationResult: 'Fault' });
  sim.command({ type: 'isolationCheck', voltage: 500 });
  clock.increment(3_000);
  assert.is(sim.status.isolation, 'Fault');
  sim.command({ type: 'isolationCheck', voltage: 500 });
  clock.increment(1_000);
  sim.command({ type: 'stop' });
  clock.increment(5_000);
  assert.is(sim.status.isolationCheckRunning, false);
  assert.is(sim.status.isolation, 'Invalid', 'the stopped test reports nothing');
  sim.stop();
});

test('PreCharge: the voltage ramps at rampVoltsPerSecond; ready when the setpoint is reached', () => {
  const { clock, sim } = supply();
  sim.command({ type: 'precharge', voltage: 400, current: 2 });
  clock.increment(1_000);
  close(sim.status.presentVoltage, 100, 'after 1 s');
  assert.is(sim.status.presentCurrent, 2, 'PreCharge current while rising');
  clock.increment(2_900);
  close(sim.status.presentVoltage, 390, 'after 3.9 s');
  assert.is(sim.status.ready, false);
  clock.increment(100);
  assert.is(sim.status.presentVoltage, 400);
  assert.is(sim.status.ready, true);
  assert.is(sim.status.presentCurrent, 0, 'no current once charged');
  sim.stop();
});

test('PreCharge above the stage maximum stops at maxVoltage', () => {
  const { clock, sim } = supply();
  sim.command({ type: 'precharge', voltage: 900, current: 2 });
  clock.increment(10_000);
  assert.is(sim.status.presentVoltage, STAGE.maxVoltage);
  assert.is(sim.status.ready, true);
  sim.stop();
});

function charged(options: Partial<DcSupplySimulatorOptions> = {}) {
  const ctx = supply(options);
  ctx.sim.command({ type: 'precharge', voltage: 400, current: 2 });
  ctx.clock.increment(4_000);
  return ctx;
}

test('delivering: the current follows the setpoint within maxCurrent and maxPower', () => {
  const { sim } = charged();
  sim.command({ type: 'deliver', voltage: 400, current: 80 });
  assert.is(sim.status.presentCurrent, 80);
  sim.command({ type: 'deliver', voltage: 400, current: 200 });
  close(sim.status.presentCurrent, 125, '50 kW / 400 V');
  assert.is(sim.status.ready, true);
  sim.stop();
});

test('the meter integrates voltage × current over clock time', () => {
  const { clock, sim } = charged();
  const before = sim.status.meterWh;
  sim.command({ type: 'deliver', voltage: 400, current: 100 });
  clock.increment(36_000);
  close(sim.status.meterWh - before, 400, '40 kW for 36 s');
  sim.command({ type: 'stop' });
  clock.increment(10_000);
  close(sim.status.meterWh - before, 400, 'nothing after stop');
  sim.stop();
});

test('stop: the output discharges as an RC circuit, below 20 V within a second, and is no longer ready', () => {
  const { clock, sim } = charged();
  const start = sim.status.presentVoltage;
  sim.command({ type: 'stop' });
  assert.is(sim.status.ready, false);
  const seen: number[] = [];
  for (let t = 0; t < 10; t++) {
    clock.increment(100);
    seen.push(sim.status.presentVoltage);
  }
  close(seen[0]!, start * Math.exp(-100 / 250), '100 ms after stop');
  assert.ok(seen.every((v, i) => i === 0 || v < seen[i - 1]! || v === 0), `falling: ${seen.map((v) => v.toFixed(1)).join(' ')}`);
  assert.ok(seen[9]! < 20, `1 s after stop: ${seen[9]} V`);
  clock.increment(3_000);
  assert.is(sim.status.presentVoltage, 0);
  sim.stop();
});

test('WeldingDetection sees the voltage fall: after delivering into a battery, the output falls once stopped', () => {
  const clock = new SimulatedClock();
  const battery = createBatterySimulator({ clock, capacityWh: 77_000, initialSoc: 40, maxVoltage: 756, maxCurrent: 400, maxPower: 240_000 });
  const sim = createDcSupplySimulator({ clock, maxVoltage: 920, maxCurrent: 500, maxPower: 350_000 });
  sim.connectLoad(() => battery.status.batteryVoltage);
  sim.command({ type: 'deliver', voltage: 756, current: 100 });
  clock.increment(1_000);
  const delivering = sim.status.presentVoltage;
  assert.ok(delivering > 600, `an 800-V pack's bus: ${delivering} V`);
  sim.command({ type: 'stop' });
  const readings = [100, 200, 400].map((ms) => {
    clock.increment(ms);
    return sim.status.presentVoltage;
  });
  close(readings[0]!, delivering * Math.exp(-100 / 250), 'from the bus voltage, 100 ms after the stop');
  assert.ok(readings[1]! < readings[0]! && readings[2]! < readings[1]!, readings.join(' '));
  assert.ok(readings[2]! < 60, `0.7 s after the stop: ${readings[2]} V`);
  battery.stop();
  sim.stop();
});

test('a connected battery sets the bus voltage; its SoC rises by what the meter counts', () => {
  const { clock, sim } = charged();
  const battery = createBatterySimulator({ clock, capacityWh: 50_000, initialSoc: 50, maxVoltage: 400, maxCurrent: 125, maxPower: 50_000 });
  sim.connectLoad(() => battery.status.batteryVoltage);
  const meter0 = sim.status.meterWh;
  const soc0 = battery.status.soc;
  sim.command({ type: 'deliver', voltage: 400, current: 100 });
  // The EVCC's loop: each cycle it reports what the EVSE measured to the vehicle, and asks for the BMS's current.
  for (let i = 0; i < 60; i++) {
    const { presentVoltage, presentCurrent } = sim.status;
    battery.command({ type: 'charging', active: true, voltage: presentVoltage, current: presentCurrent });
    clock.increment(1_000);
    sim.command({ type: 'deliver', voltage: battery.status.targetVoltage, current: battery.status.targetCurrent });
  }
  close(sim.status.presentVoltage, battery.status.batteryVoltage, 'bus voltage');
  const metered = sim.status.meterWh - meter0;
  const stored = ((battery.status.soc - soc0) / 100) * 50_000;
  assert.ok(metered > 500, `metered ${metered}`);
  assert.ok(Math.abs(metered - stored) / metered < 0.01, `metered ${metered} Wh, stored ${stored} Wh`);
  battery.stop();
  sim.stop();
});

test('no current into a load already at the target voltage', () => {
  const { sim } = charged();
  sim.connectLoad(() => 400);
  sim.command({ type: 'deliver', voltage: 400, current: 100 });
  assert.is(sim.status.presentCurrent, 0);
  sim.stop();
});

test('levers: requestStop, requestRenegotiation, injectFault (output off, commands ignored)', () => {
  const { clock, sim } = charged();
  sim.requestRenegotiation();
  assert.is(sim.status.notification, 'ReNegotiation');
  sim.requestStop();
  assert.is(sim.status.notification, 'StopCharging');
  sim.command({ type: 'deliver', voltage: 400, current: 100 });
  sim.injectFault('EmergencyShutdown');
  assert.is(sim.status.fault, 'EmergencyShutdown');
  assert.is(sim.status.presentCurrent, 0);
  assert.is(sim.status.ready, false);
  sim.command({ type: 'precharge', voltage: 400, current: 2 });
  clock.increment(10_000);
  assert.is(sim.status.presentVoltage, 0, 'a tripped stage stays off');
  sim.stop();
});

test('EIM authorization after authorizeAfterMs; at once by default; Infinity waits for authorize()', () => {
  assert.is(supply().sim.status.authorized, true);
  const { clock, sim } = supply({ authorizeAfterMs: 5_000 });
  clock.increment(4_999);
  assert.is(sim.status.authorized, false);
  clock.increment(1);
  assert.is(sim.status.authorized, true);
  const manual = supply({ authorizeAfterMs: Infinity });
  manual.clock.increment(1e9);
  assert.is(manual.sim.status.authorized, false);
  manual.sim.authorize();
  assert.is(manual.sim.status.authorized, true);
  sim.stop();
  manual.sim.stop();
});

test('status$ replays the latest status, then reports every tick', () => {
  const { clock, sim } = supply({ tickMs: 250 });
  const seen: EvseStatus[] = [];
  const sub = sim.status$.subscribe((s) => seen.push(s));
  for (let i = 0; i < 4; i++) clock.increment(250);
  assert.is(seen.length, 5);
  // A clock that jumps several periods at once gets one report: the physics integrates the elapsed time anyway.
  clock.increment(1_000);
  assert.is(seen.length, 6);
  sub.unsubscribe();
  sim.stop();
});

test('speed factor: on scaledClock(base, 4) a 4 s PreCharge takes 1 s of base time', () => {
  const base = new SimulatedClock();
  const sim = createDcSupplySimulator({ clock: scaledClock(base, 4), ...STAGE });
  sim.command({ type: 'precharge', voltage: 400, current: 2 });
  base.increment(999);
  assert.is(sim.status.ready, false);
  base.increment(1);
  assert.is(sim.status.ready, true);
  sim.stop();
});

test('options out of range are refused, naming the option', () => {
  const clock = new SimulatedClock();
  assert.throws(() => createDcSupplySimulator({ clock, ...STAGE, rampVoltsPerSecond: 0 }), (e: unknown) => e instanceof SimulatorOptionError && e.option === 'rampVoltsPerSecond');
  assert.throws(() => createDcSupplySimulator({ clock, ...STAGE, minVoltage: 600 }), (e: unknown) => e instanceof SimulatorOptionError && e.option === 'minVoltage');
});

test.run();
