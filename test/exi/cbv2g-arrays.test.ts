/**
 * The field C codec's shrunk arrays (codecs/exi/cbv2g-arrays.ts): the list follows the XSDs, a full shrunk array comes
 * in the form libcbv2g writes and reads (hand-built here from its generated coders), and encoding for a peer on that
 * codec refuses what its decoder would.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CBV2G_ARRAY_SIZES, cbv2gArraySize, decode, encode, ExiError, type Documents } from '../../codecs/exi/index.js';
import { MODULE_TYPES } from '../../codecs/exi/generated/entries.model.js';
import { firstDifference, toBits } from './stream-bits.js';

/** Every element an XSD leaves unbounded, as `module:Type/Element`, with the size libcbv2g gives it. */
function shrunkElements(): Map<string, number> {
  const found = new Map<string, number>();
  for (const [module, types] of Object.entries(MODULE_TYPES)) {
    for (const [name, type] of Object.entries(types)) {
      for (const f of type.fields) if (f.array && f.maxOccurs === Infinity) found.set(`${module}:${name}/${f.key}`, cbv2gArraySize(f.key));
    }
  }
  return found;
}

test('the shrunk elements, read off the XSDs: DIN and xmldsig (ISO-2 and ISO-20 bound every array themselves)', () => {
  assert.equal(
    Object.fromEntries([...shrunkElements()].sort(([a], [b]) => a.localeCompare(b))),
    {
      'din:ChargingProfileType/ProfileEntry': 24,
      'din:ConsumptionCostType/Cost': 1,
      'din:ListOfRootCertificateIDsType/RootCertificateID': 5,
      'din:ParameterSetType/Parameter': 1,
      'din:PaymentOptionsType/PaymentOption': 2,
      'din:PMaxScheduleType/PMaxScheduleEntry': 5,
      'din:SalesTariffEntryType/ConsumptionCost': 1,
      'din:SalesTariffType/SalesTariffEntry': 5,
      'din:SAScheduleListType/SAScheduleTuple': 5,
      'din:SelectedServiceListType/SelectedService': 16,
      'din:ServiceParameterListType/ParameterSet': 5,
      'din:ServiceTagListType/Service': 1,
      'din:SubCertificatesType/Certificate': 1,
      'xmldsig:ManifestType/Reference': 4,
      'xmldsig:SignatureType/Object': 1,
      'xmldsig:SignaturePropertiesType/SignatureProperty': 1,
      'xmldsig:SignedInfoType/Reference': 4,
      'xmldsig:TransformsType/Transform': 1,
    },
  );
});

test('every size named in the list belongs to an element some XSD leaves unbounded: the list cannot drift', () => {
  const unbounded = new Set([...shrunkElements().keys()].map((k) => k.slice(k.lastIndexOf('/') + 1)));
  for (const element of Object.keys(CBV2G_ARRAY_SIZES)) assert.ok(unbounded.has(element), `${element} is no unbounded element of any schema`);
});

const SESSION = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
type Din = Extract<Documents['din'], { V2G_Message: unknown }>;
const din = (body: Din['V2G_Message']['Body']): Din => ({ V2G_Message: { Header: { SessionID: SESSION }, Body: body } });
type PaymentOption = 'Contract' | 'ExternalPayment';

function serviceDiscoveryRes(options: PaymentOption[], services = 0): Din {
  const tag = { ServiceID: 1, ServiceCategory: 'EVCharging' as const };
  return din({
    ServiceDiscoveryRes: {
      ResponseCode: 'OK',
      PaymentOptions: { PaymentOption: options },
      ChargeService: { ServiceTag: tag, FreeService: false, EnergyTransferType: 'DC_extended' },
      ...(services ? { ServiceList: { Service: Array.from({ length: services }, () => ({ ServiceTag: { ...tag, ServiceID: 2 }, FreeService: true })) } } : {}),
    },
  });
}

