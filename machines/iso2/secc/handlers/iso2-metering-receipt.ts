/**
 * MeteringReceiptReq (Plug & Charge, after ReceiptRequired): the EV's signature with its contract key over the meter
 * reading it acknowledges, inside the charge loop. Unasked, or a second one, it is out of sequence.
 */
import type { MeteringReceiptReqType, responseCodeType } from '../../../../codecs/exi/generated/iso2.types.js';
import type { SeccRequestHeader } from '../../../session/secc/secc-answer.js';
import { sameSessionId } from '../../../session/session-id.js';
import type { Iso2AnswerContext } from '../../secc-context.js';
import { evseStatusField } from '../../evse-status.js';
import { minimal, type Iso2Handler } from '../iso2-answer-parts.js';
import { signedByContract } from '../iso2-contract-signature.js';

export const handleMeteringReceipt: Iso2Handler<'MeteringReceiptReq'> = (req, ctx, header) => {
  const code = receiptCode(req, ctx, header);
  if (code !== 'OK') return minimal(ctx, 'MeteringReceiptReq', code);
  const body = { MeteringReceiptRes: { ResponseCode: code, ...evseStatusField(ctx.mode, ctx.evse, ctx.renegotiationAnswered) } };
  return { body, code, update: { receipt: 'received' } };
};

function receiptCode(req: MeteringReceiptReqType, ctx: Iso2AnswerContext, header: SeccRequestHeader): responseCodeType {
  if (ctx.contract === undefined || ctx.receipt !== 'asked') return 'FAILED_SequenceError';
  if (!sameSessionId(req.SessionID, header.sessionId)) return 'FAILED_UnknownSession';
  return signedByContract(ctx.contract, 'MeteringReceiptReq', req, header) ? 'OK' : 'FAILED_SignatureError';
}
