/** DC_WeldingDetectionReq: the voltage at the output, which the EV reads across its opened contactors. */
import type { DC_WeldingDetectionReqType } from '../../../../codecs/exi/generated/iso20-dc.types.js';
import { dcWeldingDetectionRes } from '../../iso20-dc-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const DC_WeldingDetection: Iso20Handler<DC_WeldingDetectionReqType> = (ctx, _req, received) =>
  answered(dcWeldingDetectionRes(replyContext(ctx, received), { responseCode: 'OK', presentVoltage: ctx.evse.presentVoltage }));
