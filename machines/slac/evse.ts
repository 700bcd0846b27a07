/**
 * SLAC, EVSE side (ISO 15118-3): answer one EV per run. Put the local modem into this run's fresh network
 * (CM_SET_KEY.REQ); answer the EV's CM_SLAC_PARAM.REQ; gather the attenuation profiles the modem measures from the
 * EV's sounds and report their average in CM_ATTEN_CHAR.IND; hand the network's NMK/NID over in
 * CM_SLAC_MATCH.CNF; wait for the link. Pure: frames and link changes in as events, frames out by `emit`.
 */
import { assign, enqueueActions, setup } from 'xstate';
import { sameBytes } from './addresses.js';
import { addProfile, EMPTY_PROFILE_SUM } from './attenuation.js';
import type { EvseSlacOutcome, SlacEmitted, SlacEvent } from './slac-events.js';
import { evseContext, type EvseContext, type EvseSlacInput } from './evse/evse-context.js';
import { attenCharInd, slacMatchCnf, slacParamCnf, validateCnf } from './evse/evse-messages.js';
import { RESP_TYPE_OTHER_GP_STATION } from './field-values.js';
import { frameOf } from './frame-of.js';
import { send, setKey } from './set-key-request.js';

export type { EvseSlacInput } from './evse/evse-context.js';

/** The first CM_SLAC_PARAM.REQ of a run, or a repeated one from the same EV (which restarts its session). */
function slacParamReq(c: EvseContext, e: SlacEvent) {
  const req = frameOf(e, 'CM_SLAC_PARAM.REQ');
  if (req === undefined || req.APPLICATION_TYPE !== 0 || req.SECURITY_TYPE !== 0) return undefined;
  return c.run === undefined || sameBytes(req.OSA, c.run.ev) ? req : undefined;
}

/** EVerest ignores a CM_START_ATTEN_CHAR.IND without sounds, without a window or with results not sent to the EVSE. */
function startAttenCharInd(c: EvseContext, e: SlacEvent) {
  const ind = frameOf(e, 'CM_START_ATTEN_CHAR.IND');
  const valid = ind !== undefined && ind.NUM_SOUNDS > 0 && ind.TIME_OUT > 0 && ind.RESP_TYPE === RESP_TYPE_OTHER_GP_STATION;
  return valid && c.run !== undefined && sameBytes(ind.OSA, c.run.ev) && sameBytes(ind.RunID, c.run.RunID) ? ind : undefined;
}

/** Profiles come from the EVSE's own modem, whose MAC is not known beforehand; some send them to broadcast. */
function attenProfileInd(c: EvseContext, e: SlacEvent) {
  const ind = frameOf(e, 'CM_ATTEN_PROFILE.IND');
  return ind !== undefined && c.run !== undefined && sameBytes(ind.PEV_MAC, c.run.ev) ? ind : undefined;
}

/** EVerest's checks (TC_SECC_CMN_VTB_CmAttenChar): this EV, this run, zero IDs, Result success. */
function attenCharRsp(c: EvseContext, e: SlacEvent) {
  const rsp = frameOf(e, 'CM_ATTEN_CHAR.RSP');
  if (rsp === undefined || c.run === undefined || rsp.Result !== 0) return undefined;
  const ours = sameBytes(rsp.SOURCE_ADDRESS, c.run.ev) && sameBytes(rsp.RunID, c.run.RunID);
  return ours && rsp.SOURCE_ID.every((b) => b === 0) && rsp.RESP_ID.every((b) => b === 0) ? rsp : undefined;
}

/** EVerest's checks (TC_SECC_CMN_VTB_CmSlacMatch): this EV, this EVSE, this run. */
function slacMatchReq(c: EvseContext, e: SlacEvent) {
  const req = frameOf(e, 'CM_SLAC_MATCH.REQ');
  if (req === undefined || c.run === undefined) return undefined;
  const ours = sameBytes(req.PEV_MAC, c.run.ev) && sameBytes(req.OSA, c.run.ev) && sameBytes(req.EVSE_MAC, c.mac);
  return ours && sameBytes(req.RunID, c.run.RunID) ? req : undefined;
}

