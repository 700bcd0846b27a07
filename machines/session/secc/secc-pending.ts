/**
 * What the SECC waits for from outside its session, written once for every protocol: a handler's answer asks
 * (`SeccAnswer.ask`), the kit emits the question once per kind (`backend.ask`), the runner hands it to the adapter that
 * decides (a backend, an RFID reader, later an energy manager or a certificate service) and sends the verdict back
 * (`backend.reply`), whenever it comes. The kit keeps the state of each question in `pending`, which every handler reads:
 * while a verdict is outstanding, a response that has EVSEProcessing answers Ongoing and the EV asks again (DIN
 * ContractAuthenticationRes, ISO 15118-2 AuthorizationRes, ChargeParameterDiscoveryRes, ISO 15118-20
 * ScheduleExchangeRes), bounded by the
 * standard's timers either way: the EV's V2G_EVCC_Ongoing_Timeout over its requests, the SECC's
 * V2G_SECC_Sequence_Timeout between them.
 */
import type { SeccKitInput } from '../session-input.js';
import type { PowerEntryFacts, PriceScheduleFacts, ScheduleTupleFacts } from '../../iso20/iso20-schedule-exchange.js';
import type { CertificateQuestion, CertificateReply, ContractQuestion, ContractReply } from './contract-questions.js';

/** EIM authorization: the customer identified at the EVSE or its backend (RFID, app, button); Contract comes with PnC. */
export interface AuthorizationQuestion {
  readonly kind: 'authorization';
  readonly means: 'ExternalPayment';
  /** The EVSE's ID as ISO 15118-2 writes it, and the session's ID: what a backend's authorization record names. */
  readonly evseId: string;
  readonly sessionId: Uint8Array;
}

export interface AuthorizationReply {
  readonly kind: 'authorization';
  readonly verdict: 'accepted' | 'refused';
}

/**
 * ISO 15118-20's ScheduleExchange: the site's energy manager plans this session, by ScheduleTuples the EV picks from
 * (Scheduled) or by targets the SECC steers the EV to (Dynamic). Powers in W, negative: discharge (BPT).
 */
export interface ScheduleQuestion {
  readonly kind: 'schedule';
  readonly control: 'Scheduled' | 'Dynamic';
  /** The EV may be discharged (AC_BPT, DC_BPT). */
  readonly bidirectional: boolean;
  readonly evseId: string;
  readonly sessionId: Uint8Array;
  /** When asked, s since the epoch on the session's clock: where the plan's TimeAnchor starts. */
  readonly nowS: number;
  /** How many entries the EV takes per schedule (MaximumSupportingPoints). */
  readonly maxEntries: number;
  /** The EV's wishes: departure, s from now, and energy, Wh (EVTarget/Maximum/MinimumEnergyRequest), where it gave them. */
  readonly departureS?: number;
  readonly targetEnergy?: number;
  readonly maximumEnergy?: number;
  readonly minimumEnergy?: number;
  /** The stage's limits now, W: the plan stays within them. */
  readonly maxChargePower: number;
  readonly maxDischargePower: number;
}

/** Targets over time for Dynamic control: the power the SECC steers the EV to, entry after entry from `timeAnchorS`. */
export interface DynamicPlan {
  readonly control: 'Dynamic';
  readonly timeAnchorS: number;
  readonly targets: readonly PowerEntryFacts[];
  /** Offered to the EV in ScheduleExchangeRes and in each loop: departure, s from now, and SoC bounds, percent. */
  readonly departureS?: number;
  readonly minimumSoc?: number;
  readonly targetSoc?: number;
  readonly price?: PriceScheduleFacts;
}

export interface ScheduledPlan {
  readonly control: 'Scheduled';
  /** 1 to 3 ScheduleTuples, each a charging schedule and, in BPT, a discharging one. */
  readonly tuples: readonly ScheduleTupleFacts[];
}

export type EnergyPlan = ScheduledPlan | DynamicPlan;

export interface ScheduleReply {
  readonly kind: 'schedule';
  /** Absent: the station has no energy manager; the SECC plans from the stage's limits alone. */
  readonly plan?: EnergyPlan;
}

export type SeccQuestion = AuthorizationQuestion | ScheduleQuestion | ContractQuestion | CertificateQuestion;
export type SeccReply = AuthorizationReply | ScheduleReply | ContractReply | CertificateReply;

/** Each question asked, with its verdict once it came. */
export type SeccPending = { readonly [K in SeccQuestion['kind']]?: 'asked' | Extract<SeccReply, { readonly kind: K }> };

/** What the SECC emits toward the outside world, and what it receives back. */
export type SeccAskEvent = { readonly type: 'backend.ask'; readonly question: SeccQuestion };
export type SeccReplyEvent = { readonly type: 'backend.reply'; readonly reply: SeccReply };

/** The question an SECC asks once the EV chose EIM (ExternalPayment). */
export function eimAuthorizationQuestion(facts: { readonly input: SeccKitInput; readonly sessionId?: Uint8Array }): AuthorizationQuestion {
  return { kind: 'authorization', means: 'ExternalPayment', evseId: facts.input.evseId, sessionId: facts.sessionId ?? facts.input.newSessionId };
}

/**
 * EIM authorization as the handlers read it: accepted once the EVSE saw the identification itself (its status's
 * `authorized`) or the backend accepted; refused when the backend refused; pending until then.
 */
export function eimAuthorization(facts: { readonly pending: SeccPending; readonly evse: { readonly authorized: boolean } }): 'accepted' | 'refused' | 'pending' {
  const reply = facts.pending.authorization;
  if (facts.evse.authorized || (reply !== undefined && reply !== 'asked' && reply.verdict === 'accepted')) return 'accepted';
  return reply !== undefined && reply !== 'asked' ? 'refused' : 'pending';
}