function salesTariff(costs: number, amount = 40): Din {
  const cost = { costKind: 'RenewableGenerationPercentage' as const, amount };
  return din({
    ChargeParameterDiscoveryRes: {
      ResponseCode: 'OK',
      EVSEProcessing: 'Finished',
      SAScheduleList: {
        SAScheduleTuple: [
          {
            SAScheduleTupleID: 1,
            PMaxSchedule: { PMaxScheduleID: 1, PMaxScheduleEntry: [{ RelativeTimeInterval: { start: 0, duration: 3600 }, PMax: 500 }] },
            SalesTariff: {
              '@Id': 'id1',
              SalesTariffID: 1,
              NumEPriceLevels: 1,
              SalesTariffEntry: [{ RelativeTimeInterval: { start: 0 }, EPriceLevel: 1, ConsumptionCost: [{ startValue: 0, Cost: Array.from({ length: costs }, () => cost) }] }],
            },
          },
        ],
      },
      DC_EVSEChargeParameter: {
        DC_EVSEStatus: { EVSEIsolationStatus: 'Valid', EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' },
        EVSEMaximumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 200 },
        EVSEMaximumPowerLimit: { Multiplier: 3, Unit: 'W', Value: 50 },
        EVSEMaximumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 500 },
        EVSEMinimumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 0 },
        EVSEMinimumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 150 },
        EVSEPeakCurrentRipple: { Multiplier: 0, Unit: 'A', Value: 1 },
      },
    },
  });
}

const SHRUNK = { quirks: ['cbv2gShrunkArrays'] } as const;

test('DIN PaymentOptions full at 2, hand-built as libcbv2g writes it: the loop state\'s 2-bit EE, the standard form', () => {
  const full = encode('din', serviceDiscoveryRes(['Contract', 'ExternalPayment']));
  const first = firstDifference(full, encode('din', serviceDiscoveryRes(['ExternalPayment', 'ExternalPayment'])));
  // SE(PaymentOption) 0, CH 0, Contract 0 | EE 0 | loop {PaymentOption, EE}: SE 00 | CH 0, ExternalPayment 1 | EE 0 | loop: EE 01
  assert.equal(toBits(full).slice(first - 2, first + 9), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
  for (const lenient of [false, true]) assert.equal(decode('din', full, { lenient }), serviceDiscoveryRes(['Contract', 'ExternalPayment']));
  assert.equal(encode('din', serviceDiscoveryRes(['Contract', 'ExternalPayment']), SHRUNK), full, 'the quirk writes the same bits');
});

test('DIN ConsumptionCost/Cost full at 1, hand-built as libcbv2g writes it: {Cost, EE} stays 2 bits after the one Cost', () => {
  const one = encode('din', salesTariff(1));
  const amount = firstDifference(one, encode('din', salesTariff(1, 41)));
  // The amount's last bit, then: EE of amount 0 | Cost {amountMultiplier, EE}: EE 01 | ConsumptionCost {Cost, EE}: EE 01
  assert.equal(toBits(one).slice(amount + 1, amount + 6), [0, 0, 1, 0, 1]);
  for (const lenient of [false, true]) assert.equal(decode('din', one, { lenient }), salesTariff(1));
});

test('DIN ServiceList/Service full at 1 decodes in both modes and encodes alike with the quirk', () => {
  const one = encode('din', serviceDiscoveryRes(['ExternalPayment'], 1));
  for (const lenient of [false, true]) assert.equal(decode('din', one, { lenient }), serviceDiscoveryRes(['ExternalPayment'], 1));
  assert.equal(encode('din', serviceDiscoveryRes(['ExternalPayment'], 1), SHRUNK), one);
});

test('cbv2gShrunkArrays: encoding for a peer on libcbv2g refuses what its decoder refuses, naming path and size', () => {
  const cases: [Din, RegExp, RegExp][] = [
    [serviceDiscoveryRes(['Contract', 'ExternalPayment', 'Contract']), /PaymentOptions$/, /PaymentOption: 3 entries exceed 2/],
    [serviceDiscoveryRes(['ExternalPayment'], 2), /ServiceList$/, /Service: 2 entries exceed 1/],
    [salesTariff(2), /ConsumptionCost\[0\]$/, /Cost: 2 entries exceed 1/],
  ];
  for (const [doc, path, reason] of cases) {
    assert.throws(() => encode('din', doc, SHRUNK), (e: unknown) => e instanceof ExiError && path.test(e.path) && reason.test(e.reason));
    // The XSD allows them: the standard encoding writes them and every mode reads them.
    assert.equal(decode('din', encode('din', doc)), doc);
  }
});

test.run();
