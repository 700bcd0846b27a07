/**
 * The ISO 15118-2 SECC session, AC and DC, EIM (ExternalPayment), from SessionSetupReq to SessionStopRes after the
 * supportedAppProtocol handshake. Its states are EVerest's WAIT_FOR_* states (`iso_server.hpp`; the Plug & Charge
 * ones and WAIT_FOR_METERINGRECEIPT come with PnC). Pure: responses and power commands leave as emitted events.
 *
 * A state takes a request of this session it accepts (guard `request`: the body's name, and the SessionID the SECC
 * gave) and answers it with iso2-secc-responses.ts. Whatever no state takes reaches the root: not a request → close;
 * another session's SessionID → FAILED_UnknownSession [V2G2-460]; any other request → FAILED_SequenceError in the
 * request's own response type [V2G2-538] [V2G2-539]. Any FAILED answer ends the session, as LIB20 does.
 * One transition per request: the SECC answers about ten thousand a second under load.
 */
import { and, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { chargeProgressType, responseCodeType } from '../../codecs/exi/generated/iso2.types.js';
import type { ChannelCommand, PowerCommandEvent, SeccChannelEvent, SessionOutcome } from '../session/session-events.js';
import { v2gDocument, type SchemaDocument } from '../../codecs/exi/v2g-document.js';
import { deadlineAhead, enteredOn, pushedBack, rearmed, sequenceTimed, sequenceTimedLoop, timerDelay } from '../session/sequence-timeout.js';
import { communicationSetupLeft, communicationSetupTimed } from '../session/communication-setup.js';
import { sameSessionId } from '../session/session-id.js';
import { bodyElement, iso2Message, isFailure, isRequestName, type Iso2Message, type Iso2Request } from './iso2-messages.js';
import { initialSeccContext, type Iso2SeccContext, type Iso2SeccInput } from './secc-context.js';
import { answerTo, minimal, type SeccRequestName } from './iso2-secc-responses.js';

export type { Iso2OfferedService, Iso2SeccInput } from './secc-context.js';

export type Iso2SeccEvent = SeccChannelEvent<SchemaDocument<'iso2', Iso2Message>>;
export type Iso2SeccEmitted = ChannelCommand<SchemaDocument<'iso2', Iso2Message>> | PowerCommandEvent;

/** The request a received message carries, with the power module's status that came with it. */
function requestIn(event: Iso2SeccEvent): Iso2Request | undefined {
  if (event.type !== 'channel.received') return undefined;
  const element = bodyElement(event.message.document);
  if (!element.ok || !isRequestName(element.name)) return undefined;
  return { type: element.name, body: element.value, sessionId: element.sessionId, evse: event.evse } as Iso2Request;
}

/** The request a transition's guard made sure the event carries. */
function takenRequest(event: Iso2SeccEvent): Iso2Request {
  const request = requestIn(event);
  if (request === undefined) throw new Error(`a request transition taken on ${event.type} without a request`);
  return request;
}

function sequenceTimeout(ctx: Iso2SeccContext): number {
  return ctx.input.timing.session.V2G_SECC_Sequence_Timeout;
}

/** SessionSetupReq opens a session, so its SessionID is not checked; every later request carries the SECC's. */
function ofThisSession(ctx: Iso2SeccContext, request: Iso2Request): boolean {
  return !ctx.sessionId || request.type === 'SessionSetupReq' || sameSessionId(request.sessionId, ctx.sessionId);
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
    V2G_SECC_Sequence_Timeout: ({ context }) => timerDelay(context.sequence),
    V2G_SECC_CommunicationSetup_Performance_Time: ({ context }) => communicationSetupLeft(context.input),
  },
  guards: {
    /** A `name` request of this session. */
    request: ({ context, event }, params: { name: SeccRequestName }) => {
      const request = requestIn(event);
      return request?.type === params.name && ofThisSession(context, request);
    },
    notARequest: ({ event }) => event.type === 'channel.received' && requestIn(event) === undefined,
    unknownSession: ({ context, event }) => {
      const request = requestIn(event);
      return request !== undefined && !ofThisSession(context, request);
    },
    answerFails: ({ context, event }) => isFailure(answerTo(context, takenRequest(event)).code),
    answerFinished: ({ context, event }) => answerTo(context, takenRequest(event)).processing === 'Finished',
    renegotiating: ({ context }) => context.renegotiating,
    deadlineAhead: ({ context }) => deadlineAhead(context.sequence),
    requestsDc: ({ event }) => {
      const request = takenRequest(event);
      return request.type === 'ChargeParameterDiscoveryReq' && request.body.RequestedEnergyTransferMode.startsWith('DC');
    },
    /** PowerDeliveryReq with this ChargeProgress, in a session of this mode. */
    chargeProgress: ({ context, event }, params: { progress: chargeProgressType; mode: 'ac' | 'dc' }) => {
      const request = takenRequest(event);
      return request.type === 'PowerDeliveryReq' && request.body.ChargeProgress === params.progress && params.mode === context.mode;
    },
    pauseRequested: ({ event }) => {
      const request = takenRequest(event);
      return request.type === 'SessionStopReq' && request.body.ChargingSession === 'Pause';
    },
  },
  actions: {
    answer: enqueueActions(({ context, event, enqueue }) => {
      const request = takenRequest(event);
      const answer = answerTo(context, request);
      const sessionId = answer.update?.sessionId ?? context.sessionId ?? request.sessionId;
      enqueue.emit({ type: 'channel.send', message: v2gDocument('iso2', iso2Message(sessionId, answer.body)) });
      // Most answers (every CurrentDemandRes) change nothing in the context: no assign for them.
      if (isFailure(answer.code)) enqueue.assign({ ...answer.update, failure: `${answer.code} answered to ${request.type}`, failureAnswered: true });
      else if (answer.update) enqueue.assign(answer.update);
      for (const command of answer.commands ?? []) enqueue.emit({ type: 'evse.command', command });
    }),
    refuse: enqueueActions(({ context, event, enqueue }, params: { code: responseCodeType }) => {
      const request = takenRequest(event);
      const sessionId = context.sessionId ?? request.sessionId;
      enqueue.emit({ type: 'channel.send', message: v2gDocument('iso2', iso2Message(sessionId, minimal(context, request.type, params.code).body)) });
      enqueue.assign({ failure: `${params.code} answered to ${request.type}`, failureAnswered: true });
    }),
    noteNotARequest: assign(({ event }) => {
      if (event.type !== 'channel.received') return {};
      const element = bodyElement(event.message.document);
      return { failure: element.ok ? `${element.name} is not a request` : element.reason };
    }),
    armSequenceTimeout: assign({ sequence: ({ context, event }) => enteredOn(context.sequence, event, sequenceTimeout(context)) }),
    pushBackSequenceTimeout: assign({ sequence: ({ context, event }) => pushedBack(context.sequence, event, sequenceTimeout(context)) }),
    rearmSequenceTimeout: assign({ sequence: ({ context }) => rearmed(context.sequence) }),
    noteSequenceTimeout: assign({ failure: 'V2G_SECC_Sequence_Timeout' }),
    noteCommunicationSetupTimeout: assign({ failure: 'V2G_SECC_CommunicationSetup_Performance_Time: no SessionSetupReq' }),
    noteChannelEnd: assign(({ event }) => {
      if (event.type === 'channel.received') return {};
      return { failure: `${event.type === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${event.reason}` };
    }),
    finish: assign((_, params: { result: SessionOutcome['result'] }) => ({ result: params.result })),
    /** Whatever ended the session, the output is made safe: no current, contactors open. */
    safeState: enqueueActions(({ enqueue }) => {
      enqueue.emit({ type: 'evse.command', command: { type: 'stop' } });
      enqueue.emit({ type: 'evse.command', command: { type: 'contactors', closed: false } });
    }),
    // After the final response (SessionStopRes or a FAILED one) the EV closes first; after
    // a failure that had no answer (a timeout, a broken message, the connection's end) the SECC closes at once.
    closeChannel: emit(({ context }) => ({
      type: 'channel.close' as const,
      reason: context.result === 'failed' ? (context.failure ?? 'failed') : `SessionStop done (${context.result ?? 'stopped'})`,
      afterPeer: context.result !== 'failed' || context.failureAnswered === true,
    })),
  },
});

