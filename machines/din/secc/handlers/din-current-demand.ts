/** CurrentDemandReq: the EV's targets, granted within the stage's limits, and what the stage delivers now. */
import { dcGrant } from '../../../session/evse-limits.js';
import { toPhysicalValue } from '../../../session/physical-value.js';
import { respond, status } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleCurrentDemand: DinHandler<'CurrentDemandReq'> = (req, c) => {
  const grant = dcGrant(req, c.evse);
  return respond(
    'CurrentDemandRes',
    {
      ResponseCode: 'OK',
      DC_EVSEStatus: status(c),
      EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V'),
      EVSEPresentCurrent: toPhysicalValue(c.evse.presentCurrent, 'A'),
      EVSECurrentLimitAchieved: grant.currentLimitAchieved,
      EVSEVoltageLimitAchieved: grant.voltageLimitAchieved,
      EVSEPowerLimitAchieved: grant.powerLimitAchieved,
      EVSEMaximumVoltageLimit: toPhysicalValue(c.evse.maxVoltage, 'V'),
      EVSEMaximumCurrentLimit: toPhysicalValue(c.evse.maxCurrent, 'A'),
      EVSEMaximumPowerLimit: toPhysicalValue(c.evse.maxPower, 'W'),
    },
    { commands: [{ type: 'deliver', voltage: grant.voltage, current: grant.current }] },
  );
};
