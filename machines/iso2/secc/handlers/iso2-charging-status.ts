/** ChargingStatusReq (AC): the EVSE's maximum current, its meter and status. */
import { toPhysicalValue } from '../../../session/physical-value.js';
import { acEvseStatus } from '../../evse-status.js';
import { OFFERED_SA_SCHEDULE_TUPLE_ID } from '../../schedule.js';
import { meterInfo, RECEIPT_ASKED, receiptRequest, respond, type Iso2Handler } from '../iso2-answer-parts.js';

// ReceiptRequired only with Plug & Charge: a receipt is signed with the contract key, which EIM has not.
export const handleChargingStatus: Iso2Handler<'ChargingStatusReq'> = (_req, ctx) => {
  const receipt = receiptRequest(ctx, ctx.evse);
  const answer = respond('ChargingStatusRes', {
    ResponseCode: 'OK',
    EVSEID: ctx.input.evseId,
    SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
    EVSEMaxCurrent: toPhysicalValue(ctx.evse.maxCurrent, 'A'),
    ...meterInfo(ctx.evse),
    ...receipt,
    AC_EVSEStatus: acEvseStatus(ctx.evse, ctx.renegotiationAnswered),
  });
  return receipt.ReceiptRequired ? { ...answer, ...RECEIPT_ASKED } : answer;
};
