/**
 * ISO 15118-20 EVCC sessions of every service × control mode against the scripted station (./evcc-wiring.ts): the
 * messages in the order -20 sets, each request strictly encodable, the energy counted both ways.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENERGY_SERVICES, isDcService } from '../../machines/iso20/iso20-services.js';
import { createBatterySimulator, type BatterySimulator } from '../../adapters/simulators/battery.js';
import { outcomeText, vehicleReads, wire } from './evcc-wiring.js';

const requests = (log: readonly string[]) => log.filter((l) => l.startsWith('EVCC ')).map((l) => l.slice(5));

test('DC Scheduled EIM: SessionSetup to SessionStop(Terminate) in -20 order', () => {
  const w = wire('DC', 'Scheduled');
  w.advance(2_000);
  vehicleReads(w);
  w.runToEnd();
  assert.is(outcomeText(w), 'stopped');
  const sent = requests(w.log);
  const loop = sent.indexOf('DC_ChargeLoopReq');
  assert.equal(sent.slice(0, loop), [
    'SessionSetupReq', 'AuthorizationSetupReq', 'AuthorizationReq', 'ServiceDiscoveryReq', 'ServiceDetailReq', 'ServiceSelectionReq',
    'DC_ChargeParameterDiscoveryReq', 'ScheduleExchangeReq', 'DC_CableCheckReq', 'DC_PreChargeReq', 'PowerDeliveryReq(Start)',
  ]);
  assert.equal(sent.slice(-3), ['PowerDeliveryReq(Stop)', 'DC_WeldingDetectionReq', 'SessionStopReq(Terminate)']);
  const output = w.outcome()!;
  // 2 s at 100 A into a 380 V battery, give or take a loop.
  assert.ok(output.energyWh > 15 && output.energyWh < 25, `${output.energyWh} Wh`);
  assert.is(output.energyDischargedWh, 0);
});

for (const service of ENERGY_SERVICES) {
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    test(`${service} × ${mode}: a whole session ends stopped with energy charged`, () => {
      const w = wire(service, mode);
      w.advance(2_000);
      vehicleReads(w);
      w.runToEnd();
      assert.is(outcomeText(w), 'stopped', w.log.join('\n'));
      const sent = requests(w.log);
      assert.is(sent.includes('DC_CableCheckReq'), isDcService(service));
      assert.ok(w.outcome()!.energyWh > 0, `${w.outcome()!.energyWh} Wh`);
    });
  }
}

test("DC_BPT Dynamic with the battery simulator: charged, discharged on the station's command, charged to the target", () => {
  let battery: BatterySimulator | undefined;
  const w = wire('DC_BPT', 'Dynamic', {
    // The station charges for 20 loops, then draws 25 A from the battery for 20, then charges again.
    secc: { dcCurrent: (n) => (n > 20 && n <= 40 ? -25 : 100) },
    vehicle: (clock) =>
      (battery = createBatterySimulator({
        clock, capacityWh: 60_000, initialSoc: 50, targetSoc: 50.1, maxVoltage: 450, maxCurrent: 200, maxPower: 80_000, tickMs: 100,
        dischargeAllowed: true, maxDischargePower: 11_000, maxDischargeCurrent: 30, minSoc: 20,
      })),
  });
  w.runToEnd();
  battery!.stop();
  assert.is(outcomeText(w), 'stopped', w.log.slice(-6).join('\n'));
  const { energyWh, energyDischargedWh } = w.outcome()!;
  const { chargedWh, dischargedWh } = battery!.energy;
  assert.ok(dischargedWh > 3 && chargedWh > 60, `battery: ${chargedWh} Wh in, ${dischargedWh} Wh out`);
  assert.ok(battery!.status.soc >= 50.1, `SoC ${battery!.status.soc}`);
  // The EVCC counts what the battery took and gave, to a loop's worth.
  assert.ok(Math.abs(energyWh - chargedWh) < 2 && Math.abs(energyDischargedWh - dischargedWh) < 1, `EVCC ${energyWh} / ${energyDischargedWh} Wh`);
});

test.run();
