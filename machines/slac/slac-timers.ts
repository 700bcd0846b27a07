/**
 * The timers and counters of ISO 15118-3 that the SLAC machines use, by their names, in milliseconds. The ISO text
 * was not available; the values are those the open implementations (EVerest, open-plc-utils, pyPLC) agree on, and
 * where they give a range the choice is said beside it. A deployment overrides any of them through
 * `slacTimingFor(overrides)`.
 */
export interface SlacTimers {
  /** EVSE: from the start of a run (CP state B) until the first CM_SLAC_PARAM.REQ. 20–50 s; EVerest's 40 s. */
  readonly TT_EVSE_SLAC_init: number;
  /** Waiting for the next request or indication of the sequence. */
  readonly TT_match_sequence: number;
  /** Waiting for a response or confirmation. */
  readonly TT_match_response: number;
  /**
   * EV: pause between the first CM_SLAC_PARAM.CNF and the first CM_START_ATTEN_CHAR.IND, during which the CNFs of
   * further EVSEs on the bundle are collected. 0–100 ms; chargers were seen to give up at 250 ms (pyPLC), so 50 ms.
   */
  readonly TP_match_sequence: number;
  /** EV: from the first CM_START_ATTEN_CHAR.IND until every CM_ATTEN_CHAR.IND is in. */
  readonly TT_EV_atten_results: number;
  /** EV: gap between consecutive CM_START_ATTEN_CHAR.IND / CM_MNBC_SOUND.IND. 20–50 ms; 20 as open-plc-utils. */
  readonly TP_EV_batch_msg_interval: number;
  /** EVSE: the window for the sounds' CM_ATTEN_PROFILE.IND, announced as TIME_OUT in 100 ms units. */
  readonly TT_EVSE_match_MNBC: number;
  /** EVSE: after CM_ATTEN_CHAR.RSP, waiting for CM_VALIDATE.REQ or CM_SLAC_MATCH.REQ. */
  readonly TT_EVSE_match_session: number;
  /** After CM_SLAC_MATCH.CNF, until the link in the EVSE's network is up (at most 12 s). */
  readonly TT_match_join: number;
  /**
   * After the match: how long a lost link may stay down before the match is given up, so that a modem restart or a
   * short disturbance is not a failure. (Unverified: test systems name T_conn_resume, 6 s, for loss-of-communication
   * handling without its exact scope; it is used here as that debounce.)
   */
  readonly T_conn_resume: number;
}

export interface SlacCounters {
  /** CM_START_ATTEN_CHAR.IND sent before the sounds. */
  readonly C_EV_start_atten_char_inds: number;
  /** CM_MNBC_SOUND.IND sent (NUM_SOUNDS). */
  readonly C_EV_match_MNBC: number;
  /**
   * Retries of a request or indication (CM_SLAC_PARAM.REQ, CM_SLAC_MATCH.REQ, CM_ATTEN_CHAR.IND) after its first
   * transmission. EVerest's EV allows 100 for CM_SLAC_PARAM.REQ ("2 doesn't seem to work in real life"): override.
   */
  readonly C_EV_match_retry: number;
}

export interface SlacTiming extends SlacTimers, SlacCounters {}

export const STANDARD_SLAC_TIMING: SlacTiming = {
  TT_EVSE_SLAC_init: 40_000,
  TT_match_sequence: 400,
  TT_match_response: 200,
  TP_match_sequence: 50,
  TT_EV_atten_results: 1_200,
  TP_EV_batch_msg_interval: 20,
  TT_EVSE_match_MNBC: 600,
  TT_EVSE_match_session: 10_000,
  TT_match_join: 12_000,
  T_conn_resume: 6_000,
  C_EV_start_atten_char_inds: 3,
  C_EV_match_MNBC: 10,
  C_EV_match_retry: 2,
};

/** The standard's SLAC timing with a deployment's overrides; a negative or non-integer value is a RangeError. */
export function slacTimingFor(overrides: Partial<SlacTiming> = {}): SlacTiming {
  const timing = { ...STANDARD_SLAC_TIMING, ...overrides };
  for (const [name, value] of Object.entries(timing)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return timing;
}

/** TIME_OUT as CM_SLAC_PARAM.CNF and CM_START_ATTEN_CHAR.IND carry it: TT_EVSE_match_MNBC in 100 ms units, rounded up. */
export function soundingTimeOut(timing: SlacTimers): number {
  return Math.ceil(timing.TT_EVSE_match_MNBC / 100);
}
