/**
 * What the SECC allows in a charge loop, from the plan of the last ScheduleExchange and the stage's limits: the power
 * window now (charging up to `maxCharge`, discharging up to `maxDischarge`, W) and, in Dynamic control, the target it
 * steers the EV to.
 *
 * Scheduled: the EV follows the tuple it picked; the SECC holds it to the tuple's entry in force (a negative charging
 * entry is a discharge slot) and to the discharging schedule. Dynamic: the energy manager's target in force, within the
 * EV's and the stage's limits. BPT_ChannelSelection is not a bound: in Dynamic control the SECC turns the direction
 * within one PowerDelivery(Start), so the plan, not the channel, says which way energy flows (decided without the
 * standard's text). Standby: nothing flows.
 */
import type { EvseStatus } from '../../session/secc/evse-snapshot.js';
import type { ControlFacts } from '../iso20-loop-parts.js';
import { isBidirectional, isDcService } from '../iso20-services.js';
import { powerAt } from './iso20-plan.js';
import type { Iso20AnswerContext } from './iso20-secc-context.js';

/**
 * The loop request's control element and whether the session is BPT, when the loop is the selected service's (`dc`)
 * and the element is the selected control mode's in its variant; undefined otherwise (the loop answers FAILED).
 */
export function selectedControl(ctx: Iso20AnswerContext, dc: boolean, control: ControlFacts | undefined): { readonly control: ControlFacts; readonly bpt: boolean } | undefined {
  const selection = ctx.selection;
  if (selection === undefined || control === undefined || isDcService(selection.service) !== dc) return undefined;
  const bpt = isBidirectional(selection.service);
  return control.mode === selection.control && control.bpt === bpt ? { control, bpt } : undefined;
}

export interface PowerWindow {
  readonly maxCharge: number;
  readonly maxDischarge: number;
}

/** The window the plan and the stage allow at `nowMs`. */
export function powerWindow(ctx: Iso20AnswerContext, nowMs: number): PowerWindow {
  const { evse, plan, selection } = ctx;
  if (ctx.standby) return { maxCharge: 0, maxDischarge: 0 };
  const stageDischarge = selection !== undefined && isBidirectional(selection.service) ? (evse.discharge?.maxPower ?? 0) : 0;
  const nowS = Math.floor(nowMs / 1000);
  if (plan?.control === 'Scheduled') {
    const tuple = plan.tuples.find((t) => t.id === ctx.scheduleTupleId) ?? plan.tuples[0];
    if (tuple === undefined) return { maxCharge: evse.maxPower, maxDischarge: stageDischarge };
    const charging = powerAt(tuple.charging.power.entries, tuple.charging.power.timeAnchorS, nowS);
    const discharging = tuple.discharging && Math.abs(powerAt(tuple.discharging.power.entries, tuple.discharging.power.timeAnchorS, nowS));
    return {
      maxCharge: Math.min(evse.maxPower, Math.max(charging, 0)),
      maxDischarge: Math.min(stageDischarge, charging < 0 ? -charging : (discharging ?? stageDischarge)),
    };
  }
  return { maxCharge: evse.maxPower, maxDischarge: stageDischarge };
}

/** Dynamic control: the plan's target in force, W (negative: discharge), within the window and the EV's limits. */
export function dynamicTarget(ctx: Iso20AnswerContext, window: PowerWindow, ev: ControlFacts, nowMs: number): number {
  const plan = ctx.plan;
  const planned = plan?.control === 'Dynamic' ? powerAt(plan.targets, plan.timeAnchorS, Math.floor(nowMs / 1000)) : window.maxCharge;
  const maxCharge = Math.min(window.maxCharge, ev.quantities.MaximumChargePower ?? Infinity);
  const maxDischarge = Math.min(window.maxDischarge, ev.quantities.MaximumDischargePower ?? 0);
  return Math.max(-maxDischarge, Math.min(maxCharge, planned));
}

/** The Dynamic loop response's plain fields: what the SECC steers to beside the power. */
export function dynamicScalars(ctx: Iso20AnswerContext, nowMs: number) {
  const plan = ctx.plan;
  const scalars: { departureTime?: number; minimumSoc?: number; targetSoc?: number; ackMaxDelay: number } = { ackMaxDelay: ctx.input.ackMaxDelayS ?? 30 };
  if (plan?.control !== 'Dynamic') return scalars;
  // DepartureTime counts down from the plan's anchor: seconds left now.
  if (plan.departureS !== undefined) scalars.departureTime = Math.max(0, plan.departureS - (Math.floor(nowMs / 1000) - plan.timeAnchorS));
  if (plan.minimumSoc !== undefined) scalars.minimumSoc = plan.minimumSoc;
  if (plan.targetSoc !== undefined) scalars.targetSoc = plan.targetSoc;
  return scalars;
}

/** A current for `power` at `voltage`, within the stage's charge and discharge currents. */
export function currentFor(power: number, voltage: number, evse: EvseStatus): number {
  const current = power / Math.max(voltage, 1);
  return Math.max(-(evse.discharge?.maxCurrent ?? 0), Math.min(evse.maxCurrent, current));
}