type SeccState = NonNullable<Parameters<typeof iso2Secc.createMachine>[0]['states']>[string];
type SeccTransition = Exclude<NonNullable<NonNullable<SeccState['on']>['channel.received']>, string | readonly unknown[]>;

function request(name: SeccRequestName) {
  return { type: 'request', params: { name } } as const;
}

function refuse(code: responseCodeType) {
  return { type: 'refuse', params: { code } } as const;
}

const SEQUENCE_TIMEOUT = { target: '#iso2-secc.failed', actions: 'noteSequenceTimeout' } as const;

/** A state waiting for the EV's next request: none within V2G_SECC_Sequence_Timeout of the last response ends the session [V2G2-443]. */
function waiting(transitions: readonly SeccTransition[]): SeccState {
  return { ...sequenceTimed(SEQUENCE_TIMEOUT), on: { 'channel.received': [...transitions] } };
}

/**
 * State `name`, a waiting state with a request that keeps the session in it (`ANSWER_AND_STAY`): its timer, when it
 * fires before the pushed-back deadline, is armed again for the rest.
 */
function looping(name: string, transitions: readonly SeccTransition[]): SeccState {
  return { ...sequenceTimedLoop(name, SEQUENCE_TIMEOUT), on: { 'channel.received': [...transitions] } };
}

