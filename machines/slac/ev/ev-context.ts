import { RUN_ID_LENGTH, type MacAddress } from '../../../codecs/slac/index.js';
import type { AttenuationResult } from '../attenuation.js';
import { slacTimingFor, type SlacTiming } from '../slac-timers.js';

export interface EvSlacInput {
  /** The EV host's MAC (the source of every frame it sends, PEV MAC in the messages). */
  readonly mac: MacAddress;
  /** 8 random octets chosen by the caller for this run (the machine draws no randomness). */
  readonly runId: Uint8Array;
  readonly timing?: Partial<SlacTiming>;
  /**
   * The highest mean attenuation (dB) of an EVSE the EV matches with. The sources disagree (10, 40 dB), so it is
   * configurable; 40 dB as open-plc-utils' PEV, which the captured chargers (11–16 dB) pass.
   */
  readonly C_EV_match_signalattn_direct?: number;
  /**
   * true (default): the link is up when the actor reports `slac.linkUp` (modem link status, or the software
   * modem). false, for modems without link detection: the link counts as up once the modem confirms CM_SET_KEY,
   * as EVerest's EV does.
   */
  readonly linkDetection?: boolean;
}

export interface EvContext {
  readonly mac: MacAddress;
  readonly runId: Uint8Array;
  readonly timing: SlacTiming;
  readonly threshold: number;
  readonly linkDetection: boolean;
  /** Transmissions of the request now waiting for its confirmation (CM_SLAC_PARAM.REQ, then CM_SLAC_MATCH.REQ). */
  readonly tries: number;
  readonly startAttenCharSent: number;
  readonly soundsSent: number;
  /** The EVSEs that answered CM_SLAC_PARAM.CNF, in order. */
  readonly evses: readonly MacAddress[];
  /** One per EVSE that sent CM_ATTEN_CHAR.IND, in order of arrival. */
  readonly results: readonly AttenuationResult[];
  readonly chosen: MacAddress | undefined;
  readonly nmk: Uint8Array | undefined;
  readonly nid: Uint8Array | undefined;
  /** Set once the link was ready: a later stop reports the match. */
  readonly linked: boolean;
  readonly failure: string | undefined;
}

export const DEFAULT_SIGNAL_ATTENUATION_THRESHOLD = 40;

export function evContext(input: EvSlacInput): EvContext {
  if (input.runId.length !== RUN_ID_LENGTH) {
    throw new RangeError(`RunID must be ${RUN_ID_LENGTH} octets, got ${input.runId.length}`);
  }
  return {
    mac: input.mac,
    runId: Uint8Array.from(input.runId),
    timing: slacTimingFor(input.timing),
    threshold: input.C_EV_match_signalattn_direct ?? DEFAULT_SIGNAL_ATTENUATION_THRESHOLD,
    linkDetection: input.linkDetection ?? true,
    tries: 0,
    startAttenCharSent: 0,
    soundsSent: 0,
    evses: [],
    results: [],
    chosen: undefined,
    nmk: undefined,
    nid: undefined,
    linked: false,
    failure: undefined,
  };
}
