/** PreChargeReq: the EV's target voltage at its current limit, within the stage's limits. */
import { dcGrant } from '../../../session/evse-limits.js';
import { toPhysicalValue } from '../../../session/physical-value.js';
import { respond, status } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handlePreCharge: DinHandler<'PreChargeReq'> = (req, c) => {
  const { voltage, current } = dcGrant(req, c.evse);
  return respond(
    'PreChargeRes',
    { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') },
    { commands: [{ type: 'precharge', voltage, current }] },
  );
};
