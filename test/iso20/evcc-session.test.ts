/**
 * ISO 15118-20 EVCC sessions of every service × control mode against the scripted station (./evcc-wiring.ts): the
 * messages in the order -20 sets, each request strictly encodable, the energy counted both ways.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENERGY_SERVICES, isDcService } from '../../machines/iso20/iso20-services.js';
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

test.run();
