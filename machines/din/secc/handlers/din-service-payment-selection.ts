/** ServicePaymentSelectionReq: ExternalPayment and the ChargeService, the only choice a DIN SECC offers. */
import type { responseCodeType, ServicePaymentSelectionReqType } from '../../../../codecs/exi/generated/din.types.js';
import { eimAuthorizationQuestion } from '../../../session/secc/secc-pending.js';
import { CHARGE_SERVICE_ID, respond } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

function paymentSelectionCode(req: ServicePaymentSelectionReqType): responseCodeType {
  if (req.SelectedPaymentOption !== 'ExternalPayment') return 'FAILED_PaymentSelectionInvalid';
  const selected = req.SelectedServiceList.SelectedService.some((s) => s.ServiceID === CHARGE_SERVICE_ID);
  return selected ? 'OK' : 'FAILED_ServiceSelectionInvalid';
}

// EIM chosen: its authorization is asked for at once, so a backend decides while the EV goes on.
export const handleServicePaymentSelection: DinHandler<'ServicePaymentSelectionReq'> = (req, c) => {
  const code = paymentSelectionCode(req);
  return respond('ServicePaymentSelectionRes', { ResponseCode: code }, code === 'OK' ? { ask: eimAuthorizationQuestion(c) } : {});
};
