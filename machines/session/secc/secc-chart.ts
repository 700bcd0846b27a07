/**
 * The building blocks of every SECC chart: a state waiting for the EV's next request (bounded by
 * V2G_SECC_Sequence_Timeout [V2G2-443]), one the EV's requests can keep the session in, and a request's transitions: answered and on, answered and
 * staying, answered by EVSEProcessing (the Ongoing rule: Finished goes on, Ongoing stays and the EV asks again), or
 * answered and routed by what the handler said (`SeccAnswer.route`). A protocol's chart is a table of these; the
 * guards and actions they name are the kit's (secc-session-kit.ts).
 */
import { sequenceTimed, sequenceTimedLoop, type SequenceTimer } from '../sequence-timeout.js';
import type { SeccRequestType } from './secc-answer.js';

type Guard = 'finished' | { readonly type: 'route'; readonly params: { readonly route: string } };
type Action = 'answer' | 'pushBackSequenceTimeout' | { readonly type: 'refuse'; readonly params: { readonly code: string } };

export interface SeccTransition {
  readonly guard?: Guard;
  readonly target?: string;
  readonly actions: Action | readonly Action[];
}

/** A state's requests and what each leads to, in the order its guards are tried. */
export type SeccRequests = Readonly<Partial<Record<SeccRequestType, readonly SeccTransition[]>>>;

export interface SeccWaitingState {
  readonly entry: 'armSequenceTimeout' | { readonly type: 'armSequenceTimeout'; readonly params: { readonly timer: SequenceTimer } };
  readonly after: object;
  readonly on: SeccRequests;
}

/** The actions of a request answered without leaving the state: its deadline moves, its timer stays (sequence-timeout.ts). */
const ANSWER_AND_STAY = ['answer', 'pushBackSequenceTimeout'] as const;

const SEQUENCE_TIMEOUT = { target: 'failed', actions: 'noteSequenceTimeout' } as const;

function merged(parts: readonly SeccRequests[]): SeccRequests {
  const on: Partial<Record<SeccRequestType, SeccTransition[]>> = {};
  for (const part of parts) {
    for (const [type, transitions] of Object.entries(part) as [SeccRequestType, readonly SeccTransition[]][]) {
      on[type] = [...(on[type] ?? []), ...transitions];
    }
  }
  return on;
}

/** A state waiting for the EV's next request: none within V2G_SECC_Sequence_Timeout of the last response fails [V2G2-443]. */
export function waiting(...requests: readonly SeccRequests[]): SeccWaitingState {
  return { ...sequenceTimed(SEQUENCE_TIMEOUT), on: merged(requests) };
}

/** State `name`, waiting, with a request that keeps the session in it: a timer short of the deadline runs again. */
export function looping(name: string, ...requests: readonly SeccRequests[]): SeccWaitingState {
  return { ...sequenceTimedLoop(name, SEQUENCE_TIMEOUT), on: merged(requests) };
}

/** The same under `timer`, a protocol's own sequence timer for the state (-20's V2G_SECC_Sequence_Timeout_ChargeLoop). */
export function loopingUnder(timer: SequenceTimer, name: string, ...requests: readonly SeccRequests[]): SeccWaitingState {
  return { ...sequenceTimedLoop(name, SEQUENCE_TIMEOUT, timer), on: merged(requests) };
}

/** Request `type` in a state, its transitions tried in order. */
export function on(type: SeccRequestType, ...transitions: readonly SeccTransition[]): SeccRequests {
  return { [type]: transitions };
}

/** Answered, then `target`. */
export function to(target: string): SeccTransition {
  return { target, actions: 'answer' };
}

/** Answered, staying in the state. */
export function stay(): SeccTransition {
  return { actions: ANSWER_AND_STAY };
}

/** Answered, then `target`, when the handler routed its answer so (`SeccAnswer.route`). */
export function when(route: string, target: string): SeccTransition {
  return { guard: { type: 'route', params: { route } }, target, actions: 'answer' };
}

/** Answered, staying in the state, when the handler routed its answer so (a WARNING the EV may answer differently). */
export function stayWhen(route: string): SeccTransition {
  return { guard: { type: 'route', params: { route } }, actions: ANSWER_AND_STAY };
}

/** Refused with `code` instead of the handler's answer, when it routed the answer so: the session ends. */
export function refuse(route: string, code: string): SeccTransition {
  return { guard: { type: 'route', params: { route } }, target: 'failed', actions: { type: 'refuse', params: { code } } };
}

/** The Ongoing rule: a Finished answer goes on to `target`, an Ongoing one stays and the EV asks again. */
export function polled(type: SeccRequestType, target: string): SeccRequests {
  return on(type, { guard: 'finished', target, actions: 'answer' }, stay());
}
