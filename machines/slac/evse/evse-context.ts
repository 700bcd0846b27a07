import { NID_LENGTH, NMK_LENGTH, nidFromNmk, type MacAddress } from '../../../codecs/slac/index.js';
import { EMPTY_PROFILE_SUM, type ProfileSum } from '../attenuation.js';
import { slacTimingFor, type SlacTiming } from '../slac-timers.js';

export interface EvseSlacInput {
  /** The EVSE host's MAC (EVSE MAC in the messages). */
  readonly mac: MacAddress;
  /**
   * A fresh random NMK for this run, drawn by the caller (`generateNmk()`): a vehicle matched before cannot rejoin
   * without matching again (EVerest draws one on every reset).
   */
  readonly nmk: Uint8Array;
  /** Default: derived from the NMK (HomePlug AV), as the NID sent in CM_SET_KEY.REQ and CM_SLAC_MATCH.CNF must be. */
  readonly nid?: Uint8Array;
  readonly timing?: Partial<SlacTiming>;
  /**
   * dB reported for every group when the modem reported sounds without measuring them (NumGroups 0, as the QCA7420
   * EVSE modem of the Model Y capture does). Default 10 (unverified; see `averageProfile`).
   */
  readonly unmeasuredAttenuation?: number;
  /** As for the EV; false: the link counts as up once CM_SLAC_MATCH.CNF is sent (the EVSE's key is already set). */
  readonly linkDetection?: boolean;
}

/** The one EV this run answers, and its RunID. */
export interface EvseRun {
  readonly ev: MacAddress;
  readonly RunID: Uint8Array;
}

export interface EvseContext {
  readonly mac: MacAddress;
  readonly nmk: Uint8Array;
  readonly nid: Uint8Array;
  readonly timing: SlacTiming;
  readonly unmeasuredAttenuation: number;
  readonly linkDetection: boolean;
  /** Set by the EV's CM_SLAC_PARAM.REQ. */
  readonly run: EvseRun | undefined;
  /** NUM_SOUNDS the EV announced in CM_START_ATTEN_CHAR.IND. */
  readonly numSounds: number;
  readonly profile: ProfileSum;
  /** Transmissions of CM_ATTEN_CHAR.IND. */
  readonly tries: number;
  readonly linked: boolean;
  readonly failure: string | undefined;
}

export const DEFAULT_UNMEASURED_ATTENUATION = 10;

export function evseContext(input: EvseSlacInput): EvseContext {
  if (input.nmk.length !== NMK_LENGTH) throw new RangeError(`NMK must be ${NMK_LENGTH} octets, got ${input.nmk.length}`);
  if (input.nid !== undefined && input.nid.length !== NID_LENGTH) {
    throw new RangeError(`NID must be ${NID_LENGTH} octets, got ${input.nid.length}`);
  }
  return {
    mac: input.mac,
    nmk: Uint8Array.from(input.nmk),
    nid: input.nid ?? nidFromNmk(input.nmk),
    timing: slacTimingFor(input.timing),
    unmeasuredAttenuation: input.unmeasuredAttenuation ?? DEFAULT_UNMEASURED_ATTENUATION,
    linkDetection: input.linkDetection ?? true,
    run: undefined,
    numSounds: 0,
    profile: EMPTY_PROFILE_SUM,
    tries: 0,
    linked: false,
    failure: undefined,
  };
}
