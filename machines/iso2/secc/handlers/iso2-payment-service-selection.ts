/** PaymentServiceSelectionReq: an offered payment option, the ChargeService and offered services with their parameter sets. */
import type { paymentOptionType, responseCodeType } from '../../../../codecs/exi/generated/iso2.types.js';
import { eimAuthorizationQuestion } from '../../../session/secc/secc-pending.js';
import type { Iso2AnswerContext } from '../../secc-context.js';
import { CHARGE_SERVICE_ID, offeredPaymentOptions, respond, type Iso2Handler } from '../iso2-answer-parts.js';

function paymentServiceSelectionCode(
  ctx: Iso2AnswerContext,
  option: paymentOptionType,
  selected: readonly { ServiceID: number; ParameterSetID?: number }[],
): responseCodeType {
  // Contract is never accepted yet: the Plug & Charge states (PaymentDetails, certificates) are not built.
  if (!offeredPaymentOptions(ctx).includes(option) || option === 'Contract') return 'FAILED_PaymentSelectionInvalid';
  if (!selected.some((s) => s.ServiceID === CHARGE_SERVICE_ID)) return 'FAILED_NoChargeServiceSelected';
  const valid = selected.every((s) => {
    if (s.ServiceID === CHARGE_SERVICE_ID) return true;
    const offered = ctx.input.services?.find((o) => o.service.ServiceID === s.ServiceID);
    const sets = offered?.parameterSets ?? [];
    return offered !== undefined && (s.ParameterSetID === undefined || sets.some((p) => p.ParameterSetID === s.ParameterSetID));
  });
  return valid ? 'OK' : 'FAILED_ServiceSelectionInvalid';
}

export const handlePaymentServiceSelection: Iso2Handler<'PaymentServiceSelectionReq'> = (req, ctx) => {
  const code = paymentServiceSelectionCode(ctx, req.SelectedPaymentOption, req.SelectedServiceList.SelectedService);
  // EIM chosen: its authorization is asked for at once, so a backend decides while the EV goes on.
  return { ...respond('PaymentServiceSelectionRes', { ResponseCode: code }), ...(code === 'OK' ? { ask: eimAuthorizationQuestion(ctx) } : {}) };
};