/** The actions of a request answered without leaving the state. */
const ANSWER_AND_STAY = ['answer', 'pushBackSequenceTimeout'] as const;

/** An answer with a FAILED code: sent, then the session ends. */
function fails(name: SeccRequestName): SeccTransition {
  return { guard: and([request(name), 'answerFails']), target: '#iso2-secc.failed', actions: 'answer' };
}

/** SessionStopReq before charging: Terminate ends the session; Pause only after PowerDelivery, as EVerest accepts it. */
const SESSION_STOP_BEFORE_CHARGING = [
  { guard: and([request('SessionStopReq'), 'pauseRequested']), target: '#iso2-secc.failed', actions: refuse('FAILED') },
  { guard: request('SessionStopReq'), target: '#iso2-secc.stopped', actions: 'answer' },
] as const satisfies readonly SeccTransition[];

const SESSION_STOP = [
  { guard: and([request('SessionStopReq'), 'pauseRequested']), target: '#iso2-secc.paused', actions: 'answer' },
  { guard: request('SessionStopReq'), target: '#iso2-secc.stopped', actions: 'answer' },
] as const satisfies readonly SeccTransition[];

/** Where PowerDelivery(Start) and PowerDelivery(Stop) lead in a session of each mode. */
const CHARGING = { dc: '#iso2-secc.WaitForCurrentDemand', ac: '#iso2-secc.WaitForChargingStatus' } as const;
const AFTER_CHARGING = { dc: '#iso2-secc.WaitForWeldingDetectionOrSessionStop', ac: '#iso2-secc.WaitForSessionStop' } as const;

/**
 * PowerDeliveryReq in a state of the given modes: only ChargeParameterDiscovery sets the mode, so the DC states
 * (PreCharge, the CurrentDemand loop) and the AC loop each take their own mode's, and WaitForPowerDelivery, which
 * either mode reaches, both.
 */
