/**
 * AC_ChargeLoopReq. Scheduled: the EV draws by the tuple it picked; the response's EVSETargetActivePower is the
 * window's power in force (charging, or discharging where the tuple has a discharge slot), and the station lets that
 * current flow per phase. Dynamic: the SECC steers: EVSETargetActivePower is the energy manager's target in force
 * within the EV's limits (negative: discharge), with departure time, SoC bounds and AckMaxDelay. A control element of
 * another mode or variant than selected is FAILED. MeterInfo when the EV asks; EVSEStatus while the EVSE notifies.
 */
import type { AC_ChargeLoopReqType } from '../../../../codecs/exi/generated/iso20-ac.types.js';
import { acChargeLoopRes, readAcChargeLoopReq } from '../../iso20-ac-messages.js';
import { answered, refusedWith, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { meterFacts, notificationFacts } from '../iso20-evse-facts.js';
import { acPhases } from '../iso20-evse-limits.js';
import { currentFor, dynamicScalars, dynamicTarget, powerWindow, selectedControl } from '../iso20-loop.js';

export const AC_ChargeLoop: Iso20Handler<AC_ChargeLoopReqType> = (ctx, req, received) => {
  const { evse } = ctx;
  const ev = readAcChargeLoopReq(req);
  const selected = selectedControl(ctx, false, ev.control);
  if (selected === undefined) return refusedWith(ctx, received, 'AC_ChargeLoopReq', req, 'FAILED');
  const { control, bpt } = selected;
  const window = powerWindow(ctx, received.nowMs);
  const target = control.mode === 'Dynamic' ? dynamicTarget(ctx, window, control, received.nowMs) : window.maxCharge > 0 ? window.maxCharge : -window.maxDischarge;
  const phaseVoltage = evse.nominalVoltage * acPhases(ctx.input);
  const notification = notificationFacts(ctx);
  const document = acChargeLoopRes(replyContext(ctx, received), {
    responseCode: 'OK',
    ...(notification ? { notification } : {}),
    ...(ev.meterInfoRequested ? { meter: meterFacts(ctx, received.nowMs) } : {}),
    control: { mode: control.mode, bpt, quantities: { TargetActivePower: target }, ...(control.mode === 'Dynamic' ? dynamicScalars(ctx, received.nowMs) : {}) },
  });
  return answered(document, { commands: [{ type: 'deliver', voltage: evse.nominalVoltage, current: ctx.standby ? 0 : currentFor(target, phaseVoltage, evse) }] });
};
