/**
 * Whole charging sessions whose vehicle is on CAN: the EVCC's adapter and the simulated battery (played as the example
 * matrix's BMS, VCU and EMS) on the in-process bus, against a real station on [::1]. A normal DIN and ISO 15118-2 DC
 * charge, and each network fault mid-charge ending the session the standard's way: EVReady false with the
 * EVErrorCode in the next CurrentDemandReq, then PowerDelivery to stop, WeldingDetection and SessionStop.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../base/clock.js';
import type { EvccResult } from '../../actors/stack/evcc-client.js';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import { createCanVehicle, type CanVehicle } from '../../adapters/can/can-vehicle.js';
import { createCanVehicleNode } from '../../adapters/can/vehicle-node.js';
import { evccSettingsFor, type DemoProtocol } from '../../cli/protocol-choice.js';
import { simulatedBattery } from '../../cli/simulation.js';
import { encodeMessage } from '../../codecs/can/can-message.js';
import { createMemoryCanBus } from '../../transport/can/memory-bus.js';
import { within } from '../shared/async.js';
import { namesOf, physicsClock, startTestStation } from '../stack/harness.js';
import { chargeWith, evStatuses, EXAMPLE, EXAMPLE_NETWORK, faultedFromSomePoint } from './over-can.js';

const MAP = EXAMPLE_NETWORK;
const BMS_STATE = EXAMPLE.messages.find((m) => m.name === 'BMS_State')!;
const BOUND_MS = 6_000;

type Fault = 'none' | 'silent BMS' | 'implausible SoC';

interface CanRun {
  readonly result: EvccResult;
  readonly vehicle: CanVehicle;
  readonly socGained: number;
}

/** One EV over CAN charging at the station; `fault` strikes at the second CurrentDemandRes. */
async function chargeOverCan(sdpPort: number, choice: DemoProtocol, fault: Fault): Promise<CanRun> {
  const { mode } = evccSettingsFor(choice);
  // A window that takes longer than a receive timeout, so a fault strikes while energy still flows.
  const battery = simulatedBattery(physicsClock(), mode, fault === 'none' ? { initialSoc: 50, targetSoc: 52 } : { initialSoc: 20, targetSoc: 90 });
  const initialSoc = battery.status.soc;
  const bus = createMemoryCanBus();
  const [evccPort, bmsPort, tester] = [bus.port('evcc'), bus.port('bms'), bus.port('tester')];
  const vehicle = createCanVehicle({ map: MAP, port: evccPort, clock: systemClock });
  const node = createCanVehicleNode({ map: MAP, port: bmsPort, clock: systemClock, vehicle: battery });
  let loops = 0;
  const strike = (m: LoggedMessage): void => {
    if (m.name !== 'CurrentDemandRes' || ++loops !== 2) return;
    if (fault === 'silent BMS') node.stop();
    if (fault === 'implausible SoC') {
      tester.send(encodeMessage(BMS_STATE, { BMS_SoC: 102.3, BMS_PackVoltage: 400, BMS_PackCurrent: 0, BMS_ErrorCode: 0, BMS_ChargeStopRequest: 0, BMS_AliveCounter: 0 }));
    }
  };
  try {
    await within(vehicle.firstStatus(1_000), 'first status over CAN', 2_000);
    const result = await chargeWith(vehicle, sdpPort, choice, BOUND_MS, strike);
    return { result, vehicle, socGained: battery.status.soc - initialSoc };
  } finally {
    vehicle.stop();
    node.stop();
    battery.stop();
  }
}

for (const choice of ['din', 'iso2-dc'] as const) {
  test(`${choice}: a whole charge with the vehicle on CAN, energy flowing by the frames`, async () => {
    const station = await startTestStation('dc');
    try {
      const run = await chargeOverCan(station.station.sdpPort, choice, 'none');
      assert.is(run.result.outcome.result, 'stopped', run.result.outcome.reason);
      assert.ok(run.socGained >= 1.5, `SoC gained ${run.socGained}`);
      const names = namesOf(run.result.messages);
      for (const name of ['CableCheckReq', 'PreChargeReq', 'PowerDeliveryReq', 'CurrentDemandReq', 'WeldingDetectionReq', 'SessionStopReq']) assert.ok(names.includes(name), name);
      assert.ok(evStatuses(run.result.messages).every((s) => s === 'true NO_ERROR'));
      assert.equal(run.vehicle.faults, []);
    } finally {
      await station.close();
    }
  });

  for (const fault of ['silent BMS', 'implausible SoC'] as const) {
    test(`${choice}: ${fault} mid-charge: EVReady false and FAILED_EVRESSMalfunction, PowerDelivery stop, SessionStop; the fault says why`, async () => {
      const station = await startTestStation('dc');
      try {
        const run = await chargeOverCan(station.station.sdpPort, choice, fault);
        assert.is(run.result.outcome.result, 'stopped', run.result.outcome.reason);
        const statuses = evStatuses(run.result.messages);
        assert.ok(faultedFromSomePoint(statuses, 'FAILED_EVRESSMalfunction'), statuses.join(', '));
        const names = namesOf(run.result.messages);
        const stopAt = names.lastIndexOf('PowerDeliveryReq');
        assert.ok(stopAt > names.lastIndexOf('CurrentDemandReq'), 'PowerDelivery after the last CurrentDemand');
        assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes']);
        assert.ok(run.socGained < 60, 'the charge stopped early');
        const [first] = run.vehicle.faults;
        assert.is(first?.kind, fault === 'silent BMS' ? 'timeout' : 'implausible');
        assert.match(first?.reason ?? '', fault === 'silent BMS' ? /not received for 300 ms/ : /BMS_SoC = 102\.3 % is outside 0\.\.100/);
      } finally {
        await station.close();
      }
    });
  }
}

test.run();