function powerDelivery(...modes: readonly ('ac' | 'dc')[]): readonly SeccTransition[] {
  const progress = (chargeProgress: chargeProgressType, mode: 'ac' | 'dc', target: string): SeccTransition => ({
    guard: and([request('PowerDeliveryReq'), { type: 'chargeProgress', params: { progress: chargeProgress, mode } }]),
    target,
    actions: 'answer',
  });
  return [
    fails('PowerDeliveryReq'),
    ...modes.map((mode) => progress('Start', mode, CHARGING[mode])),
    ...modes.map((mode) => progress('Stop', mode, AFTER_CHARGING[mode])),
    // Renegotiate [V2G-813]: new charge parameters and schedule, then PowerDelivery(Start) again.
    { guard: request('PowerDeliveryReq'), target: '#iso2-secc.WaitForChargeParameterDiscovery', actions: 'answer' },
  ];
}

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
      { guard: 'unknownSession', target: '.failed', actions: refuse('FAILED_UnknownSession') },
      // A request no state here takes.
      { target: '.failed', actions: refuse('FAILED_SequenceError') },
    ],
    'channel.closed': { target: '.failed', actions: 'noteChannelEnd' },
    'channel.invalid': { target: '.failed', actions: 'noteChannelEnd' },
  },
  initial: 'WaitForSessionSetup',
  states: {
    WaitForSessionSetup: communicationSetupTimed(
      waiting([{ guard: request('SessionSetupReq'), target: 'WaitForServiceDiscovery', actions: 'answer' }]),
      { target: '#iso2-secc.failed', actions: 'noteCommunicationSetupTimeout' },
    ),
    WaitForServiceDiscovery: waiting([
      { guard: request('ServiceDiscoveryReq'), target: 'WaitForServiceDetailOrPaymentServiceSelection', actions: 'answer' },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForServiceDetailOrPaymentServiceSelection: looping('WaitForServiceDetailOrPaymentServiceSelection', [
      fails('ServiceDetailReq'),
      { guard: request('ServiceDetailReq'), actions: ANSWER_AND_STAY },
      fails('PaymentServiceSelectionReq'),
      { guard: request('PaymentServiceSelectionReq'), target: 'WaitForAuthorization', actions: 'answer' },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForAuthorization: looping('WaitForAuthorization', [
      { guard: and([request('AuthorizationReq'), 'answerFinished']), target: 'WaitForChargeParameterDiscovery', actions: 'answer' },
      { guard: request('AuthorizationReq'), actions: ANSWER_AND_STAY },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForChargeParameterDiscovery: looping('WaitForChargeParameterDiscovery', [
      fails('ChargeParameterDiscoveryReq'),
      { guard: and([request('ChargeParameterDiscoveryReq'), not('answerFinished')]), actions: ANSWER_AND_STAY },
      // After a renegotiation the DC cable is still checked and precharged: straight to PowerDelivery.
      { guard: and([request('ChargeParameterDiscoveryReq'), 'renegotiating']), target: 'WaitForPowerDelivery', actions: 'answer' },
      { guard: and([request('ChargeParameterDiscoveryReq'), 'requestsDc']), target: 'WaitForCableCheck', actions: 'answer' },
      { guard: request('ChargeParameterDiscoveryReq'), target: 'WaitForPowerDelivery', actions: 'answer' },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForCableCheck: looping('WaitForCableCheck', [
      fails('CableCheckReq'),
      { guard: and([request('CableCheckReq'), 'answerFinished']), target: 'WaitForPreCharge', actions: 'answer' },
      { guard: request('CableCheckReq'), actions: ANSWER_AND_STAY },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForPreCharge: waiting([
      { guard: request('PreChargeReq'), target: 'WaitForPreChargeOrPowerDelivery', actions: 'answer' },
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    WaitForPreChargeOrPowerDelivery: looping('WaitForPreChargeOrPowerDelivery', [
      { guard: request('PreChargeReq'), actions: ANSWER_AND_STAY },
      ...powerDelivery('dc'),
      ...SESSION_STOP_BEFORE_CHARGING,
    ]),
    /** AC after ChargeParameterDiscovery; AC and DC after a renegotiation. */
    WaitForPowerDelivery: waiting([...powerDelivery('dc', 'ac'), ...SESSION_STOP_BEFORE_CHARGING]),
    WaitForCurrentDemand: waiting([
      { guard: request('CurrentDemandReq'), target: 'WaitForCurrentDemandOrPowerDelivery', actions: 'answer' },
    ]),
    WaitForCurrentDemandOrPowerDelivery: looping('WaitForCurrentDemandOrPowerDelivery', [
      { guard: request('CurrentDemandReq'), actions: ANSWER_AND_STAY },
      ...powerDelivery('dc'),
    ]),
    WaitForChargingStatus: waiting([
      { guard: request('ChargingStatusReq'), target: 'WaitForChargingStatusOrPowerDelivery', actions: 'answer' },
    ]),
    WaitForChargingStatusOrPowerDelivery: looping('WaitForChargingStatusOrPowerDelivery', [
      { guard: request('ChargingStatusReq'), actions: ANSWER_AND_STAY },
      ...powerDelivery('ac'),
    ]),
    WaitForWeldingDetectionOrSessionStop: looping('WaitForWeldingDetectionOrSessionStop', [
      { guard: request('WeldingDetectionReq'), actions: ANSWER_AND_STAY },
      ...SESSION_STOP,
    ]),
    WaitForSessionStop: waiting([...SESSION_STOP]),
    // The runner keeps a paused session's SessionID to offer OK_OldSessionJoined on the next connection.
    stopped: { type: 'final', entry: [{ type: 'finish', params: { result: 'stopped' } }, 'closeChannel'] },
    paused: { type: 'final', entry: [{ type: 'finish', params: { result: 'paused' } }, 'closeChannel'] },
    failed: { type: 'final', entry: [{ type: 'finish', params: { result: 'failed' } }, 'safeState', 'closeChannel'] },
  },
});
