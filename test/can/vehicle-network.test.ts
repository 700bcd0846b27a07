/**
 * The vehicle adapter over a mapped network, on the in-process bus and XState's SimulatedClock: the status the
 * BMS/VCU/EMS frames of the example matrix say, the commands going out cyclically and at once, and each fault
 * (a message that stops, a value outside its range, a frame shorter than the DBC, a wrong mapping) with its reason.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { createCanVehicle, VehicleNetworkError, type CanVehicle } from '../../adapters/can/can-vehicle.js';
import { MappingError, parseMapping } from '../../adapters/can/mapping.js';
import { createCanVehicleNode } from '../../adapters/can/vehicle-node.js';
import { createBatterySimulator, type BatterySimulator } from '../../adapters/simulators/battery.js';
import { EXAMPLE_DBC, EXAMPLE_MAP } from '../../cli/vehicle-network.js';
import { parseDbc } from '../../codecs/can/dbc.js';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { decodeMessage, encodeMessage } from '../../codecs/can/can-message.js';
import { createMemoryCanBus } from '../../transport/can/memory-bus.js';

const DBC = parseDbc(readFileSync(EXAMPLE_DBC, 'utf8'));
const MAP_TEXT = readFileSync(EXAMPLE_MAP, 'utf8');
const MAP = parseMapping(MAP_TEXT, DBC);
const message = (name: string) => DBC.messages.find((m) => m.name === name)!;

interface Rig {
  readonly clock: SimulatedClock;
  readonly battery: BatterySimulator;
  readonly vehicle: CanVehicle;
  /** Frames the EVCC sent, as the bus carried them. */
  readonly sent: CanFrame[];
  /** A third node that can put any frame on the bus. */
  inject(frame: CanFrame): void;
  silenceBms(): void;
  close(): void;
}

function rig(): Rig {
  const clock = new SimulatedClock();
  const bus = createMemoryCanBus();
  const battery = createBatterySimulator({ clock, capacityWh: 77_000, initialSoc: 30, targetSoc: 80, maxVoltage: 800, maxCurrent: 300, maxPower: 200_000, departureTime: 3_600 });
  const [bmsPort, evccPort, tester] = [bus.port('bms'), bus.port('evcc'), bus.port('tester')];
  const sent: CanFrame[] = [];
  tester.frames$.subscribe((f) => f.id === message('EVCC_Command').id && sent.push(f));
  const vehicle = createCanVehicle({ map: MAP, port: evccPort, clock });
  const node = createCanVehicleNode({ map: MAP, port: bmsPort, clock, vehicle: battery, extras: { v2xPermission: 1, targetSoc: 80 } });
  return {
    clock,
    battery,
    vehicle,
    sent,
    inject: (frame) => tester.send(frame),
    silenceBms: () => node.stop(),
    close() {
      vehicle.stop();
      node.stop();
      battery.stop();
    },
  };
}

/** A rig whose vehicle has heard every supervised message once, closed after `body` whatever happens. */
async function withRig(body: (r: Rig) => Promise<void> | void): Promise<void> {
  const r = rig();
  try {
    await r.vehicle.firstStatus(1_000);
    await body(r);
  } finally {
    r.close();
  }
}

test('the status the frames say is the battery\'s, to the signals\' resolution; extras beside it', () =>
  withRig((r) => {
    const status = r.vehicle.status!;
    const truth = r.battery.status;
    assert.ok(Math.abs(status.soc - truth.soc) <= 0.05, `soc ${status.soc} vs ${truth.soc}`);
    assert.ok(Math.abs(status.batteryVoltage - truth.batteryVoltage) <= 0.05);
    assert.equal([status.maxVoltage, status.maxCurrent, status.maxPower, status.energyCapacity], [800, 300, 200_000, 77_000]);
    assert.ok(Math.abs(status.targetCurrent - truth.targetCurrent) <= 0.05);
    assert.ok(Math.abs(status.energyRequest - truth.energyRequest) <= 5);
    assert.equal([status.fullSoc, status.bulkSoc, status.departureTime, status.ready, status.stopRequested, status.error], [100, 80, 3_600, true, false, undefined]);
    assert.equal(r.vehicle.extras, { v2xPermission: 1, targetSoc: 80, contactorState: 0 });
    assert.equal(r.vehicle.faults, []);
  }),
);

