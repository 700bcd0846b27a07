/**
 * The EVCC's answer to a Finished ScheduleExchangeRes:
 * - GoToPause: the station has no energy for now; the EV pauses the session.
 * - WARNING_ScheduleRenegotiationFailed after PowerDelivery(ScheduleRenegotiation): the schedule in force stays (the
 *   code anywhere else is read as any WARNING: the response's schedule is taken).
 * - Scheduled: the EV picks a ScheduleTuple: the first the station lists whose charging schedule starts above zero
 *   power, else the first (the open stacks pick the first; decided without the standard's text). A response without
 *   the Scheduled element cannot be followed.
 * - Dynamic: nothing to pick; the SECC steers each loop. A response without the Dynamic element cannot be followed.
 * Pure, table-tested.
 */
import type { ScheduleExchangeResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { readScheduleExchangeRes, type ScheduleTupleFacts } from '../iso20-schedule-exchange.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';

export type ScheduleExchangeAnswer =
  | { readonly next: 'pause' | 'keep' | 'unusable' | 'dynamic' }
  | { readonly next: 'scheduled'; readonly schedule: ScheduleTupleFacts };

export function answerScheduleExchange(input: Pick<Iso20EvccInput, 'controlMode'>, res: ScheduleExchangeResType, renegotiating: boolean): ScheduleExchangeAnswer {
  if (res.GoToPause === true) return { next: 'pause' };
  if (renegotiating && res.ResponseCode === 'WARNING_ScheduleRenegotiationFailed') return { next: 'keep' };
  const facts = readScheduleExchangeRes(res);
  if (facts.control.mode !== input.controlMode) return { next: 'unusable' };
  if (facts.control.mode === 'Dynamic') return { next: 'dynamic' };
  const tuples = facts.control.tuples;
  const schedule = tuples.find((t) => (t.charging.power.entries[0]?.power ?? 0) > 0) ?? tuples[0];
  return schedule === undefined ? { next: 'unusable' } : { next: 'scheduled', schedule };
}

/**
 * Where the EV goes after a Finished ScheduleExchangeRes: a pause asked while energy flowed (a renegotiation) stops it
 * first; a pause before, or a response it cannot follow, ends the session by SessionStop; DC checks the cable and
 * precharges before the first PowerDelivery(Start), not after a renegotiation, whose schedule (or the one kept) starts
 * at once.
 */
export type ScheduleExchangeStep = 'stopThenPause' | 'end' | 'cableCheck' | 'powerDelivery';

export function stepAfterScheduleExchange(
  context: { readonly input: Pick<Iso20EvccInput, 'controlMode' | 'protocol'>; readonly renegotiating: boolean },
  res: ScheduleExchangeResType,
): ScheduleExchangeStep {
  const answer = answerScheduleExchange(context.input, res, context.renegotiating);
  if (answer.next === 'pause') return context.renegotiating ? 'stopThenPause' : 'end';
  if (answer.next === 'unusable') return 'end';
  return context.renegotiating || answer.next === 'keep' || context.input.protocol !== 'iso20-dc' ? 'powerDelivery' : 'cableCheck';
}
