/** PreChargeReq: the EV's target voltage at its current limit, within the stage's limits. */
import { dcGrant } from '../../../session/evse-limits.js';
import { toPhysicalValue } from '../../../session/physical-value.js';
import { dcEvseStatus } from '../../evse-status.js';
import { respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handlePreCharge: Iso2Handler<'PreChargeReq'> = (req, ctx) => {
  const { voltage, current } = dcGrant(req, ctx.evse);
  return {
    ...respond('PreChargeRes', {
      ResponseCode: 'OK',
      DC_EVSEStatus: dcEvseStatus(ctx.evse, ctx.renegotiationAnswered),
      EVSEPresentVoltage: toPhysicalValue(ctx.evse.presentVoltage, 'V'),
    }),
    commands: [{ type: 'precharge', voltage, current }],
  };
};
