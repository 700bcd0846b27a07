/** The -20 service catalogue: parameter sets of every service round-trip, and other stacks' conventions are read. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import type { ParameterSetType } from '../../codecs/exi/generated/iso20-common.types.js';
import { readServiceDetailRes, serviceDetailRes, serviceDiscoveryRes, readServiceDiscoveryRes } from '../../machines/iso20/iso20-service-messages.js';
import {
  ParameterSetError,
  SERVICE_IDS,
  energySchemaOf,
  isBidirectional,
  parameterSet,
  readParameterSet,
  serviceNameOf,
  type ParameterSetFacts,
} from '../../machines/iso20/iso20-services.js';
import { CTX } from './session-facts.js';

const SETS: readonly ParameterSetFacts[] = [
  { service: 'AC', id: 1, connector: 'SinglePhase', controlMode: 'Scheduled', evseNominalVoltage: 230, mobilityNeedsMode: 'ProvidedByEvcc', pricing: 'NoPricing' },
  { service: 'AC', id: 2, connector: 'ThreePhase', controlMode: 'Dynamic', evseNominalVoltage: 230, mobilityNeedsMode: 'ProvidedBySecc', pricing: 'PriceLevels' },
  { service: 'AC_BPT', id: 3, connector: 'ThreePhase', controlMode: 'Dynamic', evseNominalVoltage: 400, mobilityNeedsMode: 'ProvidedBySecc', pricing: 'AbsolutePricing', bptChannel: 'Separated', generatorMode: 'GridForming', islandingDetection: 'Active' },
  { service: 'DC', id: 4, connector: 'Dual4', controlMode: 'Scheduled', mobilityNeedsMode: 'ProvidedByEvcc', pricing: 'AbsolutePricing' },
  { service: 'DC_BPT', id: 5, connector: 'Core', controlMode: 'Dynamic', mobilityNeedsMode: 'ProvidedBySecc', pricing: 'NoPricing', bptChannel: 'Unified', generatorMode: 'GridFollowing' },
  { service: 'Internet', id: 6, protocol: 'https', port: 443 },
  { service: 'ParkingStatus', id: 7, intendedService: 'VehicleCheckIn', parkingStatus: 'ManualExternal' },
];

test('every parameter set goes through ServiceDetailRes on the wire and reads back to its facts', () => {
  for (const set of SETS) {
    const doc = serviceDetailRes(CTX, { responseCode: 'OK', serviceId: SERVICE_IDS[set.service], parameterSets: [set] });
    const back = decode('iso20-common', encode('iso20-common', doc.document));
    assert.ok('ServiceDetailRes' in back);
    assert.equal(readServiceDetailRes(back.ServiceDetailRes), { responseCode: 'OK', serviceId: SERVICE_IDS[set.service], parameterSets: [set], warnings: [] }, set.service);
  }
});

test('parameter names and codes as the open stacks send them', () => {
  const names = (set: ParameterSetType) => set.Parameter.map((p) => p['@Name']);
  assert.equal(names(parameterSet(SETS[2])), ['Connector', 'ControlMode', 'EVSENominalVoltage', 'MobilityNeedsMode', 'Pricing', 'BPTChannel', 'GeneratorMode', 'GridCodeIslandingDetectionMethod']);
  assert.equal(names(parameterSet(SETS[4])), ['Connector', 'ControlMode', 'MobilityNeedsMode', 'Pricing', 'BPTChannel', 'GeneratorMode']);
  assert.equal(parameterSet(SETS[1]).Parameter[0], { '@Name': 'Connector', intValue: 3 });
  assert.equal(parameterSet(SETS[1]).Parameter[1], { '@Name': 'ControlMode', intValue: 2 });
  assert.equal(parameterSet(SETS[0]).Parameter[4], { '@Name': 'Pricing', intValue: 0 });
  assert.equal(parameterSet(SETS[5]).Parameter, [{ '@Name': 'Protocol', finiteString: 'https' }, { '@Name': 'Port', intValue: 443 }]);
});

test('read like the field: the other islanding name, AC ThreePhase as 2, short values, extra parameters', () => {
  const set: ParameterSetType = {
    ParameterSetID: 9,
    Parameter: [
      { '@Name': 'Connector', intValue: 2 },
      { '@Name': 'ControlMode', shortValue: 1 },
      { '@Name': 'EVSENominalVoltage', rationalNumber: { Exponent: 0, Value: 230 } },
      { '@Name': 'MobilityNeedsMode', byteValue: 1 },
      { '@Name': 'Pricing', intValue: 0 },
      { '@Name': 'BPTChannel', intValue: 1 },
      { '@Name': 'GeneratorMode', intValue: 1 },
      { '@Name': 'DetectionMethodGridCodeIslanding', intValue: 2 },
      { '@Name': 'VendorThing', boolValue: true },
    ],
  };
  const read = readParameterSet('AC_BPT', set);
  assert.equal(read.facts, { service: 'AC_BPT', id: 9, connector: 'ThreePhase', controlMode: 'Scheduled', evseNominalVoltage: 230, mobilityNeedsMode: 'ProvidedByEvcc', pricing: 'NoPricing', bptChannel: 'Unified', generatorMode: 'GridFollowing', islandingDetection: 'Passive' });
  assert.is(read.warnings.length, 3, read.warnings.join('; '));
});

test('a missing or meaningless parameter is a ParameterSetError naming the service, set and parameter', () => {
  assert.throws(() => readParameterSet('DC', { ParameterSetID: 3, Parameter: [{ '@Name': 'Connector', intValue: 1 }] }), (e: unknown) => e instanceof ParameterSetError && /DC ParameterSet 3: no ControlMode/.test(e.message));
  const bad = { ...parameterSet(SETS[3]) };
  bad.Parameter = bad.Parameter.map((p) => (p['@Name'] === 'Connector' ? { '@Name': 'Connector', intValue: 9 } : p));
  assert.throws(() => readParameterSet('DC', bad), /Connector 9 is none of 1, 2, 3, 4/);
  const res = readServiceDetailRes({ Header: { SessionID: CTX.sessionId, TimeStamp: 0n }, ResponseCode: 'OK', ServiceID: 2, ServiceParameterList: { ParameterSet: [bad, parameterSet(SETS[3])] } });
  assert.is(res.parameterSets.length, 1, 'the readable set is kept');
  assert.match(res.warnings[0], /Connector 9/);
  const wpt = readServiceDetailRes({ Header: { SessionID: CTX.sessionId, TimeStamp: 0n }, ResponseCode: 'OK', ServiceID: 3, ServiceParameterList: { ParameterSet: [bad] } });
  assert.equal(wpt.parameterSets, []);
  assert.match(wpt.warnings[0], /ServiceID 3/);
});

test('service IDs, schemas and VAS lists', () => {
  assert.equal([SERVICE_IDS.AC, SERVICE_IDS.DC, SERVICE_IDS.AC_BPT, SERVICE_IDS.DC_BPT, SERVICE_IDS.Internet, SERVICE_IDS.ParkingStatus], [1, 2, 5, 6, 65, 66]);
  assert.is(serviceNameOf(6), 'DC_BPT');
  assert.is(serviceNameOf(42), undefined);
  assert.is(energySchemaOf('AC_BPT'), 'iso20-ac');
  assert.is(energySchemaOf('DC'), 'iso20-dc');
  assert.ok(isBidirectional('DC_BPT') && !isBidirectional('AC'));
  const withVas = serviceDiscoveryRes(CTX, { responseCode: 'OK', serviceRenegotiationSupported: false, energyServices: [{ serviceId: 2, free: false }, { serviceId: 6, free: false }], valueAddedServices: [{ serviceId: 65, free: true }, { serviceId: 66, free: true }] });
  const none = serviceDiscoveryRes(CTX, { responseCode: 'OK', serviceRenegotiationSupported: false, energyServices: [{ serviceId: 1, free: true }], valueAddedServices: [] });
  for (const doc of [withVas, none]) {
    const back = decode('iso20-common', encode('iso20-common', doc.document));
    assert.ok('ServiceDiscoveryRes' in back && 'ServiceDiscoveryRes' in doc.document);
    assert.equal(readServiceDiscoveryRes(back.ServiceDiscoveryRes), readServiceDiscoveryRes(doc.document.ServiceDiscoveryRes));
  }
  assert.ok('ServiceDiscoveryRes' in none.document && none.document.ServiceDiscoveryRes.VASList === undefined, 'no VAS: the list is left out, it cannot be empty');
});

test.run();
