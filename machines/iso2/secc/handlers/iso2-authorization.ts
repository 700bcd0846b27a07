/**
 * AuthorizationReq, EIM: the customer authorises at the EVSE (RFID, app, button) or its backend decides; until then
 * the EV is told to wait for them. A refusal is FAILED.
 */
import { eimAuthorization } from '../../../session/secc/secc-pending.js';
import { respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleAuthorization: Iso2Handler<'AuthorizationReq'> = (_req, ctx) => {
  const authorization = eimAuthorization(ctx);
  const processing = authorization === 'pending' ? 'Ongoing_WaitingForCustomerInteraction' : 'Finished';
  return { ...respond('AuthorizationRes', { ResponseCode: authorization === 'refused' ? 'FAILED' : 'OK', EVSEProcessing: processing }), processing };
};