test('a driver\'s stop and a BMS error code reach the status as the simulator says them', () =>
  withRig(async (r) => {
    r.battery.injectError('FAILED_RESSTemperatureInhibit');
    r.clock.increment(100);
    assert.equal([r.vehicle.status!.error, r.vehicle.status!.stopRequested, r.vehicle.status!.ready], ['FAILED_RESSTemperatureInhibit', true, false]);
    assert.equal(r.vehicle.faults, [], 'an error the BMS reports is not a fault of the network');
  }),
);

test('commands: at once on a change and every 100 ms, with a rolling alive counter; the vehicle side gets them back', () =>
  withRig(async (r) => {
    const before = r.sent.length;
    r.vehicle.command({ type: 'contactors', closed: true });
    assert.is(r.sent.length, before + 1, 'sent at once');
    r.vehicle.command({ type: 'controlPilot', state: 'C' });
    r.vehicle.command({ type: 'charging', active: true, voltage: 612.3, current: 150.5 });
    const last = decodeMessage(message('EVCC_Command'), r.sent.at(-1)!.data);
    assert.equal(last, { ...last, EVCC_ContactorRequest: 1, EVCC_ControlPilotState: 1, EVCC_ChargingActive: 1, EVCC_EVSEPresentVoltage: 612.3, EVCC_EVSEPresentCurrent: 150.5, EVCC_Phases: 0 });
    const mark = r.sent.length;
    for (let i = 0; i < 10; i++) r.clock.increment(100);
    assert.is(r.sent.length - mark, 10, 'one frame per cycle');
    const counters = r.sent.slice(-20).map((f) => decodeMessage(message('EVCC_Command'), f.data).EVCC_AliveCounter!);
    for (let i = 1; i < counters.length; i++) assert.is(counters[i], (counters[i - 1]! + 1) % 16);
    // The simulator integrated the energy the command said was flowing.
    assert.ok(r.battery.status.soc > 30, `soc ${r.battery.status.soc}`);
  }),
);

test('a measured value beyond its signal\'s range goes out saturated to the range, with a warning', async () => {
  const clock = new SimulatedClock();
  const bus = createMemoryCanBus();
  const sent: CanFrame[] = [];
  bus.port('tester').frames$.subscribe((f) => sent.push(f));
  const warnings: string[] = [];
  const vehicle = createCanVehicle({ map: MAP, port: bus.port('evcc'), clock, warn: (line) => warnings.push(line) });
  try {
    vehicle.command({ type: 'charging', active: true, voltage: 7_000, current: -0.2 });
    const values = decodeMessage(message('EVCC_Command'), sent.at(-1)!.data);
    assert.equal([values.EVCC_EVSEPresentVoltage, values.EVCC_EVSEPresentCurrent, values.EVCC_ChargingActive], [1_000, 0, 1]);
    assert.match(warnings.join('\n'), 'EVCC_EVSEPresentVoltage = 7000 is outside 0..1000');
    assert.match(warnings.join('\n'), 'EVCC_EVSEPresentCurrent = -0.2 is outside 0..600');
  } finally {
    vehicle.stop();
  }
});

