/**
 * AuthorizationReq. EIM: the customer identifies at the EVSE (RFID, app, button) or its backend decides; the question
 * is asked once and the EV told Ongoing_WaitingForCustomerInteraction until the verdict; a refusal is
 * WARNING_EIMAuthorizationFailure, which leaves the EV its choice (another try, or SessionStop). PnC: not offered
 * (AuthorizationSetupRes listed EIM only), so WARNING_AuthorizationSelectionInvalid; its route `PnC` is where the Plug
 * & Charge states will hang in the chart.
 */
import type { AuthorizationReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { eimAuthorization, eimAuthorizationQuestion } from '../../../session/secc/secc-pending.js';
import { authorizationRes, readAuthorizationReq } from '../../iso20-setup-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const Authorization: Iso20Handler<AuthorizationReqType> = (ctx, req, received) => {
  const at = replyContext(ctx, received);
  if (readAuthorizationReq(req).service === 'PnC') {
    return answered(authorizationRes(at, { responseCode: 'WARNING_AuthorizationSelectionInvalid', processing: 'Finished' }), { route: 'PnC' });
  }
  const verdict = eimAuthorization(ctx);
  if (verdict === 'refused') {
    return answered(authorizationRes(at, { responseCode: 'WARNING_EIMAuthorizationFailure', processing: 'Finished' }), { route: 'refused' });
  }
  const processing = verdict === 'accepted' ? 'Finished' : 'Ongoing_WaitingForCustomerInteraction';
  return answered(authorizationRes(at, { responseCode: 'OK', processing }), { processing, ask: eimAuthorizationQuestion(ctx) });
};
