/** CurrentDemandReq: the EV's targets, granted within the stage's limits, and what the stage delivers now. */
import { dcGrant } from '../../../session/evse-limits.js';
import { toPhysicalValue } from '../../../session/physical-value.js';
import { dcEvseStatus } from '../../evse-status.js';
import { OFFERED_SA_SCHEDULE_TUPLE_ID } from '../../schedule.js';
import { meterInfo, RECEIPT_ASKED, receiptRequest, respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleCurrentDemand: Iso2Handler<'CurrentDemandReq'> = (req, ctx) => {
  const { evse } = ctx;
  const grant = dcGrant(req, evse);
  const receipt = receiptRequest(ctx, evse);
  const answer = respond(
    'CurrentDemandRes',
    {
      ResponseCode: 'OK',
      DC_EVSEStatus: dcEvseStatus(evse, ctx.renegotiationAnswered),
      EVSEPresentVoltage: toPhysicalValue(evse.presentVoltage, 'V'),
      EVSEPresentCurrent: toPhysicalValue(evse.presentCurrent, 'A'),
      EVSECurrentLimitAchieved: grant.currentLimitAchieved,
      EVSEVoltageLimitAchieved: grant.voltageLimitAchieved,
      EVSEPowerLimitAchieved: grant.powerLimitAchieved,
      EVSEMaximumVoltageLimit: toPhysicalValue(evse.maxVoltage, 'V'),
      EVSEMaximumCurrentLimit: toPhysicalValue(evse.maxCurrent, 'A'),
      EVSEMaximumPowerLimit: toPhysicalValue(evse.maxPower, 'W'),
      EVSEID: ctx.input.evseId,
      SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
      ...meterInfo(evse),
      ...receipt,
    },
    [{ type: 'deliver', voltage: grant.voltage, current: grant.current }],
  );
  return receipt.ReceiptRequired ? { ...answer, ...RECEIPT_ASKED } : answer;
};
