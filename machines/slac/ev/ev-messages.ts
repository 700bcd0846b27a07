/** What the EV sends in each step of the run, built from its context (ISO 15118-3 message layouts). */
import {
  type CmAttenCharInd,
  type CmAttenCharRsp,
  type CmMnbcSoundInd,
  type CmSlacMatchReq,
  type CmSlacParamReq,
  type CmStartAttenCharInd,
  type MacAddress,
} from '../../../codecs/slac/index.js';
import { BROADCAST_MAC } from '../addresses.js';
import { APPLICATION, RESP_TYPE_OTHER_GP_STATION, ZERO_ID } from '../field-values.js';
import { soundingTimeOut } from '../slac-timers.js';
import type { EvContext } from './ev-context.js';

export function slacParamReq(c: EvContext): CmSlacParamReq {
  return { type: 'CM_SLAC_PARAM.REQ', ODA: BROADCAST_MAC, OSA: c.mac, ...APPLICATION, RunID: c.runId, CipherSuite: [] };
}

export function startAttenCharInd(c: EvContext): CmStartAttenCharInd {
  return {
    type: 'CM_START_ATTEN_CHAR.IND',
    ODA: BROADCAST_MAC,
    OSA: c.mac,
    ...APPLICATION,
    NUM_SOUNDS: c.timing.C_EV_match_MNBC,
    TIME_OUT: soundingTimeOut(c.timing),
    RESP_TYPE: RESP_TYPE_OTHER_GP_STATION,
    FORWARDING_STA: c.mac,
    RunID: c.runId,
  };
}

/** SenderID and RND are zero, as open-plc-utils sends them; no receiver reads them. */
export function mnbcSoundInd(c: EvContext): CmMnbcSoundInd {
  return {
    type: 'CM_MNBC_SOUND.IND',
    ODA: BROADCAST_MAC,
    OSA: c.mac,
    ...APPLICATION,
    SenderID: ZERO_ID,
    CNT: c.timing.C_EV_match_MNBC - c.soundsSent - 1,
    RunID: c.runId,
    RND: new Uint8Array(16),
  };
}

/** Result 0 (success). */
export function attenCharRsp(c: EvContext, ind: CmAttenCharInd): CmAttenCharRsp {
  return {
    type: 'CM_ATTEN_CHAR.RSP',
    ODA: ind.OSA,
    OSA: c.mac,
    ...APPLICATION,
    SOURCE_ADDRESS: c.mac,
    RunID: c.runId,
    SOURCE_ID: ZERO_ID,
    RESP_ID: ZERO_ID,
    Result: 0,
  };
}

export function slacMatchReq(c: EvContext, evse: MacAddress): CmSlacMatchReq {
  return {
    type: 'CM_SLAC_MATCH.REQ',
    ODA: evse,
    OSA: c.mac,
    ...APPLICATION,
    PEV_ID: ZERO_ID,
    PEV_MAC: c.mac,
    EVSE_ID: ZERO_ID,
    EVSE_MAC: evse,
    RunID: c.runId,
  };
}
