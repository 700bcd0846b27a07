/**
 * DC_ChargeLoopReq. Scheduled: the EV's target current and voltage, granted within the stage's limits and the power
 * window of the tuple it picked (a negative current discharges, BPT). Dynamic: the SECC steers: the energy manager's
 * target power in force, as the power bounds of the response (charging: EVSEMaximumChargePower = target; discharging:
 * no charge power and EVSEMaximum/MinimumDischargePower = the target's magnitude, which makes the EV discharge by it:
 * decided without the standard's text), with departure time, SoC bounds and AckMaxDelay. A control element of another
 * mode or variant than selected is FAILED. MeterInfo when the EV asks; EVSEStatus while the EVSE notifies.
 */
import type { DC_ChargeLoopReqType } from '../../../../codecs/exi/generated/iso20-dc.types.js';
import { dcChargeLoopRes, readDcChargeLoopReq } from '../../iso20-dc-messages.js';
import type { ControlFacts } from '../../iso20-loop-parts.js';
import { answered, refusedWith, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { meterFacts, notificationFacts } from '../iso20-evse-facts.js';
import { currentFor, dynamicScalars, dynamicTarget, powerWindow, selectedControl, type PowerWindow } from '../iso20-loop.js';
import type { Iso20AnswerContext } from '../iso20-secc-context.js';

export const DC_ChargeLoop: Iso20Handler<DC_ChargeLoopReqType> = (ctx, req, received) => {
  const { evse } = ctx;
  const ev = readDcChargeLoopReq(req);
  const selected = selectedControl(ctx, true, ev.control);
  if (selected === undefined) return refusedWith(ctx, received, 'DC_ChargeLoopReq', req, 'FAILED');
  const { control, bpt } = selected;
  const window = powerWindow(ctx, received.nowMs);
  const q = control.quantities;
  const voltageAt = Math.max(evse.presentVoltage, ev.presentVoltage);
  const targetVoltage = control.mode === 'Scheduled' ? q.TargetVoltage : (q.MaximumVoltage ?? evse.maxVoltage);
  const voltage = Math.min(targetVoltage, evse.maxVoltage);
  const wanted = control.mode === 'Scheduled' ? q.TargetCurrent : undefined;
  const target = control.mode === 'Dynamic' ? dynamicTarget(ctx, window, control, received.nowMs) : undefined;
  const current = grantedCurrent(wanted, target, window, voltageAt, ctx);
  const discharge = evse.discharge;
  const bounds =
    target !== undefined
      ? {
          MaximumChargePower: Math.max(target, 0),
          MinimumChargePower: 0,
          MaximumChargeCurrent: evse.maxCurrent,
          MaximumVoltage: evse.maxVoltage,
          ...(bpt ? { MaximumDischargePower: Math.max(-target, 0), MinimumDischargePower: Math.max(-target, 0), MaximumDischargeCurrent: discharge?.maxCurrent ?? 0, MinimumVoltage: evse.minVoltage } : {}),
        }
      : {
          MaximumChargePower: window.maxCharge,
          MaximumChargeCurrent: evse.maxCurrent,
          MaximumVoltage: evse.maxVoltage,
          ...(bpt ? { MaximumDischargePower: window.maxDischarge, MaximumDischargeCurrent: discharge?.maxCurrent ?? 0, MinimumVoltage: evse.minVoltage } : {}),
        };
  const resControl: ControlFacts = { mode: control.mode, bpt, quantities: bounds, ...(control.mode === 'Dynamic' ? dynamicScalars(ctx, received.nowMs) : {}) };
  const notification = notificationFacts(ctx);
  const currentLimitAchieved = wanted !== undefined && (wanted > evse.maxCurrent || wanted < -(discharge?.maxCurrent ?? 0));
  const document = dcChargeLoopRes(replyContext(ctx, received), {
    responseCode: 'OK',
    ...(notification ? { notification } : {}),
    ...(ev.meterInfoRequested ? { meter: meterFacts(ctx, received.nowMs) } : {}),
    presentCurrent: evse.presentCurrent,
    presentVoltage: evse.presentVoltage,
    // Granted less than asked, and not for the current: the power window held it.
    powerLimitAchieved: wanted !== undefined && !ctx.standby && !currentLimitAchieved && Math.abs(current) < Math.abs(wanted),
    currentLimitAchieved,
    voltageLimitAchieved: targetVoltage > evse.maxVoltage,
    control: resControl,
  });
  return answered(document, { commands: [{ type: 'deliver', voltage, current }] });
};

/** Scheduled: the EV's current within the window; Dynamic: the target power's current. Standby: none. */
function grantedCurrent(wanted: number | undefined, target: number | undefined, window: PowerWindow, voltage: number, ctx: Iso20AnswerContext): number {
  if (ctx.standby) return 0;
  if (target !== undefined) return currentFor(target, voltage, ctx.evse);
  const power = Math.max(-window.maxDischarge, Math.min(window.maxCharge, (wanted ?? 0) * voltage));
  return currentFor(power, voltage, ctx.evse);
}
