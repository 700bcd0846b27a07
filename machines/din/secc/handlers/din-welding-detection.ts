/** WeldingDetectionReq: the voltage present at the output, which the EV reads with its contactors open. */
import { toPhysicalValue } from '../../../session/physical-value.js';
import { respond, status } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleWeldingDetection: DinHandler<'WeldingDetectionReq'> = (_, c) =>
  respond('WeldingDetectionRes', { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') });
