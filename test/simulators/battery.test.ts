/** The simulated battery: SoC follows delivered energy, CC/CV taper, stop at the target SoC, clock-driven ticks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { scaledClock } from '../../base/clock.js';
import { createBatterySimulator, type BatterySimulatorOptions } from '../../adapters/simulators/battery.js';
import { SimulatorOptionError } from '../../adapters/simulators/errors.js';
import type { VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';

const PACK = { capacityWh: 50_000, maxVoltage: 400, maxCurrent: 125, maxPower: 50_000 } as const;

function battery(options: Partial<BatterySimulatorOptions> = {}) {
  const clock = new SimulatedClock();
  return { clock, sim: createBatterySimulator({ clock, initialSoc: 20, ...PACK, ...options }) };
}

/** 400 V × 125 A = 50 kW: 36 s of it is 500 Wh, 1 % of the 50 kWh pack. */
const FIFTY_KW = { type: 'charging', active: true, voltage: 400, current: 125 } as const;

test('SoC rises by the energy delivered while charging is active, and only then', () => {
  const { clock, sim } = battery();
  clock.increment(10_000);
  assert.is(sim.status.soc, 20, 'no charging command: no energy');
  sim.command(FIFTY_KW);
  clock.increment(36_000);
  assert.ok(Math.abs(sim.status.soc - 21) < 1e-9, `soc ${sim.status.soc}`);
  // Target defaults to FullSOC, 100 %: 79 % of 50 kWh still wanted.
  assert.ok(Math.abs(sim.status.energyRequest - 39_500) < 1e-6, `energyRequest ${sim.status.energyRequest}`);
  sim.command({ ...FIFTY_KW, active: false });
  clock.increment(36_000);
  assert.ok(Math.abs(sim.status.soc - 21) < 1e-9, 'inactive: SoC holds');
  sim.stop();
});

test('battery voltage rises with SoC and by I·R while current flows', () => {
  const low = battery({ initialSoc: 10 }).sim;
  const high = battery({ initialSoc: 90 }).sim;
  assert.ok(high.status.batteryVoltage > low.status.batteryVoltage);
  assert.ok(high.status.batteryVoltage <= PACK.maxVoltage);
  const { sim } = battery({ initialSoc: 50, internalResistance: 0.2 });
  const resting = sim.status.batteryVoltage;
  sim.command({ type: 'charging', active: true, voltage: 380, current: 100 });
  assert.ok(Math.abs(sim.status.batteryVoltage - resting - 20) < 1e-6, 'OCV + 100 A × 0.2 Ω');
  for (const s of [low, high, sim]) s.stop();
});

test('constant current up to BulkSOC, then the requested current tapers toward FullSOC', () => {
  const at = (soc: number) => {
    const { sim } = battery({ initialSoc: soc, bulkSoc: 80 });
    const { targetCurrent, batteryVoltage } = sim.status;
    sim.stop();
    return { targetCurrent, batteryVoltage };
  };
  const cc = at(50);
  assert.is(cc.targetCurrent, Math.min(PACK.maxCurrent, PACK.maxPower / cc.batteryVoltage));
  assert.is(at(30).targetCurrent, PACK.maxCurrent, 'at low voltage the current limit binds');
  const taper = [82, 88, 94, 99].map((soc) => at(soc).targetCurrent);
  for (let i = 1; i < taper.length; i++) assert.ok(taper[i]! < taper[i - 1]!, `taper falls: ${taper.join(', ')}`);
  assert.ok(taper[0]! < at(80).targetCurrent);
  assert.is(battery().sim.status.targetVoltage, PACK.maxVoltage);
});

test('stopRequested once the target SoC is reached; no more current asked', () => {
  const { clock, sim } = battery({ initialSoc: 79.5, targetSoc: 80 });
  assert.is(sim.status.stopRequested, false);
  assert.ok(sim.status.targetCurrent > 0);
  sim.command(FIFTY_KW);
  clock.increment(17_000);
  assert.is(sim.status.stopRequested, false, '79.5 + 0.47 %');
  clock.increment(2_000);
  assert.is(sim.status.stopRequested, true);
  assert.is(sim.status.targetCurrent, 0);
  assert.is(sim.status.energyRequest, 0);
  sim.stop();
});

test('driver stop and BMS error', () => {
  const { sim } = battery();
  sim.requestStop();
  assert.is(sim.status.stopRequested, true);
  assert.is(sim.status.ready, true);
  const other = battery().sim;
  other.injectError('FAILED_RESSTemperatureInhibit');
  assert.is(other.status.ready, false);
  assert.is(other.status.error, 'FAILED_RESSTemperatureInhibit');
  sim.stop();
  other.stop();
});

