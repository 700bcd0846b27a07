/**
 * The ISO 15118-2 SECC session, AC and DC, EIM (ExternalPayment), from SessionSetupReq to SessionStopRes after the
 * supportedAppProtocol handshake. Its states are EVerest's WAIT_FOR_* states of SESSIONS.md §2.1 (the Plug & Charge
 * ones and WAIT_FOR_METERINGRECEIPT come with PnC). Pure: responses and power commands leave as emitted events.
 *
 * Every message from the EV passes the root first: not a request → close; another session's SessionID →
 * FAILED_UnknownSession [V2G2-460]; else it is raised again as an event named after its body (`CableCheckReq`). A
 * state that accepts it answers with secc-responses.ts; one that does not lets it reach the root's wildcard, which
 * answers FAILED_SequenceError in the request's own response type [V2G2-538] [V2G2-539]. Any FAILED answer ends the
 * session, as LIB20 does (SESSIONS.md §0).
 */
import { assertEvent, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { chargeProgressType, responseCodeType } from '../../codecs/exi/generated/iso2.types.js';
import type { ChannelCommand, PowerCommandEvent, SeccChannelEvent, SessionOutcome } from '../session/events.js';
import { sameSessionId } from '../session/session-id.js';
import { bodyElement, iso2Message, isFailure, isRequestName, type Iso2Message, type Iso2RequestEvent } from './messages.js';
import { initialSeccContext, type Iso2SeccContext, type Iso2SeccInput } from './secc-context.js';
import { answerTo, minimal } from './secc-responses.js';

export type { Iso2OfferedService, Iso2SeccInput } from './secc-context.js';

/** Events the SECC takes; `Iso2RequestEvent`s are raised by the machine itself, never sent from outside. */
export type Iso2SeccEvent = SeccChannelEvent<Iso2Message> | Iso2RequestEvent;
export type Iso2SeccEmitted = ChannelCommand<Iso2Message> | PowerCommandEvent;

function requestOf(event: Iso2SeccEvent): Iso2RequestEvent | undefined {
  return isRequestName(event.type) ? (event as Iso2RequestEvent) : undefined;
}

/** The request a refusal answers: a raised request, or the body of a message refused before it was raised. */
function refusedRequest(event: Iso2SeccEvent): Iso2RequestEvent['type'] | undefined {
  if (event.type === 'channel.received') {
    const element = bodyElement(event.message);
    return element.ok && isRequestName(element.name) ? element.name : undefined;
  }
  return requestOf(event)?.type;
}

function receivedProblem(ctx: Iso2SeccContext, event: Iso2SeccEvent): 'not a request' | 'unknown session' | undefined {
  assertEvent(event, 'channel.received');
  const element = bodyElement(event.message);
  if (!element.ok || !isRequestName(element.name)) return 'not a request';
  if (ctx.sessionId && element.name !== 'SessionSetupReq' && !sameSessionId(element.sessionId, ctx.sessionId)) return 'unknown session';
  return undefined;
}

const iso2Secc = setup({
  types: {
    context: {} as Iso2SeccContext,
    events: {} as Iso2SeccEvent,
    emitted: {} as Iso2SeccEmitted,
    input: {} as Iso2SeccInput,
    output: {} as SessionOutcome,
  },
  delays: {
    V2G_SECC_Sequence_Timeout: ({ context }) => context.input.timing.session.V2G_SECC_Sequence_Timeout,
  },
  guards: {
    notARequest: ({ context, event }) => receivedProblem(context, event) === 'not a request',
    unknownSession: ({ context, event }) => receivedProblem(context, event) === 'unknown session',
    isRequest: ({ event }) => requestOf(event) !== undefined,
    answerFails: ({ context, event }) => {
      const request = requestOf(event);
      return request !== undefined && isFailure(answerTo(context, request).code);
    },
    answerFinished: ({ context, event }) => {
      const request = requestOf(event);
      return request !== undefined && answerTo(context, request).processing === 'Finished';
    },
    renegotiating: ({ context }) => context.renegotiating,
    requestsDc: ({ event }) => {
      assertEvent(event, 'ChargeParameterDiscoveryReq');
      return event.body.RequestedEnergyTransferMode.startsWith('DC');
    },
    /** PowerDeliveryReq with this ChargeProgress, in a session of this mode when one is named. */
    chargeProgress: ({ context, event }, params: { progress: chargeProgressType; mode?: 'ac' | 'dc' }) => {
      assertEvent(event, 'PowerDeliveryReq');
      return event.body.ChargeProgress === params.progress && (params.mode === undefined || params.mode === context.mode);
    },
    pauseRequested: ({ event }) => {
      assertEvent(event, 'SessionStopReq');
      return event.body.ChargingSession === 'Pause';
    },
  },
  actions: {
    raiseRequest: enqueueActions(({ event, enqueue }) => {
      assertEvent(event, 'channel.received');
      const element = bodyElement(event.message);
      if (element.ok) enqueue.raise({ type: element.name, body: element.value, sessionId: element.sessionId, evse: event.evse } as Iso2RequestEvent);
    }),
    answer: enqueueActions(({ context, event, enqueue }) => {
      const request = requestOf(event);
      if (!request) return;
      const answer = answerTo(context, request);
      const sessionId = answer.update?.sessionId ?? context.sessionId ?? request.sessionId;
      enqueue.emit({ type: 'channel.send', message: iso2Message(sessionId, answer.body) });
      // Most answers (every CurrentDemandRes) change nothing: no assign, so no new context per request.
      if (isFailure(answer.code)) enqueue.assign({ ...answer.update, failure: `${answer.code} answered to ${request.type}` });
      else if (answer.update) enqueue.assign(answer.update);
      for (const command of answer.commands ?? []) enqueue.emit({ type: 'evse.command', command });
    }),
    refuse: enqueueActions(({ context, event, enqueue }, params: { code: responseCodeType }) => {
      const request = refusedRequest(event);
      if (!request) return;
      const sessionId = context.sessionId ?? requestOf(event)?.sessionId ?? new Uint8Array(8);
      enqueue.emit({ type: 'channel.send', message: iso2Message(sessionId, minimal(context, request, params.code).body) });
      enqueue.assign({ failure: `${params.code} answered to ${request}` });
    }),
    noteNotARequest: assign(({ event }) => {
      assertEvent(event, 'channel.received');
      const element = bodyElement(event.message);
      return { failure: element.ok ? `${element.name} is not a request` : element.reason };
    }),
    noteSequenceTimeout: assign({ failure: 'V2G_SECC_Sequence_Timeout' }),
    noteChannelEnd: assign(({ event }) => {
      assertEvent(event, ['channel.closed', 'channel.invalid']);
      return { failure: `${event.type === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${event.reason}` };
    }),
    finish: assign((_, params: { result: SessionOutcome['result'] }) => ({ result: params.result })),
    /** Whatever ended the session, the output is made safe: no current, contactors open. */
    safeState: enqueueActions(({ enqueue }) => {
      enqueue.emit({ type: 'evse.command', command: { type: 'stop' } });
      enqueue.emit({ type: 'evse.command', command: { type: 'contactors', closed: false } });
    }),
    closeChannel: emit(({ context }) => ({
      type: 'channel.close' as const,
      reason: context.result === 'failed' ? (context.failure ?? 'failed') : `SessionStop done (${context.result ?? 'stopped'})`,
    })),
  },
});

/** Every state: no next request within V2G_SECC_Sequence_Timeout of the last response ends the session [V2G2-443]. */
const SEQUENCE_TIMEOUT = { V2G_SECC_Sequence_Timeout: { target: '#iso2-secc.failed', actions: 'noteSequenceTimeout' } } as const;

/** An answer with a FAILED code: sent, then the session ends. */
const FAILS = { guard: 'answerFails', target: '#iso2-secc.failed', actions: 'answer' } as const;

/** SessionStopReq before charging: Terminate ends the session; Pause only after PowerDelivery (EVG; SESSIONS §2.3). */
const SESSION_STOP_BEFORE_CHARGING = [
  { guard: 'pauseRequested', target: '#iso2-secc.failed', actions: { type: 'refuse', params: { code: 'FAILED' } } },
  { target: '#iso2-secc.stopped', actions: 'answer' },
] as const;

const SESSION_STOP = [
  { guard: 'pauseRequested', target: '#iso2-secc.paused', actions: 'answer' },
  { target: '#iso2-secc.stopped', actions: 'answer' },
] as const;

const POWER_DELIVERY = [
  FAILS,
  { guard: { type: 'chargeProgress', params: { progress: 'Start', mode: 'dc' } }, target: '#iso2-secc.WaitForCurrentDemand', actions: 'answer' },
  { guard: { type: 'chargeProgress', params: { progress: 'Start', mode: 'ac' } }, target: '#iso2-secc.WaitForChargingStatus', actions: 'answer' },
  {
    guard: { type: 'chargeProgress', params: { progress: 'Stop', mode: 'dc' } },
    target: '#iso2-secc.WaitForWeldingDetectionOrSessionStop',
    actions: 'answer',
  },
  { guard: { type: 'chargeProgress', params: { progress: 'Stop', mode: 'ac' } }, target: '#iso2-secc.WaitForSessionStop', actions: 'answer' },
  // Renegotiate [V2G-813]: new charge parameters and schedule, then PowerDelivery(Start) again.
  { target: '#iso2-secc.WaitForChargeParameterDiscovery', actions: 'answer' },
] as const;

export const iso2SeccMachine = iso2Secc.createMachine({
  id: 'iso2-secc',
  context: ({ input }) => initialSeccContext(input),
  output: ({ context }) => ({
    result: context.result ?? 'failed',
    ...(context.result === 'failed' ? { reason: context.failure } : {}),
    ...(context.sessionId ? { sessionId: context.sessionId } : {}),
  }),
  on: {
    'channel.received': [
      { guard: 'notARequest', target: '.failed', actions: 'noteNotARequest' },
      { guard: 'unknownSession', target: '.failed', actions: { type: 'refuse', params: { code: 'FAILED_UnknownSession' } } },
      { actions: 'raiseRequest' },
    ],
    'channel.closed': { target: '.failed', actions: 'noteChannelEnd' },
    'channel.invalid': { target: '.failed', actions: 'noteChannelEnd' },
    '*': { guard: 'isRequest', target: '.failed', actions: { type: 'refuse', params: { code: 'FAILED_SequenceError' } } },
  },
  initial: 'WaitForSessionSetup',
  states: {
    WaitForSessionSetup: {
      after: SEQUENCE_TIMEOUT,
      on: { SessionSetupReq: { target: 'WaitForServiceDiscovery', actions: 'answer' } },
    },
    WaitForServiceDiscovery: {
      after: SEQUENCE_TIMEOUT,
      on: {
        ServiceDiscoveryReq: { target: 'WaitForServiceDetailOrPaymentServiceSelection', actions: 'answer' },
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForServiceDetailOrPaymentServiceSelection: {
      after: SEQUENCE_TIMEOUT,
      on: {
        ServiceDetailReq: [FAILS, { target: 'WaitForServiceDetailOrPaymentServiceSelection', reenter: true, actions: 'answer' }],
        PaymentServiceSelectionReq: [FAILS, { target: 'WaitForAuthorization', actions: 'answer' }],
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForAuthorization: {
      after: SEQUENCE_TIMEOUT,
      on: {
        AuthorizationReq: [
          { guard: 'answerFinished', target: 'WaitForChargeParameterDiscovery', actions: 'answer' },
          { target: 'WaitForAuthorization', reenter: true, actions: 'answer' },
        ],
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForChargeParameterDiscovery: {
      after: SEQUENCE_TIMEOUT,
      on: {
        ChargeParameterDiscoveryReq: [
          FAILS,
          { guard: not('answerFinished'), target: 'WaitForChargeParameterDiscovery', reenter: true, actions: 'answer' },
          // After a renegotiation the DC cable is still checked and precharged: straight to PowerDelivery.
          { guard: 'renegotiating', target: 'WaitForPowerDelivery', actions: 'answer' },
          { guard: 'requestsDc', target: 'WaitForCableCheck', actions: 'answer' },
          { target: 'WaitForPowerDelivery', actions: 'answer' },
        ],
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForCableCheck: {
      after: SEQUENCE_TIMEOUT,
      on: {
        CableCheckReq: [
          FAILS,
          { guard: 'answerFinished', target: 'WaitForPreCharge', actions: 'answer' },
          { target: 'WaitForCableCheck', reenter: true, actions: 'answer' },
        ],
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForPreCharge: {
      after: SEQUENCE_TIMEOUT,
      on: {
        PreChargeReq: { target: 'WaitForPreChargeOrPowerDelivery', actions: 'answer' },
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    WaitForPreChargeOrPowerDelivery: {
      after: SEQUENCE_TIMEOUT,
      on: {
        PreChargeReq: { target: 'WaitForPreChargeOrPowerDelivery', reenter: true, actions: 'answer' },
        PowerDeliveryReq: POWER_DELIVERY,
        SessionStopReq: SESSION_STOP_BEFORE_CHARGING,
      },
    },
    /** AC after ChargeParameterDiscovery; AC and DC after a renegotiation. */
    WaitForPowerDelivery: {
      after: SEQUENCE_TIMEOUT,
      on: { PowerDeliveryReq: POWER_DELIVERY, SessionStopReq: SESSION_STOP_BEFORE_CHARGING },
    },
    WaitForCurrentDemand: {
      after: SEQUENCE_TIMEOUT,
      on: { CurrentDemandReq: { target: 'WaitForCurrentDemandOrPowerDelivery', actions: 'answer' } },
    },
    WaitForCurrentDemandOrPowerDelivery: {
      after: SEQUENCE_TIMEOUT,
      on: {
        CurrentDemandReq: { target: 'WaitForCurrentDemandOrPowerDelivery', reenter: true, actions: 'answer' },
        PowerDeliveryReq: POWER_DELIVERY,
      },
    },
    WaitForChargingStatus: {
      after: SEQUENCE_TIMEOUT,
      on: { ChargingStatusReq: { target: 'WaitForChargingStatusOrPowerDelivery', actions: 'answer' } },
    },
    WaitForChargingStatusOrPowerDelivery: {
      after: SEQUENCE_TIMEOUT,
      on: {
        ChargingStatusReq: { target: 'WaitForChargingStatusOrPowerDelivery', reenter: true, actions: 'answer' },
        PowerDeliveryReq: POWER_DELIVERY,
      },
    },
    WaitForWeldingDetectionOrSessionStop: {
      after: SEQUENCE_TIMEOUT,
      on: {
        WeldingDetectionReq: { target: 'WaitForWeldingDetectionOrSessionStop', reenter: true, actions: 'answer' },
        SessionStopReq: SESSION_STOP,
      },
    },
    WaitForSessionStop: {
      after: SEQUENCE_TIMEOUT,
      on: { SessionStopReq: SESSION_STOP },
    },
    // The runner keeps a paused session's SessionID to offer OK_OldSessionJoined on the next connection.
    stopped: { type: 'final', entry: [{ type: 'finish', params: { result: 'stopped' } }, 'closeChannel'] },
    paused: { type: 'final', entry: [{ type: 'finish', params: { result: 'paused' } }, 'closeChannel'] },
    failed: { type: 'final', entry: [{ type: 'finish', params: { result: 'failed' } }, 'safeState', 'closeChannel'] },
  },
});
