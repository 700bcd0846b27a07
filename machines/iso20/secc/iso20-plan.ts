/**
 * The energy plan of a -20 session: what the SECC asks the site's energy manager (secc-pending.ts `schedule`), the
 * plan it makes from the stage's limits alone where the station has none, and the power a plan allows at a moment.
 */
import type { EnergyPlan, ScheduleQuestion } from '../../session/secc/secc-pending.js';
import type { PowerEntryFacts } from '../iso20-schedule-exchange.js';
import { isBidirectional } from '../iso20-services.js';
import type { Iso20AnswerContext, Selection } from './iso20-secc-context.js';

/** A plan's horizon where the stage's limits alone plan: one day, the longest a -20 schedule covers. */
const FLAT_PLAN_S = 86_400;

export interface EvWishes {
  readonly maxEntries: number;
  readonly departureS?: number;
  readonly targetEnergy?: number;
  readonly maximumEnergy?: number;
  readonly minimumEnergy?: number;
}

export function scheduleQuestion(ctx: Iso20AnswerContext, selection: Selection, wishes: EvWishes, nowMs: number): ScheduleQuestion {
  const bidirectional = isBidirectional(selection.service);
  return {
    kind: 'schedule',
    control: selection.control,
    bidirectional,
    evseId: ctx.input.evseId,
    sessionId: ctx.sessionId ?? ctx.input.newSessionId,
    nowS: Math.floor(nowMs / 1000),
    ...wishes,
    maxChargePower: ctx.evse.maxPower,
    maxDischargePower: bidirectional ? (ctx.evse.discharge?.maxPower ?? 0) : 0,
  };
}

/** Without an energy manager: the stage's limits for a day, charging and, in BPT, discharging. */
export function flatPlan(question: ScheduleQuestion): EnergyPlan {
  const charging = { power: { timeAnchorS: question.nowS, entries: [{ durationS: FLAT_PLAN_S, power: question.maxChargePower }] } };
  if (question.control === 'Dynamic') return { control: 'Dynamic', timeAnchorS: question.nowS, targets: charging.power.entries };
  const discharging = { power: { timeAnchorS: question.nowS, entries: [{ durationS: FLAT_PLAN_S, power: -question.maxDischargePower }] } };
  return { control: 'Scheduled', tuples: [{ id: 1, charging, ...(question.bidirectional ? { discharging } : {}) }] };
}

/** The power of the entry in force at `nowS` of entries from `anchorS`; past the last entry, the last one holds. */
export function powerAt(entries: readonly PowerEntryFacts[], anchorS: number, nowS: number): number {
  let start = anchorS;
  for (const entry of entries) {
    if (nowS < start + entry.durationS) return entry.power;
    start += entry.durationS;
  }
  return entries.at(-1)?.power ?? 0;
}