test('remaining times at the present rate; departure time counts down', () => {
  const { clock, sim } = battery({ departureTime: 3600, bulkSoc: 80 });
  sim.command(FIFTY_KW);
  // 80 % of 50 kWh at 50 kW = 2880 s to full; 60 % to bulk = 2160 s.
  assert.ok(Math.abs(sim.status.remainingTimeToFullSoc! - 2880) < 1e-6);
  assert.ok(Math.abs(sim.status.remainingTimeToBulkSoc! - 2160) < 1e-6);
  clock.increment(600_000);
  assert.is(sim.status.departureTime, 3000);
  sim.stop();
});

test('status$ gives the latest status first, then one per tick on the clock; stop() completes it', () => {
  const { clock, sim } = battery({ tickMs: 500 });
  clock.increment(1000);
  const seen: VehicleStatus[] = [];
  let completed = false;
  sim.status$.subscribe({ next: (s) => seen.push(s), complete: () => (completed = true) });
  assert.is(seen.length, 1, 'the latest, at once');
  clock.increment(500);
  clock.increment(500);
  clock.increment(500);
  assert.is(seen.length, 4);
  sim.stop();
  clock.increment(5000);
  assert.is(seen.length, 4, 'no ticks after stop');
  assert.ok(completed);
});

test('speed factor: on scaledClock(base, 10), 3.6 s of base time deliver 36 s of energy', () => {
  const base = new SimulatedClock();
  const sim = createBatterySimulator({ clock: scaledClock(base, 10), initialSoc: 20, ...PACK });
  sim.command(FIFTY_KW);
  base.increment(3_600);
  assert.ok(Math.abs(sim.status.soc - 21) < 1e-9, `soc ${sim.status.soc}`);
  sim.stop();
});

test('options out of range are refused, naming the option', () => {
  const clock = new SimulatedClock();
  for (const [option, value] of [['capacityWh', 0], ['initialSoc', 101], ['tickMs', -1], ['bulkSoc', Number.NaN]] as const) {
    try {
      createBatterySimulator({ clock, initialSoc: 20, ...PACK, [option]: value });
      assert.unreachable(`${option}=${value} accepted`);
    } catch (e) {
      assert.instance(e, SimulatorOptionError);
      assert.is((e as SimulatorOptionError).option, option);
      assert.match((e as Error).message, option);
    }
  }
});

/** 400 V × −25 A = 10 kW given back to the grid: 180 s of it is 500 Wh, 1 % of the 50 kWh pack. */
const TEN_KW_BACK = { type: 'charging', active: true, voltage: 400, current: -25 } as const;
const V2X = { dischargeAllowed: true, maxDischargePower: 11_000, maxDischargeCurrent: 30 } as const;

test('discharging: a negative current takes energy from the pack, counted apart from the energy charged', () => {
  const { clock, sim } = battery({ initialSoc: 50, ...V2X });
  sim.command(FIFTY_KW);
  clock.increment(36_000);
  sim.command(TEN_KW_BACK);
  clock.increment(180_000);
  sim.command({ ...TEN_KW_BACK, active: false });
  assert.ok(Math.abs(sim.status.soc - 50) < 1e-9, `soc ${sim.status.soc}`);
  assert.ok(Math.abs(sim.energy.chargedWh - 500) < 1e-6, `charged ${sim.energy.chargedWh}`);
  assert.ok(Math.abs(sim.energy.dischargedWh - 500) < 1e-6, `discharged ${sim.energy.dischargedWh}`);
  assert.ok(sim.status.batteryVoltage < sim.status.targetVoltage);
  assert.equal([sim.status.dischargeAllowed, sim.status.maxDischargePower, sim.status.maxDischargeCurrent, sim.status.minSoc], [true, 11_000, 30, 0]);
  sim.stop();
});

test('discharging stops at the minimum SoC, stays within the discharge limits and needs the V2X permission', () => {
  const floor = battery({ initialSoc: 21, minSoc: 20, ...V2X });
  floor.sim.command(TEN_KW_BACK);
  floor.clock.increment(3_600_000);
  assert.ok(Math.abs(floor.sim.status.soc - 20) < 1e-9, `soc ${floor.sim.status.soc}`);
  assert.ok(Math.abs(floor.sim.energy.dischargedWh - 500) < 1e-6);
  floor.sim.stop();
  const limited = battery({ initialSoc: 50, dischargeAllowed: true, maxDischargePower: 5_000, maxDischargeCurrent: 30 });
  limited.sim.command(TEN_KW_BACK);
  limited.clock.increment(360_000);
  assert.ok(Math.abs(limited.sim.energy.dischargedWh - 500) < 1e-6, `5 kW for 6 min: ${limited.sim.energy.dischargedWh} Wh`);
  limited.sim.stop();
  const refused = battery({ initialSoc: 50 });
  refused.sim.command(TEN_KW_BACK);
  refused.clock.increment(360_000);
  assert.is(refused.sim.status.soc, 50);
  assert.is(refused.sim.energy.dischargedWh, 0);
  assert.is(refused.sim.status.dischargeAllowed, false);
  refused.sim.stop();
});

test.run();