test('the BMS falls silent: after its timeout a fault, not ready, stop requested, EVRESSMalfunction; latched', () =>
  withRig(async (r) => {
    r.silenceBms();
    r.clock.increment(299);
    assert.is(r.vehicle.faults.length, 0);
    r.clock.increment(1);
    assert.equal(r.vehicle.faults.map((f) => [f.kind, f.message]).slice(0, 1), [['timeout', 'BMS_State']]);
    assert.match(r.vehicle.faults[0]!.reason, 'BMS_State not received for 300 ms');
    const status = r.vehicle.status!;
    assert.equal([status.ready, status.stopRequested, status.error], [false, true, 'FAILED_EVRESSMalfunction']);
    assert.ok(r.vehicle.view().received.find((m) => m.name === 'BMS_State')!.timedOut);
  }),
);

test('a port that refuses frames: warned once per outage, not every cycle', () => {
  const clock = new SimulatedClock();
  const warnings: string[] = [];
  let refuse = true;
  const port = { ...createMemoryCanBus().port('evcc'), send: () => { if (refuse) throw new Error('ENOBUFS'); } };
  const vehicle = createCanVehicle({ map: MAP, port, clock, warn: (line) => warnings.push(line) });
  try {
    for (let i = 0; i < 5; i++) clock.increment(100);
    refuse = false;
    clock.increment(100);
    assert.equal(warnings.filter((w) => w.startsWith('EVCC_Command')), ['EVCC_Command not sent: ENOBUFS', 'EVCC_Command sent again']);
  } finally {
    vehicle.stop();
  }
});

test('a stall of our own (a timer firing long past due) is not the BMS\'s silence: the timeout starts over', () =>
  withRig((r) => {
    r.silenceBms();
    // One jump of a second: the timers fire 700 ms late, as after a blocked event loop.
    r.clock.increment(1_000);
    assert.equal(r.vehicle.faults, []);
    r.clock.increment(300);
    assert.is(r.vehicle.faults[0]?.kind, 'timeout');
  }),
);

test('an implausible value (SoC 102.3 %) is a fault naming signal, value and range, not a number', () =>
  withRig(async (r) => {
    const soc = r.vehicle.status!.soc;
    r.inject(encodeMessage(message('BMS_State'), { BMS_SoC: 102.3, BMS_PackVoltage: 700, BMS_PackCurrent: 0, BMS_ErrorCode: 0, BMS_ChargeStopRequest: 0, BMS_AliveCounter: 0 }));
    assert.equal(r.vehicle.faults.map((f) => f.kind), ['implausible']);
    assert.match(r.vehicle.faults[0]!.reason, 'BMS_State.BMS_SoC = 102.3 % is outside 0..100');
    assert.is(r.vehicle.status!.soc, soc, 'the implausible value is not taken');
    assert.equal([r.vehicle.status!.ready, r.vehicle.status!.error], [false, 'FAILED_EVRESSMalfunction']);
  }),
);

test('an unknown error code and a "not available" in a required value are implausible too', async () => {
  await withRig((r) => {
    // Every code of the example's VAL_ table is known.
    r.inject(encodeMessage(message('BMS_State'), { BMS_SoC: 50, BMS_PackVoltage: 700, BMS_PackCurrent: 0, BMS_ErrorCode: 0, BMS_ChargeStopRequest: 0, BMS_AliveCounter: 0 }));
    assert.equal(r.vehicle.faults, []);
  });
  const codes = parseMapping(MAP_TEXT.replace('"error": { "signal": "BMS_State.BMS_ErrorCode" }', '"error": { "signal": "BMS_State.BMS_ErrorCode", "codes": { "NO_ERROR": 0, "FAILED_EVRESSMalfunction": 4 } }'), DBC);
  assert.equal([...codes.error!.codes], [[0, 'NO_ERROR'], [4, 'FAILED_EVRESSMalfunction']]);
  {
    const clock = new SimulatedClock();
    const bus = createMemoryCanBus();
    const vehicle = createCanVehicle({ map: codes, port: bus.port('evcc'), clock });
    bus.port('bms').send(encodeMessage(message('BMS_State'), { BMS_SoC: 50, BMS_PackVoltage: 700, BMS_PackCurrent: 0, BMS_ErrorCode: 2, BMS_ChargeStopRequest: 0, BMS_AliveCounter: 0 }));
    assert.match(vehicle.faults[0]?.reason ?? '', /BMS_ErrorCode = 2 is no error code the mapping knows/);
    vehicle.stop();
  }
  const text = MAP_TEXT.replace('"soc": "BMS_State.BMS_SoC"', '"soc": { "signal": "BMS_State.BMS_SoC", "unavailable": 102.3 }');
  const map = parseMapping(text, DBC);
  const clock = new SimulatedClock();
  const bus = createMemoryCanBus();
  const vehicle = createCanVehicle({ map, port: bus.port('evcc'), clock });
  bus.port('bms').send(encodeMessage(message('BMS_State'), { BMS_SoC: 102.3, BMS_PackVoltage: 700, BMS_PackCurrent: 0, BMS_ErrorCode: 0, BMS_ChargeStopRequest: 0, BMS_AliveCounter: 0 }));
  assert.match(vehicle.faults[0]?.reason ?? '', /BMS_SoC says not available, and soc is required/);
  vehicle.stop();
});

