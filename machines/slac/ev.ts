/**
 * SLAC, EV side (ISO 15118-3): find the EVSE this vehicle is plugged into among all that hear it on a cable bundle,
 * and join its network. CM_SLAC_PARAM.REQ to everyone, collect every EVSE's CNF; sound; collect every EVSE's
 * CM_ATTEN_CHAR.IND; match with the nearest (lowest mean attenuation) within the threshold; hand its NMK/NID to the
 * local modem; wait for the link. Pure: frames and link changes in as events, frames out by `emit`.
 */
import { assign, enqueueActions, setup } from 'xstate';
import { formatMac } from '../../codecs/slac/index.js';
import { sameBytes } from './addresses.js';
import { chooseEvse, meanAttenuation } from './attenuation.js';
import { evContext, type EvContext, type EvSlacInput } from './ev/ev-context.js';
import { attenCharRsp, mnbcSoundInd, slacMatchReq, slacParamReq, startAttenCharInd } from './ev/ev-messages.js';
import type { EvSlacOutcome, SlacEmitted, SlacEvent } from './slac-events.js';
import { frameOf } from './frame-of.js';
import { send, setKey } from './set-key-request.js';

export type { EvSlacInput } from './ev/ev-context.js';

function paramCnf(c: EvContext, e: SlacEvent) {
  const cnf = frameOf(e, 'CM_SLAC_PARAM.CNF');
  return cnf !== undefined && sameBytes(cnf.RunID, c.runId) ? cnf : undefined;
}

function attenCharInd(c: EvContext, e: SlacEvent) {
  const ind = frameOf(e, 'CM_ATTEN_CHAR.IND');
  return ind !== undefined && sameBytes(ind.RunID, c.runId) && sameBytes(ind.SOURCE_ADDRESS, c.mac) ? ind : undefined;
}

function matchCnf(c: EvContext, e: SlacEvent) {
  const cnf = frameOf(e, 'CM_SLAC_MATCH.CNF');
  const ours = cnf !== undefined && sameBytes(cnf.RunID, c.runId) && sameBytes(cnf.PEV_MAC, c.mac);
  return ours && c.chosen !== undefined && sameBytes(cnf.OSA, c.chosen) ? cnf : undefined;
}

function noMatchReason(c: EvContext): string {
  if (c.results.length === 0) {
    const heard = c.evses.length === 0 ? 'no EVSE' : c.evses.map(formatMac).join(', ');
    return `TT_EV_atten_results: no CM_ATTEN_CHAR.IND (CM_SLAC_PARAM.CNF from ${heard})`;
  }
  const means = c.results.map((r) => `${formatMac(r.evseMac)} ${r.meanAttenuation.toFixed(1)} dB/${r.NUM_SOUNDS} sounds`);
  return `no EVSE within C_EV_match_signalattn_direct ${c.threshold} dB: ${means.join(', ')}`;
}

