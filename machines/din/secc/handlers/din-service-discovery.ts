/** ServiceDiscoveryReq: EIM (ExternalPayment) and the one ChargeService. */
import { chargeService, respond } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleServiceDiscovery: DinHandler<'ServiceDiscoveryReq'> = (_, c) =>
  respond('ServiceDiscoveryRes', { ResponseCode: 'OK', PaymentOptions: { PaymentOption: ['ExternalPayment'] }, ChargeService: chargeService(c) });
