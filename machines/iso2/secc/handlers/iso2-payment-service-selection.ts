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
  // Contract only where it is offered (over TLS) and the deployment checks contracts.
  if (!offeredPaymentOptions(ctx).includes(option) || (option === 'Contract' && ctx.input.contracts === undefined)) return 'FAILED_PaymentSelectionInvalid';
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
  const answer = respond('PaymentServiceSelectionRes', { ResponseCode: code });
  if (code !== 'OK') return answer;
  // Contract: PaymentDetails next (a certificate installed or updated first, where the EV needs one). EIM: its
  // authorization is asked for at once, so a backend decides while the EV goes on.
  if (req.SelectedPaymentOption === 'Contract') return { ...answer, route: 'Contract' };
  return { ...answer, ask: eimAuthorizationQuestion(ctx) };
};
