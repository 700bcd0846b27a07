/**
 * The EVSE side's boundary to the site's energy management: what this connector may draw now, as a load manager, a
 * building's EMS or a grid operator's limit (an OCPP charging profile, in W or in A per phase) sets it. The SECC
 * offers the EV no more: the allowance lowers the limits of the snapshot it reads (composed-evse.ts), and with them
 * EVSEMaximumPowerLimit, EVSEMaxCurrent, the SAScheduleList's PMax and the current it grants. ISO 15118-20's scheduled
 * and dynamic control modes take their schedules and targets from this boundary too (`plan`), asynchronously: the SECC
 * answers ScheduleExchangeRes with EVSEProcessing=Ongoing until the plan comes.
 */
import type { Observable } from 'rxjs';
import type { EnergyPlan, ScheduleQuestion } from '../../machines/session/secc/secc-pending.js';

export interface EnergyAllowance {
  /** The most power this connector may draw, W; absent: no limit in power. */
  readonly maxPower?: number;
  /** The most current per phase (AC) or at the output (DC), A; absent: no limit in current. */
  readonly maxCurrent?: number;
  /** The most power the site takes back from the EV (ISO 15118-20 BPT), W; absent: no limit in discharge power. */
  readonly maxDischargePower?: number;
}

export interface EnergyManagement {
  /** The latest allowance first, then each change. */
  readonly allowance$: Observable<EnergyAllowance>;
}

/** The site's plan for one ISO 15118-20 session: ScheduleTuples (Scheduled) or power targets over time (Dynamic). */
export interface EnergyPlanning {
  /** The plan for `question`, whenever it is ready; the runner cancels (`signal`) when the session ends first. */
  plan(question: ScheduleQuestion, signal: AbortSignal): Promise<EnergyPlan>;
}
