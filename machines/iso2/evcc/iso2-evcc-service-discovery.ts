/**
 * The EVCC's answer to ServiceDiscoveryRes (ISO 15118-2 §8.4.3.3): it needs Contract (Plug & Charge, where the EV has
 * it) or ExternalPayment (EIM) and its own energy transfer mode offered, else there is nothing to select; the value-added services it wants details of, of those
 * offered, are asked one by one (ServiceDetail) before PaymentServiceSelection. Pure, table-tested.
 */
import type { paymentOptionType, ServiceDiscoveryResType } from '../../../codecs/exi/generated/iso2.types.js';
import type { Iso2EvccInput } from '../evcc-context.js';

export type ServiceDiscoveryAnswer =
  | { readonly next: 'Failed' }
  | {
      readonly next: 'ServiceDetail' | 'PaymentServiceSelection';
      readonly chargeServiceId: number;
      readonly serviceDetailQueue: readonly number[];
      readonly paymentOption: paymentOptionType;
    };

export function answerServiceDiscovery(input: Iso2EvccInput, res: ServiceDiscoveryResType): ServiceDiscoveryAnswer {
  const payments = res.PaymentOptionList.PaymentOption;
  // Plug & Charge where both sides have it; else EIM, which every SECC offers.
  const paymentOption = input.plugAndCharge !== undefined && payments.includes('Contract') ? 'Contract' : 'ExternalPayment';
  const usable = payments.includes(paymentOption) && res.ChargeService.SupportedEnergyTransferMode.EnergyTransferMode.includes(input.energyTransferMode);
  if (!usable) return { next: 'Failed' };
  const offered = new Set([res.ChargeService.ServiceID, ...(res.ServiceList?.Service.map((s) => s.ServiceID) ?? [])]);
  const serviceDetailQueue = (input.serviceDetails ?? []).filter((id) => offered.has(id));
  const next = serviceDetailQueue.length > 0 ? 'ServiceDetail' : 'PaymentServiceSelection';
  return { next, chargeServiceId: res.ChargeService.ServiceID, serviceDetailQueue, paymentOption };
}
