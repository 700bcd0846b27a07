/**
 * AuthorizationReq. EIM: the customer authorises at the EVSE (RFID, app, button) or its backend decides; until then
 * the EV is told to wait for them. A refusal is FAILED. Plug & Charge: the EV signs this session's GenChallenge with
 * its contract key (FAILED_SignatureError, FAILED_ChallengeInvalid); the backend authorized the eMAID while
 * PaymentDetailsReq waited, so the answer is Finished at once.
 */
import { eimAuthorization } from '../../../session/secc/secc-pending.js';
import { minimal, respond, type Iso2Handler } from '../iso2-answer-parts.js';
import { signedByContract } from '../iso2-contract-signature.js';

export const handleAuthorization: Iso2Handler<'AuthorizationReq'> = (req, ctx, header) => {
  const { contract } = ctx;
  if (contract !== undefined) {
    if (!signedByContract(contract, 'AuthorizationReq', req, header)) return minimal(ctx, 'AuthorizationReq', 'FAILED_SignatureError');
    const challenge = ctx.input.contracts?.genChallenge;
    if (req.GenChallenge === undefined || challenge === undefined || !Buffer.from(req.GenChallenge).equals(challenge)) {
      return minimal(ctx, 'AuthorizationReq', 'FAILED_ChallengeInvalid');
    }
    const reply = ctx.pending.contract;
    const authorized = reply !== undefined && reply !== 'asked' && reply.authorized;
    return { ...respond('AuthorizationRes', { ResponseCode: authorized ? 'OK' : 'FAILED', EVSEProcessing: 'Finished' }), processing: 'Finished' };
  }
  const authorization = eimAuthorization(ctx);
  const processing = authorization === 'pending' ? 'Ongoing_WaitingForCustomerInteraction' : 'Finished';
  return { ...respond('AuthorizationRes', { ResponseCode: authorization === 'refused' ? 'FAILED' : 'OK', EVSEProcessing: processing }), processing };
};
