/** ChargingStatusReq (AC): the EVSE's maximum current, its meter and status. */
import { toPhysicalValue } from '../../../session/physical-value.js';
import { acEvseStatus } from '../../evse-status.js';
import { OFFERED_SA_SCHEDULE_TUPLE_ID } from '../../schedule.js';
import { meterInfo, respond, type Iso2Handler } from '../iso2-answer-parts.js';

// EIM: no ReceiptRequired (a receipt is signed with the contract key, which only Plug & Charge has).
export const handleChargingStatus: Iso2Handler<'ChargingStatusReq'> = (_req, ctx) =>
  respond('ChargingStatusRes', {
    ResponseCode: 'OK',
    EVSEID: ctx.input.evseId,
    SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
    EVSEMaxCurrent: toPhysicalValue(ctx.evse.maxCurrent, 'A'),
    ...meterInfo(ctx.evse),
    AC_EVSEStatus: acEvseStatus(ctx.evse, ctx.renegotiationAnswered),
  });
