/**
 * A SIMULATED site energy manager for ISO 15118-20 sessions, the demo's grid scenario: the grid lets the EV charge,
 * then asks for energy back for a while (a peak the site shaves with the EV's battery), then lets it charge to its
 * target. Scheduled control: one ScheduleTuple whose charging schedule has the discharge slot (a negative entry) and,
 * for a bidirectional session, a discharging schedule allowing it; priced by absolute prices or price levels where
 * asked. Dynamic control: the same three steps as the targets the SECC steers the EV to, with the EV's departure and
 * the SoC bounds. A unidirectional session gets a pause (0 W) where the slot is. The plan is ready `planAfterMs` after
 * the question (the SECC answers Ongoing meanwhile), at once by default. Deterministic: time comes only from the injected clock.
 */
import { BehaviorSubject } from 'rxjs';
import type { Clock } from '../../base/clock.js';
import type { EnergyAllowance, EnergyManagement, EnergyPlanning } from '../evse/energy-management.js';
import type { EnergyPlan, ScheduleQuestion } from '../../machines/session/secc/secc-pending.js';
import type { PowerEntryFacts, PriceScheduleFacts } from '../../machines/iso20/iso20-schedule-exchange.js';
import { inRange, positive } from './errors.js';
import { createScheduler } from './scheduler.js';

export interface EnergyManagerOptions {
  readonly clock: Clock;
  /** How long the EV charges first, s of plan time. Default 10: a demo's scale. */
  readonly chargeFirstS?: number;
  /** How long the grid takes energy back, s. Default 10. */
  readonly dischargeS?: number;
  /** How much it takes back, W; capped by the stage's discharge limit. Default 11 000. */
  readonly dischargePower?: number;
  /** The site's allowance for this connector, W; absent: the stage's limits. */
  readonly maxPower?: number;
  /** The plan is ready this long after the question, ms of clock time. Default 0. */
  readonly planAfterMs?: number;
  /** Prices of the Scheduled tuple. Default none. */
  readonly pricing?: 'absolute' | 'levels';
  /** Dynamic control: the SoC bounds the SECC steers to, percent. */
  readonly minimumSoc?: number;
  readonly targetSoc?: number;
}

export interface EnergyManagerSimulator extends EnergyManagement, EnergyPlanning {
  /** The questions asked, in order (what a test reads). */
  readonly questions: readonly ScheduleQuestion[];
  stop(): void;
}

const NAME = 'energy-manager';
/** The plan's horizon: one day, the longest a -20 schedule covers. */
const HORIZON_S = 86_400;

export function createEnergyManagerSimulator(options: EnergyManagerOptions): EnergyManagerSimulator {
  const chargeFirstS = positive(NAME, 'chargeFirstS', options.chargeFirstS ?? 10);
  const dischargeS = positive(NAME, 'dischargeS', options.dischargeS ?? 10);
  const dischargePower = inRange(NAME, 'dischargePower', options.dischargePower ?? 11_000, 0);
  const planAfterMs = inRange(NAME, 'planAfterMs', options.planAfterMs ?? 0, 0);
  const allowance: EnergyAllowance = options.maxPower === undefined ? {} : { maxPower: positive(NAME, 'maxPower', options.maxPower) };
  const allowance$ = new BehaviorSubject(allowance);
  const scheduler = createScheduler(options.clock);
  const questions: ScheduleQuestion[] = [];

  function plan(question: ScheduleQuestion): EnergyPlan {
    const charge = question.maxChargePower;
    const back = question.bidirectional ? Math.min(dischargePower, question.maxDischargePower) : 0;
    const steps = (slot: number, around: number): PowerEntryFacts[] => [
      { durationS: chargeFirstS, power: around },
      { durationS: dischargeS, power: slot },
      { durationS: HORIZON_S - chargeFirstS - dischargeS, power: around },
    ];
    if (question.control === 'Dynamic') {
      return {
        control: 'Dynamic',
        timeAnchorS: question.nowS,
        targets: steps(-back, charge),
        ...(question.departureS === undefined ? {} : { departureS: question.departureS }),
        ...(options.minimumSoc === undefined ? {} : { minimumSoc: options.minimumSoc }),
        ...(options.targetSoc === undefined ? {} : { targetSoc: options.targetSoc }),
      };
    }
    const price = priceOf(options.pricing, question.nowS);
    const charging = { power: { timeAnchorS: question.nowS, entries: steps(-back, charge) }, ...(price ? { price } : {}) };
    const discharging = { power: { timeAnchorS: question.nowS, entries: steps(-back, 0) } };
    return { control: 'Scheduled', tuples: [{ id: 1, charging, ...(question.bidirectional ? { discharging } : {}) }] };
  }

  return {
    allowance$: allowance$.asObservable(),
    questions,
    plan(question, signal) {
      questions.push(question);
      if (planAfterMs === 0) return Promise.resolve(plan(question));
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        scheduler.after(planAfterMs, () => {
          signal.removeEventListener('abort', onAbort);
          if (!signal.aborted) resolve(plan(question));
        });
      });
    },
    stop() {
      scheduler.cancelAll();
      allowance$.complete();
    },
  };
}

/** A flat price for the day: an absolute energy fee, or the middle of three price levels. */
function priceOf(pricing: EnergyManagerOptions['pricing'], nowS: number): PriceScheduleFacts | undefined {
  if (pricing === 'levels') return { kind: 'levels', id: 1, timeAnchorS: nowS, numberOfLevels: 3, entries: [{ durationS: 0, level: 1 }] };
  if (pricing !== 'absolute') return undefined;
  return {
    kind: 'absolute',
    id: 1,
    timeAnchorS: nowS,
    currency: 'EUR',
    language: 'ENG',
    priceAlgorithm: 'urn:iso:std:iso:15118:-20:PriceAlgorithm:1-Power',
    stacks: [{ durationS: 0, rules: [{ energyFee: 0.00035, powerRangeStart: 0 }] }],
  };
}
