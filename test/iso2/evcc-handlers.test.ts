/**
 * The ISO 15118-2 EVCC's response handlers, pure, from tables: ServiceDiscoveryRes → the next step and the services
 * asked about; ChargeParameterDiscoveryRes → whether it can be charged by; CableCheckRes → whether the cable may be
 * energised; the loop's responses → whether a MeteringReceipt follows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChargeParameterDiscoveryResType, ServiceDiscoveryResType } from '../../codecs/exi/generated/iso2.types.js';
import { isolationValid } from '../../machines/iso2/evcc/iso2-evcc-cable-check.js';
import { loopReceipt } from '../../machines/iso2/evcc/iso2-evcc-charge-loop.js';
import { chargeParametersUsable } from '../../machines/iso2/evcc/iso2-evcc-charge-parameter-discovery.js';
import { answerServiceDiscovery } from '../../machines/iso2/evcc/iso2-evcc-service-discovery.js';
import { offeredSchedules } from '../../machines/iso2/schedule.js';
import { evccInput } from './wiring.js';

function offer(payment: ('ExternalPayment' | 'Contract')[], modes: string[], services: number[] = []): ServiceDiscoveryResType {
  return {
    ResponseCode: 'OK',
    PaymentOptionList: { PaymentOption: payment },
    ChargeService: { ServiceID: 1, ServiceCategory: 'EVCharging', FreeService: false, SupportedEnergyTransferMode: { EnergyTransferMode: modes } },
    ...(services.length === 0 ? {} : { ServiceList: { Service: services.map((ServiceID) => ({ ServiceID, ServiceCategory: 'Internet' as const, FreeService: true })) } }),
  } as ServiceDiscoveryResType;
}

test('ServiceDiscoveryRes: EIM and our mode offered, else Failed; ServiceDetail for the wanted services offered', () => {
  const rows: [serviceDetails: number[], res: ServiceDiscoveryResType, next: string, queue?: number[]][] = [
    [[], offer(['ExternalPayment'], ['DC_extended']), 'PaymentServiceSelection', []],
    [[], offer(['Contract'], ['DC_extended']), 'Failed'],
    [[], offer(['ExternalPayment'], ['AC_three_phase_core']), 'Failed'],
    [[3, 7], offer(['ExternalPayment', 'Contract'], ['DC_extended'], [3, 4]), 'ServiceDetail', [3]],
    [[7], offer(['ExternalPayment'], ['DC_extended'], [3]), 'PaymentServiceSelection', []],
  ];
  for (const [serviceDetails, res, next, queue] of rows) {
    const answer = answerServiceDiscovery(evccInput('dc', { serviceDetails }), res);
    assert.is(answer.next, next, JSON.stringify(res.PaymentOptionList));
    if (answer.next !== 'Failed') assert.equal([answer.chargeServiceId, answer.serviceDetailQueue], [1, queue]);
  }
});

test('ChargeParameterDiscoveryRes Finished: a schedule and the EVSE parameters of our mode', () => {
  const schedule = offeredSchedules(11_000);
  const rows: [mode: 'ac' | 'dc', res: Partial<ChargeParameterDiscoveryResType>, usable: boolean][] = [
    ['ac', { SAScheduleList: schedule, AC_EVSEChargeParameter: {} as never }, true],
    ['dc', { SAScheduleList: schedule, AC_EVSEChargeParameter: {} as never }, false],
    ['dc', { SAScheduleList: schedule, DC_EVSEChargeParameter: {} as never }, true],
    ['dc', { DC_EVSEChargeParameter: {} as never }, false],
  ];
  for (const [mode, res, usable] of rows) {
    assert.is(chargeParametersUsable({ mode }, { ResponseCode: 'OK', EVSEProcessing: 'Finished', ...res } as ChargeParameterDiscoveryResType), usable, `${mode} ${Object.keys(res)}`);
  }
});

test('CableCheckRes Finished: Valid, Warning or no monitor energise; Fault or still Invalid do not', () => {
  const rows = [['Valid', true], ['Warning', true], ['No_IMD', true], [undefined, true], ['Fault', false], ['Invalid', false]] as const;
  for (const [isolation, valid] of rows) assert.is(isolationValid(isolation), valid, String(isolation));
});

test('the loop\'s responses: ReceiptRequired with MeterInfo asks a MeteringReceipt; without, one cannot be given', () => {
  const meter = { MeterID: 'M1' };
  const rows = [[undefined, undefined, 'none'], [false, meter, 'none'], [true, meter, 'required'], [true, undefined, 'impossible']] as const;
  for (const [ReceiptRequired, MeterInfo, receipt] of rows) assert.is(loopReceipt({ ReceiptRequired, MeterInfo }), receipt, `${ReceiptRequired} ${MeterInfo}`);
});

test.run();