test('a frame shorter than the DBC says (a DBC that does not match the vehicle) is a fault', () =>
  withRig(async (r) => {
    r.inject({ id: message('BMS_ChargeLimits').id, extended: false, fd: false, data: new Uint8Array(4) });
    assert.equal(r.vehicle.faults.map((f) => [f.kind, f.message]), [['frame', 'BMS_ChargeLimits']]);
    assert.match(r.vehicle.faults[0]!.reason, /4 bytes received, the DBC says 8 .*does the DBC match the vehicle/);
  }),
);

test('no vehicle on the bus: firstStatus rejects at the first timeout, naming the message', async () => {
  const clock = new SimulatedClock();
  const vehicle = createCanVehicle({ map: MAP, port: createMemoryCanBus().port('evcc'), clock });
  const first = vehicle.firstStatus(5_000);
  clock.increment(300);
  const err = await first.then(() => undefined, (e: unknown) => e);
  assert.instance(err, VehicleNetworkError);
  assert.match((err as Error).message, /BMS_State not received for 300 ms/);
  vehicle.stop();
});

test('a wrong mapping: a MappingError naming the entry', () => {
  const cases: Array<[string, RegExp]> = [
    [MAP_TEXT.replace('"BMS_State.BMS_SoC"', '"BMS_State.BMS_SOC"'), /status\.soc: message BMS_State has no signal BMS_SOC/],
    [MAP_TEXT.replace('"soc": "BMS_State.BMS_SoC",', ''), /status\.soc: missing/],
    [MAP_TEXT.replace('"soc":', '"stateOfCharge": "x", "soc":'), /status\.stateOfCharge: VehicleStatus has no field stateOfCharge/],
    [MAP_TEXT.replace('"EVCC_AliveCounter": { "counter": true },', ''), /transmit\.EVCC_Command\.signals\.EVCC_AliveCounter: missing/],
    [MAP_TEXT.replace('"charging.current"', '"charging.amps"'), /"charging\.amps" is not a command value/],
    [MAP_TEXT.replace('"onFault": "FAILED_EVRESSMalfunction"', '"onFault": "BROKEN"'), /onFault: one of/],
    [MAP_TEXT.replace('"v2xPermission"', '"v2g"'), /extras\.v2g: unknown value/],
    ['{', /not JSON/],
  ];
  for (const [text, reason] of cases) {
    assert.throws(() => parseMapping(text, DBC, 'm.json'), (e: unknown) => e instanceof MappingError && reason.test(e.message) && e.message.startsWith('m.json: '), String(reason));
  }
  // A DBC without a message the mapping names.
  const dbc = parseDbc(readFileSync(EXAMPLE_DBC, 'utf8').replaceAll('VCU_State', 'VCU_Status'));
  assert.throws(() => parseMapping(MAP_TEXT, dbc), /the DBC has no message VCU_State/);
});

test.run();
