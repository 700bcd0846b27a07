/** What the EVSE sends in each step of the run, built from its context (ISO 15118-3 message layouts). */
import {
  type CmAttenCharInd,
  type CmSlacMatchCnf,
  type CmSlacParamCnf,
  type CmValidateCnf,
  type CmValidateReq,
} from '../../../codecs/slac/index.js';
import { BROADCAST_MAC } from '../addresses.js';
import { averageProfile } from '../attenuation.js';
import { APPLICATION, RESP_TYPE_OTHER_GP_STATION, ZERO_ID } from '../field-values.js';
import { soundingTimeOut } from '../slac-timers.js';
import type { EvseContext, EvseRun } from './evse-context.js';

/** CM_VALIDATE.CNF Result 3: failure. */
const VALIDATE_RESULT_FAILURE = 3;

/** M-SOUND_TARGET broadcast, NUM_SOUNDS C_EV_match_MNBC, TIME_OUT our window, results to this host (RESP_TYPE 1). */
export function slacParamCnf(c: EvseContext, { ev, RunID }: EvseRun): CmSlacParamCnf {
  return {
    type: 'CM_SLAC_PARAM.CNF',
    ODA: ev,
    OSA: c.mac,
    M_SOUND_TARGET: BROADCAST_MAC,
    NUM_SOUNDS: c.timing.C_EV_match_MNBC,
    TIME_OUT: soundingTimeOut(c.timing),
    RESP_TYPE: RESP_TYPE_OTHER_GP_STATION,
    FORWARDING_STA: ev,
    ...APPLICATION,
    RunID,
  };
}

export function attenCharInd(c: EvseContext, { ev, RunID }: EvseRun): CmAttenCharInd {
  return {
    type: 'CM_ATTEN_CHAR.IND',
    ODA: ev,
    OSA: c.mac,
    ...APPLICATION,
    SOURCE_ADDRESS: ev,
    RunID,
    SOURCE_ID: ZERO_ID,
    RESP_ID: ZERO_ID,
    NUM_SOUNDS: c.profile.sounds,
    AAG: averageProfile(c.profile, c.unmeasuredAttenuation),
  };
}

/**
 * This EVSE does not take part in validation (it has no control-pilot toggle counter), and says so with Result
 * "failure", as EVerest does citing [V2G3-A09-51]; the EV then matches on attenuation alone or not at all.
 */
export function validateCnf(c: EvseContext, req: CmValidateReq): CmValidateCnf {
  return { type: 'CM_VALIDATE.CNF', ODA: req.OSA, OSA: c.mac, SignalType: req.SignalType, ToggleNum: 0, Result: VALIDATE_RESULT_FAILURE };
}

export function slacMatchCnf(c: EvseContext, { ev, RunID }: EvseRun): CmSlacMatchCnf {
  return {
    type: 'CM_SLAC_MATCH.CNF',
    ODA: ev,
    OSA: c.mac,
    ...APPLICATION,
    PEV_ID: ZERO_ID,
    PEV_MAC: ev,
    EVSE_ID: ZERO_ID,
    EVSE_MAC: c.mac,
    RunID,
    NID: c.nid,
    NMK: c.nmk,
  };
}