export const slacEvMachine = setup({
  types: {
    context: {} as EvContext,
    events: {} as SlacEvent,
    emitted: {} as SlacEmitted,
    input: {} as EvSlacInput,
    output: {} as EvSlacOutcome,
  },
  delays: {
    TT_match_response: ({ context }) => context.timing.TT_match_response,
    TP_match_sequence: ({ context }) => context.timing.TP_match_sequence,
    TT_EV_atten_results: ({ context }) => context.timing.TT_EV_atten_results,
    TP_EV_batch_msg_interval: ({ context }) => context.timing.TP_EV_batch_msg_interval,
    TT_match_join: ({ context }) => context.timing.TT_match_join,
    T_conn_resume: ({ context }) => context.timing.T_conn_resume,
  },
  guards: {
    isParamCnf: ({ context, event }) => paramCnf(context, event) !== undefined,
    isAttenCharInd: ({ context, event }) => attenCharInd(context, event) !== undefined,
    isMatchCnf: ({ context, event }) => matchCnf(context, event) !== undefined,
    /** Without link detection, the modem's CM_SET_KEY.CNF (whatever its Result: QCA modems answer 1 when they
     * accept the key, where HomePlug AV says 0 is success) is the link. */
    isSetKeyCnfAsLink: ({ context, event }) => !context.linkDetection && frameOf(event, 'CM_SET_KEY.CNF') !== undefined,
    hasLinkDetection: ({ context }) => context.linkDetection,
    /** C_EV_match_retry counts the transmissions after the first. */
    mayRetry: ({ context }) => context.tries <= context.timing.C_EV_match_retry,
    moreStartAttenChar: ({ context }) => context.startAttenCharSent < context.timing.C_EV_start_atten_char_inds,
    moreSounds: ({ context }) => context.soundsSent < context.timing.C_EV_match_MNBC,
    allResultsIn: ({ context }) =>
      context.evses.length > 0 && context.evses.every((m) => context.results.some((r) => sameBytes(r.evseMac, m))),
    hasChosen: ({ context }) => context.chosen !== undefined,
  },
  actions: {
    resetTries: assign({ tries: 0 }),
    sendSlacParamReq: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ tries: context.tries + 1 });
      enqueue.emit(send(slacParamReq(context)));
    }),
    addEvse: assign({
      evses: ({ context, event }) => {
        const cnf = paramCnf(context, event);
        if (cnf === undefined || context.evses.some((m) => sameBytes(m, cnf.OSA))) return context.evses;
        return [...context.evses, cnf.OSA];
      },
    }),
    sendStartAttenChar: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ startAttenCharSent: context.startAttenCharSent + 1 });
      enqueue.emit(send(startAttenCharInd(context)));
    }),
    sendSound: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ soundsSent: context.soundsSent + 1 });
      enqueue.emit(send(mnbcSoundInd(context)));
    }),
    /** Every IND is acknowledged, a repeated one too (the EVSE repeats it when our RSP was lost); only the first counts. */
    recordAttenCharInd: enqueueActions(({ context, event, enqueue }) => {
      const ind = attenCharInd(context, event);
      if (ind === undefined) return;
      enqueue.emit(send(attenCharRsp(context, ind)));
      if (context.results.some((r) => sameBytes(r.evseMac, ind.OSA))) return;
      const result = { evseMac: ind.OSA, NUM_SOUNDS: ind.NUM_SOUNDS, meanAttenuation: meanAttenuation(ind.AAG) };
      enqueue.assign({ results: [...context.results, result] });
    }),
    choose: assign({ chosen: ({ context }) => chooseEvse(context.results, context.threshold)?.evseMac }),
    sendSlacMatchReq: enqueueActions(({ context, enqueue }) => {
      if (context.chosen === undefined) return;
      enqueue.assign({ tries: context.tries + 1 });
      enqueue.emit(send(slacMatchReq(context, context.chosen)));
    }),
    storeKey: assign(({ context, event }) => {
      const cnf = matchCnf(context, event);
      return cnf === undefined ? {} : { nmk: cnf.NMK, nid: cnf.NID };
    }),
    /** The NID is taken as the EVSE sent it, not re-derived: pyPLC's EVSE sends a NID not derived from its NMK. */
    sendSetKey: enqueueActions(({ context, enqueue }) => {
      if (context.nmk !== undefined && context.nid !== undefined) enqueue.emit(setKey(context.mac, context.nmk, context.nid));
    }),
    linkReady: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ linked: true });
      if (context.nmk === undefined || context.nid === undefined || context.chosen === undefined) return;
      enqueue.emit({ type: 'slac.linkReady', nmk: context.nmk, nid: context.nid, peer: context.chosen });
    }),
    fail: assign({ failure: (_, params: { reason: string }) => params.reason }),
    failNoMatch: assign({ failure: ({ context }) => noMatchReason(context) }),
  },
}).createMachine({
  id: 'slac-ev',
  context: ({ input }) => evContext(input),
  initial: 'parameterExchange',
  on: { 'slac.stop': '.stopped' },
  states: {
    parameterExchange: {
      entry: 'resetTries',
      initial: 'requesting',
      states: {
        requesting: {
          entry: 'sendSlacParamReq',
          on: { 'slac.frame': { guard: 'isParamCnf', actions: 'addEvse', target: 'collecting' } },
          after: {
            TT_match_response: [
              { guard: 'mayRetry', target: 'requesting', reenter: true },
              {
                target: '#slac-ev.failed',
                actions: { type: 'fail', params: { reason: 'TT_match_response: no CM_SLAC_PARAM.CNF after C_EV_match_retry' } },
              },
            ],
          },
        },
        /** Further EVSEs on the bundle answer within TP_match_sequence; then sounding starts. */
        collecting: {
          on: { 'slac.frame': { guard: 'isParamCnf', actions: 'addEvse' } },
          after: { TP_match_sequence: '#slac-ev.characterisation' },
        },
      },
    },
    characterisation: {
      initial: 'startAttenChar',
      on: {
        'slac.frame': [
          { guard: 'isAttenCharInd', actions: 'recordAttenCharInd' },
          { guard: 'isParamCnf', actions: 'addEvse' },
        ],
      },
      after: { TT_EV_atten_results: 'evaluating' },
      states: {
        startAttenChar: {
          entry: 'sendStartAttenChar',
          after: {
            TP_EV_batch_msg_interval: [
              { guard: 'moreStartAttenChar', target: 'startAttenChar', reenter: true },
              { target: 'sounding' },
            ],
          },
        },
        sounding: {
          entry: 'sendSound',
          after: {
            TP_EV_batch_msg_interval: [{ guard: 'moreSounds', target: 'sounding', reenter: true }, { target: 'awaitingResults' }],
          },
        },
        /** Every EVSE that answered CM_SLAC_PARAM.CNF has reported: no need to wait for TT_EV_atten_results. */
        awaitingResults: {
          always: { guard: 'allResultsIn', target: '#slac-ev.evaluating' },
        },
      },
    },
    evaluating: {
      entry: 'choose',
      always: [{ guard: 'hasChosen', target: 'matching' }, { target: 'failed', actions: 'failNoMatch' }],
    },
    matching: {
      entry: 'resetTries',
      initial: 'requesting',
      on: { 'slac.frame': [{ guard: 'isMatchCnf', actions: 'storeKey', target: 'joining' }, { guard: 'isAttenCharInd', actions: 'recordAttenCharInd' }] },
      states: {
        requesting: {
          entry: 'sendSlacMatchReq',
          after: {
            TT_match_response: [
              { guard: 'mayRetry', target: 'requesting', reenter: true },
              {
                target: '#slac-ev.failed',
                actions: { type: 'fail', params: { reason: 'TT_match_response: no CM_SLAC_MATCH.CNF after C_EV_match_retry' } },
              },
            ],
          },
        },
      },
    },
    joining: {
      entry: 'sendSetKey',
      on: {
        'slac.linkUp': { guard: 'hasLinkDetection', target: 'linked' },
        'slac.frame': [{ guard: 'isSetKeyCnfAsLink', target: 'linked' }, { guard: 'isAttenCharInd', actions: 'recordAttenCharInd' }],
      },
      after: {
        TT_match_join: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'TT_match_join: the link did not come up after CM_SET_KEY' } },
        },
      },
    },
    linked: {
      entry: 'linkReady',
      on: { 'slac.linkDown': 'linkLost' },
    },
    /** A lost link is debounced: a modem restart or a short disturbance is not yet a failure. */
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
  output: ({ context }): EvSlacOutcome => {
    if (context.failure !== undefined) return { result: 'failed', reason: context.failure };
    if (context.linked && context.nmk !== undefined && context.nid !== undefined && context.chosen !== undefined) {
      return { result: 'matched', nmk: context.nmk, nid: context.nid, evseMac: context.chosen };
    }
    return { result: 'failed', reason: 'stopped before the match' };
  },
});
