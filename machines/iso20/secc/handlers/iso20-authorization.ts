/**
 * AuthorizationReq. EIM: the customer identifies at the EVSE (RFID, app, button) or its backend decides; the question
 * is asked once and the EV told Ongoing_WaitingForCustomerInteraction until the verdict; a refusal is
 * WARNING_EIMAuthorizationFailure, which leaves the EV its choice (another try, or SessionStop). PnC: where the station
 * offered it, the contract's signature and chain (iso20-pnc-authorization.ts); where it did not,
 * WARNING_AuthorizationSelectionInvalid.
 */
import type { AuthorizationReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { eimAuthorization, eimAuthorizationQuestion } from '../../../session/secc/secc-pending.js';
import { authorizationRes, readAuthorizationReq } from '../../iso20-setup-messages.js';
import { pncAuthorization } from '../iso20-pnc-authorization.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const Authorization: Iso20Handler<AuthorizationReqType> = (ctx, req, received) => {
  const at = replyContext(ctx, received);
  if (readAuthorizationReq(req).service === 'PnC') {
    const offer = ctx.input.pnc;
    if (offer !== undefined) return pncAuthorization(ctx, req, offer, at);
    return answered(authorizationRes(at, { responseCode: 'WARNING_AuthorizationSelectionInvalid', processing: 'Finished' }), { route: 'PnC' });
  }
  const verdict = eimAuthorization(ctx);
  if (verdict === 'refused') {
    return answered(authorizationRes(at, { responseCode: 'WARNING_EIMAuthorizationFailure', processing: 'Finished' }), { route: 'refused' });
  }
  const processing = verdict === 'accepted' ? 'Finished' : 'Ongoing_WaitingForCustomerInteraction';
  return answered(authorizationRes(at, { responseCode: 'OK', processing }), { processing, ask: eimAuthorizationQuestion(ctx) });
};
