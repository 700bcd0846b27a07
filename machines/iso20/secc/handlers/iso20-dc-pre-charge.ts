/**
 * DC_PreChargeReq: the output is raised to the EV's target voltage (at most the stage's). The request names no
 * current: the stage precharges at `prechargeCurrentA` at most, by default 2 A, the bound IEC 61851-23 sets for
 * precharge (decided here: -20 states none).
 */
import type { DC_PreChargeReqType } from '../../../../codecs/exi/generated/iso20-dc.types.js';
import { dcPreChargeRes, readDcPreChargeReq } from '../../iso20-dc-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

const PRECHARGE_CURRENT_A = 2;

export const DC_PreCharge: Iso20Handler<DC_PreChargeReqType> = (ctx, req, received) => {
  const { evse } = ctx;
  const ev = readDcPreChargeReq(req);
  const voltage = Math.min(ev.targetVoltage, evse.maxVoltage);
  return answered(dcPreChargeRes(replyContext(ctx, received), { responseCode: 'OK', presentVoltage: evse.presentVoltage }), {
    commands: [{ type: 'precharge', voltage, current: Math.min(ctx.input.prechargeCurrentA ?? PRECHARGE_CURRENT_A, evse.maxCurrent) }],
  });
};
