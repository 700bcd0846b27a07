/**
 * The vehicle network in the inspector: an actor `evcc/vehicle-network` whose context is the network's view, each
 * supervised message with its latest values and timeout, posted at a bounded pace and at once on a fault.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { inspectVehicleNetwork } from '../../actors/can/vehicle-network-actor.js';
import { createInspector } from '../../actors/runtime/inspection.js';
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { createCanVehicle, type VehicleNetworkView } from '../../adapters/can/can-vehicle.js';
import { createCanVehicleNode } from '../../adapters/can/vehicle-node.js';
import { createBatterySimulator } from '../../adapters/simulators/battery.js';
import { createMemoryCanBus } from '../../transport/can/memory-bus.js';
import { EXAMPLE_NETWORK } from './over-can.js';

test('the inspector shows the network as an actor: latest values, timeouts, then the fault at once', async () => {
  const clock = new SimulatedClock();
  const inspector = createInspector({ clock });
  const events: StatelyInspectionEvent[] = [];
  inspector.events$.subscribe((e) => events.push(e));
  const bus = createMemoryCanBus();
  const battery = createBatterySimulator({ clock, capacityWh: 60_000, initialSoc: 42, maxVoltage: 800, maxCurrent: 200, maxPower: 150_000 });
  const vehicle = createCanVehicle({ map: EXAMPLE_NETWORK, port: bus.port('evcc'), clock });
  const node = createCanVehicleNode({ map: EXAMPLE_NETWORK, port: bus.port('bms'), clock, vehicle: battery });
  const inspection = inspectVehicleNetwork(vehicle, { inspect: inspector.inspect, clock, periodMs: 250 });
  try {
    const views = (): VehicleNetworkView[] => events.flatMap((e) => (e.type === '@xstate.snapshot' && e.snapshot.context ? [e.snapshot.context as unknown as VehicleNetworkView] : []));
    assert.ok(events.some((e) => e.type === '@xstate.actor' && e.name === 'evcc/vehicle-network'));
    clock.increment(250);
    const seen = views().length;
    const bms = views().at(-1)!.received.find((m) => m.name === 'BMS_State')!;
    assert.equal([bms.values.BMS_SoC, bms.timeoutMs, bms.timedOut], [42, 300, false]);
    // Dozens of frames in a second, a few views.
    for (let i = 0; i < 10; i++) clock.increment(100);
    assert.ok(views().length - seen <= 5, `${views().length - seen} views in 1 s`);
    node.stop();
    clock.increment(300);
    const last = views().at(-1)!;
    assert.is(last.faults[0]?.kind, 'timeout');
    assert.ok(last.received.find((m) => m.name === 'BMS_State')!.timedOut);
  } finally {
    inspection.stop();
    vehicle.stop();
    battery.stop();
  }
});

test.run();
