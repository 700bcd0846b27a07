/**
 * An EVSE of parts that report apart: a meter of its own and the site's energy management beside the power stage,
 * combined into the one snapshot the SECC reads with each request. The allowance lowers what the SECC offers and
 * grants; the meter's reading replaces the stage's own count.
 */
import { BehaviorSubject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSeccStation } from '../../actors/stack/secc-station.js';
import type { PowerCommand } from '../../adapters/evse.js';
import { composedEvse, composedStatus } from '../../adapters/evse/composed-evse.js';
import type { EnergyAllowance } from '../../adapters/evse/energy-management.js';
import type { MeterReading } from '../../machines/session/secc/evse-snapshot.js';
import { seccSettingsFor } from '../../cli/protocol-choice.js';
import { simulatedSupply, type SimulatedSupply } from '../../cli/simulation.js';
import { EVSE } from '../iso2/wiring.js';
import { chargeEv, physicsClock } from '../stack/harness.js';

test('the snapshot: the meter\'s reading replaces the stage\'s count; the allowance lowers the limits, never raises them', () => {
  const stage = { ...EVSE, maxPower: 50_000, maxCurrent: 125, meterWh: 10 };
  assert.equal(composedStatus(stage, undefined, undefined), stage);
  assert.is(composedStatus(stage, { meterWh: 1_234 }, undefined).meterWh, 1_234);
  const lowered = composedStatus(stage, undefined, { maxPower: 20_000, maxCurrent: 80 });
  assert.equal([lowered.maxPower, lowered.maxCurrent], [20_000, 80]);
  const generous = composedStatus(stage, undefined, { maxPower: 99_000, maxCurrent: 500 });
  assert.equal([generous.maxPower, generous.maxCurrent], [50_000, 125]);
  assert.equal(composedStatus(stage, undefined, { maxCurrent: 16 }).maxPower, 50_000, 'a limit in current alone leaves the power');
});

test('the allowance lowers the discharge power of a bidirectional stage; a unidirectional one stays without', () => {
  const stage = { ...EVSE, discharge: { maxPower: 50_000, maxCurrent: 100, minPower: 1_000, minCurrent: 0 } };
  assert.equal(composedStatus(stage, undefined, { maxDischargePower: 7_000 }).discharge, { maxPower: 7_000, maxCurrent: 100, minPower: 1_000, minCurrent: 0 });
  assert.equal(composedStatus(stage, undefined, { maxDischargePower: 500 }).discharge?.minPower, 500, 'the minimum never above the maximum');
  assert.equal(composedStatus(stage, undefined, { maxPower: 20_000 }).discharge, stage.discharge);
  assert.is(composedStatus(EVSE, undefined, { maxDischargePower: 7_000 }).discharge, undefined);
});

test('an ISO 15118-2 DC session under a 20 kW allowance: offered and granted no more; the meter of its own is what the EV is told', async () => {
  const physics = physicsClock();
  const supplies: SimulatedSupply[] = [];
  const commands: PowerCommand[] = [];
  const allowance = new BehaviorSubject<EnergyAllowance>({ maxPower: 20_000 });
  const meter = new BehaviorSubject<MeterReading>({ meterWh: 4_711, meterId: 'KPH-METER-1' });
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: ['din', 'iso2'],
    evseId: 'DE*KPH*E0000001',
    settings: seccSettingsFor('dc'),
    log: () => undefined,
    powerModule: () => {
      const supply = simulatedSupply(physics, 'dc');
      supplies.push(supply);
      const recorded = { status$: supply.status$, command: (c: PowerCommand) => (commands.push(c), supply.command(c)) };
      return composedEvse({ power: recorded, meter: { reading$: meter }, energyManagement: { allowance$: allowance } });
    },
  });
  try {
    const ev = await chargeEv(station, 'iso2-dc');
    assert.is(ev.result.outcome.result, 'stopped', JSON.stringify(ev.result.outcome));
    const res = (name: string) => ev.result.messages.find((m) => m.name === name && m.dir === 'EVSE->EV')?.message;
    const discovery = JSON.stringify(res('ChargeParameterDiscoveryRes'));
    assert.match(discovery, /"EVSEMaximumPowerLimit":\{"Multiplier":\d+,"Unit":"W","Value":\d+\}/);
    const limit = /"EVSEMaximumPowerLimit":\{"Multiplier":(\d+),"Unit":"W","Value":(\d+)\}/.exec(discovery)!;
    assert.is(Number(limit[2]) * 10 ** Number(limit[1]), 20_000, 'EVSEMaximumPowerLimit is the allowance');
    const delivered = commands.filter((c): c is Extract<PowerCommand, { type: 'deliver' }> => c.type === 'deliver');
    assert.ok(delivered.length > 0, 'energy was delivered');
    for (const c of delivered) assert.ok(c.voltage * c.current <= 20_000 * 1.001, `granted ${c.voltage} V × ${c.current} A`);
    assert.equal(JSON.parse(JSON.stringify(res('CurrentDemandRes'), (_, v) => (typeof v === 'bigint' ? Number(v) : v))).V2G_Message.Body.CurrentDemandRes.MeterInfo, { MeterID: 'KPH-METER-1', MeterReading: 4711 });
  } finally {
    await station.close();
    for (const supply of supplies) supply.stop();
  }
});

test.run();
