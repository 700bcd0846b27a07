/** ServiceDiscoveryReq: the payment options, the ChargeService and the value-added services of the asked category. */
import { CHARGE_SERVICE_ID, offeredPaymentOptions, respond, type Iso2Handler } from '../iso2-answer-parts.js';

/** ServiceListType holds 1..8 services. */
const MAX_LISTED_SERVICES = 8;

export const handleServiceDiscovery: Iso2Handler<'ServiceDiscoveryReq'> = (req, ctx) => {
  const services = (ctx.input.services ?? [])
    .map((s) => s.service)
    .filter((s) => req.ServiceCategory === undefined || s.ServiceCategory === req.ServiceCategory)
    .slice(0, MAX_LISTED_SERVICES);
  return respond('ServiceDiscoveryRes', {
    ResponseCode: 'OK',
    PaymentOptionList: { PaymentOption: offeredPaymentOptions(ctx) },
    ChargeService: {
      ServiceID: CHARGE_SERVICE_ID,
      ServiceCategory: 'EVCharging',
      FreeService: false,
      SupportedEnergyTransferMode: { EnergyTransferMode: [...ctx.input.energyTransferModes] },
    },
    ...(services.length > 0 ? { ServiceList: { Service: services } } : {}),
  });
};
