/**
 * V2G_SECC_Sequence_Timeout as the SECC machines keep it: it runs from each response to the next request
 * [V2G2-443], in every state that waits for a request.
 *
 * A request that leaves the SECC in its state (CurrentDemandReq, an Ongoing CableCheckReq) does not re-enter the state
 * to re-arm the timer: at ten thousand requests a second, exit, entry, a cancelled and a new timer were about a quarter
 * of a loaded station's garbage. The request pushes the deadline back instead; the state's timer, if it fires before
 * the deadline, is armed again for the rest, and only a timer that fires at the deadline ends the session. The times
 * are those the requests arrived at, on the session's clock (`SeccRequestEvent.time`), so the machine stays pure.
 * A pure machine cannot know when its timer ran: one that runs late (a busy event loop) arms the rest from then, so the
 * session ends that much later, as a re-armed timer would.
 */
export interface SequenceTimeout {
  /** When the state's running timer was armed, and when it fires, ms on the session's clock. */
  readonly armedAt: number;
  readonly firesAt: number;
  /** The last response's time + V2G_SECC_Sequence_Timeout. */
  readonly deadline: number;
  /** The timer's length in the present state, ms: -20's charge loop has its own (V2G_SECC_Sequence_Timeout_ChargeLoop). */
  readonly length: number;
}

/** The SECC's sequence timers: the one of every waiting state, and -20's inside the charge loop. */
export type SequenceTimer = 'V2G_SECC_Sequence_Timeout' | 'V2G_SECC_Sequence_Timeout_ChargeLoop';

/** The first state's timer: until a request gives a time, only its length counts, from the session's start. */
export function initialSequence(timeout: number): SequenceTimeout {
  return { armedAt: 0, firesAt: timeout, deadline: timeout, length: timeout };
}

/**
 * On entering a waiting state: one a request led to times from that request's response (`time`, the request's);
 * one a timer led to (`time` undefined) keeps the timing it has.
 */
export function enteredOn(sequence: SequenceTimeout, time: number | undefined, timeout: number): SequenceTimeout {
  if (time === undefined) return sequence;
  return { armedAt: time, firesAt: time + timeout, deadline: time + timeout, length: timeout };
}

/** A request answered at `time` without leaving the state: the state's timer runs from it. */
export function pushedBack(sequence: SequenceTimeout, time: number): SequenceTimeout {
  return { armedAt: sequence.armedAt, firesAt: sequence.firesAt, deadline: time + sequence.length, length: sequence.length };
}

/** The timer fired before the deadline: it runs again, from the moment it fired, for the rest. */
export function rearmed(sequence: SequenceTimeout): SequenceTimeout {
  return { armedAt: sequence.firesAt, firesAt: sequence.deadline, deadline: sequence.deadline, length: sequence.length };
}

/** The timer fired before the deadline, so no timeout yet. */
export function deadlineAhead(sequence: SequenceTimeout): boolean {
  return sequence.deadline > sequence.firesAt;
}

/** How long the state's timer runs, ms. */
export function timerDelay(sequence: SequenceTimeout): number {
  return sequence.firesAt - sequence.armedAt;
}

/**
 * The timer part of a state waiting for a request, in a machine that implements the actions `armSequenceTimeout` and
 * `rearmSequenceTimeout`, the guard `deadlineAhead` and the delay `V2G_SECC_Sequence_Timeout` with the functions
 * above; `timedOut` is the transition that ends the session.
 */
export function sequenceTimed<const T extends object>(timedOut: T) {
  return { entry: 'armSequenceTimeout', after: { V2G_SECC_Sequence_Timeout: timedOut } } as const;
}

/**
 * The same for state `name`, which a request can keep the session in: a timer short of the deadline runs again. Its
 * timer is `timer`: a state other than V2G_SECC_Sequence_Timeout's arms with the action's `timer` parameter.
 */
export function sequenceTimedLoop<const T extends object>(name: string, timedOut: T, timer: SequenceTimer = 'V2G_SECC_Sequence_Timeout') {
  const rearm = { guard: 'deadlineAhead', target: name, reenter: true, actions: 'rearmSequenceTimeout' } as const;
  const entry = timer === 'V2G_SECC_Sequence_Timeout' ? 'armSequenceTimeout' : ({ type: 'armSequenceTimeout', params: { timer } } as const);
  return { entry, after: { [timer]: [rearm, timedOut] } } as const;
}