function validateReq(c: EvseContext, e: SlacEvent) {
  const req = frameOf(e, 'CM_VALIDATE.REQ');
  return req !== undefined && c.run !== undefined && sameBytes(req.OSA, c.run.ev) ? req : undefined;
}

export const slacEvseMachine = setup({
  types: {
    context: {} as EvseContext,
    events: {} as SlacEvent,
    emitted: {} as SlacEmitted,
    input: {} as EvseSlacInput,
    output: {} as EvseSlacOutcome,
  },
  delays: {
    TT_EVSE_SLAC_init: ({ context }) => context.timing.TT_EVSE_SLAC_init,
    TT_match_sequence: ({ context }) => context.timing.TT_match_sequence,
    TT_EVSE_match_MNBC: ({ context }) => context.timing.TT_EVSE_match_MNBC,
    TT_match_response: ({ context }) => context.timing.TT_match_response,
    TT_EVSE_match_session: ({ context }) => context.timing.TT_EVSE_match_session,
    TT_match_join: ({ context }) => context.timing.TT_match_join,
    T_conn_resume: ({ context }) => context.timing.T_conn_resume,
  },
  guards: {
    isSlacParamReq: ({ context, event }) => slacParamReq(context, event) !== undefined,
    isStartAttenCharInd: ({ context, event }) => startAttenCharInd(context, event) !== undefined,
    isAttenProfileInd: ({ context, event }) => attenProfileInd(context, event) !== undefined,
    isAttenCharRsp: ({ context, event }) => attenCharRsp(context, event) !== undefined,
    isSlacMatchReq: ({ context, event }) => slacMatchReq(context, event) !== undefined,
    isValidateReq: ({ context, event }) => validateReq(context, event) !== undefined,
    allSoundsIn: ({ context }) => context.profile.sounds >= context.numSounds,
    /** C_EV_match_retry applies to the EVSE's repeated CM_ATTEN_CHAR.IND too (as EVerest applies it). */
    mayRetry: ({ context }) => context.tries <= context.timing.C_EV_match_retry,
    withoutLinkDetection: ({ context }) => !context.linkDetection,
  },
  actions: {
    sendSetKey: enqueueActions(({ context, enqueue }) => enqueue.emit(setKey(context.mac, context.nmk, context.nid))),
    /** [V2G3-A09-16] as EVerest reads it: a repeated CM_SLAC_PARAM.REQ restarts the session with its RunID. */
    answerSlacParamReq: enqueueActions(({ context, event, enqueue }) => {
      const req = slacParamReq(context, event);
      if (req === undefined) return;
      const run = { ev: req.OSA, RunID: req.RunID };
      enqueue.assign({ run, numSounds: 0, profile: EMPTY_PROFILE_SUM, tries: 0 });
      enqueue.emit(send(slacParamCnf(context, run)));
    }),
    startSounding: assign(({ context, event }) => ({
      numSounds: startAttenCharInd(context, event)?.NUM_SOUNDS ?? context.numSounds,
      profile: EMPTY_PROFILE_SUM,
    })),
    addAttenProfile: assign({
      profile: ({ context, event }) => {
        const ind = attenProfileInd(context, event);
        return ind === undefined ? context.profile : addProfile(context.profile, ind.AAG);
      },
    }),
    resetTries: assign({ tries: 0 }),
    sendAttenCharInd: enqueueActions(({ context, enqueue }) => {
      if (context.run === undefined) return;
      enqueue.assign({ tries: context.tries + 1 });
      enqueue.emit(send(attenCharInd(context, context.run)));
    }),
    answerValidateReq: enqueueActions(({ context, event, enqueue }) => {
      const req = validateReq(context, event);
      if (req !== undefined) enqueue.emit(send(validateCnf(context, req)));
    }),
    /** A repeated CM_SLAC_MATCH.REQ (our CNF was lost) gets the same CNF again. */
    answerSlacMatchReq: enqueueActions(({ context, enqueue }) => {
      if (context.run !== undefined) enqueue.emit(send(slacMatchCnf(context, context.run)));
    }),
    linkReady: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ linked: true });
      if (context.run !== undefined) enqueue.emit({ type: 'slac.linkReady', nmk: context.nmk, nid: context.nid, peer: context.run.ev });
    }),
    fail: assign({ failure: (_, params: { reason: string }) => params.reason }),
  },
}).createMachine({
  id: 'slac-evse',
  context: ({ input }) => evseContext(input),
  entry: 'sendSetKey',
  initial: 'waitingForSlacParam',
  on: { 'slac.stop': '.stopped' },
  states: {
    waitingForSlacParam: {
      on: { 'slac.frame': { guard: 'isSlacParamReq', actions: 'answerSlacParamReq', target: 'session' } },
      after: {
        TT_EVSE_SLAC_init: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'TT_EVSE_SLAC_init: no CM_SLAC_PARAM.REQ' } },
        },
      },
    },
    /** From the EV's CM_SLAC_PARAM.REQ until its CM_SLAC_MATCH.REQ; a repeated PARAM.REQ starts it over. */
    session: {
      initial: 'waitingForStartAttenChar',
      on: {
        'slac.frame': { guard: 'isSlacParamReq', actions: 'answerSlacParamReq', target: '.waitingForStartAttenChar', reenter: true },
      },
      states: {
        waitingForStartAttenChar: {
          on: { 'slac.frame': { guard: 'isStartAttenCharInd', actions: 'startSounding', target: 'sounding' } },
          after: {
            TT_match_sequence: {
              target: '#slac-evse.failed',
              actions: { type: 'fail', params: { reason: 'TT_match_sequence: no CM_START_ATTEN_CHAR.IND' } },
            },
          },
        },
        /** Ends at TT_EVSE_match_MNBC, or earlier once a profile per announced sound is in (as open-plc-utils). */
        sounding: {
          on: { 'slac.frame': { guard: 'isAttenProfileInd', actions: 'addAttenProfile' } },
          always: { guard: 'allSoundsIn', target: 'reporting' },
          after: { TT_EVSE_match_MNBC: 'reporting' },
        },
        reporting: {
          entry: 'resetTries',
          initial: 'indicating',
          on: {
            'slac.frame': [
              { guard: 'isAttenCharRsp', target: 'waitingForMatch' },
              { guard: 'isSlacMatchReq', actions: 'answerSlacMatchReq', target: '#slac-evse.joining' },
            ],
          },
          states: {
            indicating: {
              entry: 'sendAttenCharInd',
              after: {
                TT_match_response: [
                  { guard: 'mayRetry', target: 'indicating', reenter: true },
                  {
                    target: '#slac-evse.failed',
                    actions: { type: 'fail', params: { reason: 'TT_match_response: no CM_ATTEN_CHAR.RSP after C_EV_match_retry' } },
                  },
                ],
              },
            },
          },
        },
        waitingForMatch: {
          on: {
            'slac.frame': [
              { guard: 'isValidateReq', actions: 'answerValidateReq' },
              { guard: 'isSlacMatchReq', actions: 'answerSlacMatchReq', target: '#slac-evse.joining' },
            ],
          },
          after: {
            TT_EVSE_match_session: {
              target: '#slac-evse.failed',
              actions: { type: 'fail', params: { reason: 'TT_EVSE_match_session: no CM_SLAC_MATCH.REQ' } },
            },
          },
        },
      },
    },
    joining: {
      always: { guard: 'withoutLinkDetection', target: 'linked' },
      on: {
        'slac.linkUp': 'linked',
        'slac.frame': { guard: 'isSlacMatchReq', actions: 'answerSlacMatchReq' },
      },
      after: {
        TT_match_join: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'TT_match_join: the EV did not join the network' } },
        },
      },
    },
    linked: {
      entry: 'linkReady',
      on: {
        'slac.linkDown': 'linkLost',
        'slac.frame': { guard: 'isSlacMatchReq', actions: 'answerSlacMatchReq' },
      },
    },
    linkLost: {
      on: { 'slac.linkUp': 'linked' },
      after: {
        T_conn_resume: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'T_conn_resume: the link stayed down after the match' } },
        },
      },
    },
    failed: { type: 'final' },
    stopped: { type: 'final' },
  },
  output: ({ context }): EvseSlacOutcome => {
    if (context.failure !== undefined) return { result: 'failed', reason: context.failure };
    if (context.linked && context.run !== undefined) {
      return { result: 'matched', nmk: context.nmk, nid: context.nid, evMac: context.run.ev };
    }
    return { result: 'failed', reason: 'stopped before the match' };
  },
});
