/** WeldingDetectionReq: the voltage present at the output, which the EV reads with its contactors open. */
import { toPhysicalValue } from '../../../session/physical-value.js';
import { dcEvseStatus } from '../../evse-status.js';
import { respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleWeldingDetection: Iso2Handler<'WeldingDetectionReq'> = (_req, ctx) =>
  respond('WeldingDetectionRes', {
    ResponseCode: 'OK',
    DC_EVSEStatus: dcEvseStatus(ctx.evse, ctx.renegotiationAnswered),
    EVSEPresentVoltage: toPhysicalValue(ctx.evse.presentVoltage, 'V'),
  });
