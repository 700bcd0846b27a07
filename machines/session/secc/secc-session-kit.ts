/**
 * The SECC session, written once for every protocol: a protocol's message adapter (secc-message-adapter.ts) and its
 * chart (built from secc-chart.ts) make it a machine. Pure: responses, power commands and the close leave as emitted
 * events. The rules every protocol shares live here:
 *
 * - Classify and answer once: a received message is unwrapped and, when it is a request of this session, answered by
 *   the adapter's handler and raised as one typed event carrying its answer (`classified`); the chart's guards read
 *   `event.answer`. A runner may hand the machine that event itself (`seccClassifierOf`).
 * - Not a request: the session ends, closed without an answer. Another session's SessionID: FAILED_UnknownSession
 *   [V2G2-460]. A request no state here takes: FAILED_SequenceError in the request's own response type [V2G2-538]
 *   [V2G2-539], the adapter's minimal response [V2G2-736].
 * - A request field out of its XSD range: clamped, or the request refused with FAILED (../out-of-range.ts).
 * - Any FAILED answer ends the session (the root's `always`), after the EV has read it.
 * - V2G_SECC_Sequence_Timeout from each response to the next request [V2G2-443] (secc-chart.ts). Up to
 *   SessionSetupReq the connection's machine bounds the setup by V2G_SECC_CommunicationSetup_Performance_Time
 *   [V2G2-723] (../../stack/secc-connection.ts), so the session needs no copy of it.
 * - What the SECC waits for from outside: asked once, its verdict kept for the handlers (secc-pending.ts); a response
 *   that cannot be given before the verdict is a deferred answer, sent when the verdict comes (secc-chart.ts
 *   `answeredLater`) or FAILED once V2G_SECC_Msg_Performance_Time has run out.
 * - The final states: `stopped`, `paused` (the SessionID may be resumed), `failed` (output made safe: no current,
 *   contactors open), each closing the channel; the output is a SessionOutcome.
 */
import { assign, emit, enqueueActions, raise, setup, type AnyStateMachine } from 'xstate';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import { screenRequest } from '../out-of-range.js';
import { deadlineAhead, enteredOn, initialSequence, pushedBack, rearmed, timerDelay, type SequenceTimeout, type SequenceTimer } from '../sequence-timeout.js';
import type { ChannelCommand, PowerCommandEvent, SeccChannelEvent, SessionOutcome } from '../session-events.js';
import type { EvseStatus } from './evse-snapshot.js';
import { sameSessionId } from '../session-id.js';
import type { SeccKitInput } from '../session-input.js';
import { isFailedCode, type SeccRequestEvent, type SeccRequestHeader, type SeccRequestType } from './secc-answer.js';
import type { SeccAwaitingState, SeccWaitingState } from './secc-chart.js';
import type { SeccMessageAdapter } from './secc-message-adapter.js';
import type { SeccAskEvent, SeccPending, SeccReplyEvent } from './secc-pending.js';

export interface SeccSessionContext {
  readonly input: SeccKitInput;
  /** The protocol's session facts (what its handlers read and update), opaque to the kit. */
  readonly facts: object;
  readonly pending: SeccPending;
  /** Given by SessionSetupRes; from then every request must carry it [V2G2-460]. */
  readonly sessionId?: Uint8Array;
  readonly sequence: SequenceTimeout;
  readonly result?: SessionOutcome['result'];
  readonly failure?: string;
  /** The failure was told to the EV in a FAILED response, which it may still read before closing. */
  readonly failureAnswered?: boolean;
  /** The request whose answer waits for a verdict from outside (`SeccAnswer.deferred`). */
  readonly deferred?: Omit<SeccRequestEvent, 'answer'>;
}

type ReceivedEvent<M extends V2gDocument> = Extract<SeccChannelEvent<M>, { readonly type: 'channel.received' }>;

/** What the kit raises when a received message is no request of this session. */
type Unanswerable =
  | { readonly type: 'secc.notARequest'; readonly message: V2gDocument; readonly reason: string }
  | {
      readonly type: 'secc.unknownSession';
      readonly message: V2gDocument;
      readonly request: SeccRequestType;
      readonly body: object;
      readonly sessionId: Uint8Array;
      readonly evse: EvseStatus;
      readonly time: number;
    };

/** What a received message becomes: a request with its answer, or why it is none. */
export type SeccClassifiedEvent = SeccRequestEvent | Unanswerable;
export type SeccSessionEvent<M extends V2gDocument> = SeccChannelEvent<M> | SeccClassifiedEvent | SeccReplyEvent;

/**
 * A kit machine's classification, for a runner that hands the machine a message already classified: the machine's
 * context and a received message in, the event the machine would raise for it out. The machine still classifies
 * whatever arrives as `channel.received` itself; given the classified event instead, it skips that step (one
 * microstep per request, and about a quarter of what the machine allocates for it).
 */
export type SeccClassifier = (context: SeccSessionContext, received: ReceivedEvent<V2gDocument>) => SeccClassifiedEvent;

const CLASSIFIERS = new WeakMap<AnyStateMachine, SeccClassifier>();

/** The classifier of `logic` when it is a session machine of this kit. */
export function seccClassifierOf(logic: unknown): SeccClassifier | undefined {
  return CLASSIFIERS.get(logic as AnyStateMachine);
}
export type SeccSessionEmitted<M extends V2gDocument> = ChannelCommand<M> | PowerCommandEvent | SeccAskEvent;

/** A protocol's states: waiting ones and those awaiting a deferred answer, from secc-chart.ts. */
export type SeccStates = Readonly<Record<string, SeccWaitingState | SeccAwaitingState>>;

/** The length of `timer` in the protocol's table; a table without it (DIN, -2) has V2G_SECC_Sequence_Timeout's. */
function timerLength(input: SeccKitInput, timer: SequenceTimer = 'V2G_SECC_Sequence_Timeout'): number {
  const session: Readonly<Partial<Record<SequenceTimer, number>>> = input.timing.session;
  return session[timer] ?? input.timing.session.V2G_SECC_Sequence_Timeout;
}

function isRequestType(name: string): name is SeccRequestType {
  return name.endsWith('Req');
}

function responseTypeOf(request: SeccRequestType): string {
  return `${request.slice(0, -3)}Res`;
}

/** The V2G_SECC_Msg_Performance_Time of a request's pair: its own where the protocol's table names one, else the default. */
function performanceTime(input: SeccKitInput, request: SeccRequestType): number {
  // Each protocol's table names its own pairs (DIN/-2's MessageTimeouts, -20's): read by the pair's name.
  const times = input.timing.V2G_SECC_Msg_Performance_Time as unknown as Readonly<Partial<Record<string, number>>>;
  return times[request.slice(0, -3)] ?? input.timing.V2G_SECC_Msg_Performance_Time.default;
}

/** What a handler is told of a request's header. */
function headerOf(sessionId: Uint8Array, signature: object | undefined): SeccRequestHeader {
  return signature === undefined ? { sessionId } : { sessionId, signature };
}

/** The SECC session machine `id` of `adapter`, its chart `states` starting at `initial`. */
export function seccSessionMachine<M extends V2gDocument, I extends SeccKitInput, F extends object>(
  id: string,
  protocolAdapter: SeccMessageAdapter<M, I, F>,
  initial: string,
  states: SeccStates,
) {
  // The kit reads facts and input only through the adapter, which knows their types.
  const adapter = protocolAdapter as unknown as SeccMessageAdapter<M, SeccKitInput, object>;
  const { envelope, wording } = adapter;
  /** What a handler (or the minimal FAILED response) reads, with the EVSE's status that came with the request. */
  const factsOf = (context: SeccSessionContext, evse: EvseStatus) =>
    ({ input: context.input, sessionId: context.sessionId, evse, pending: context.pending, ...context.facts });
  const failedBody = (context: SeccSessionContext, type: SeccRequestType, code: string, evse: EvseStatus, request: object) =>
    adapter.failed(type, code, factsOf(context, evse), request);
  /** The one event a received message becomes: a request with its answer, or why it is none (see the module's rules). */
  const classified = (context: SeccSessionContext, event: ReceivedEvent<M>): SeccClassifiedEvent => {
    const unwrapped = envelope.unwrap(event.message);
    const { message } = event;
    if (!unwrapped.ok) return { type: 'secc.notARequest', message, reason: unwrapped.reason };
    const { name, body, sessionId, signature } = unwrapped;
    if (!isRequestType(name)) return { type: 'secc.notARequest', message, reason: wording.notARequest(name) };
    // SessionSetupReq opens a session, so its SessionID is not checked [V2G2-756].
    if (context.sessionId !== undefined && name !== 'SessionSetupReq' && !sameSessionId(sessionId, context.sessionId)) {
      return { type: 'secc.unknownSession', message, request: name, body, sessionId, evse: event.evse, time: event.time };
    }
    // A field out of its range is clamped or refused, the same in every protocol (out-of-range.ts).
    const screened = screenRequest(body);
    const facts = factsOf(context, event.evse);
    // A request the SECC never accepts gets no handler: the root refuses it wherever it comes.
    const answer = screened.ok
      ? (adapter.answer(name, screened.body, facts, headerOf(sessionId, signature), event.time) ?? { code: 'FAILED_SequenceError', body: {} })
      : { code: 'FAILED', body: adapter.failed(name, 'FAILED', facts, body) };
    const request = { type: name, message, request: body, sessionId, evse: event.evse, time: event.time, answer };
    return signature === undefined ? request : Object.assign(request, { signature });
  };

  const kit = setup({
    types: {
      context: {} as SeccSessionContext,
      events: {} as SeccSessionEvent<M>,
      emitted: {} as SeccSessionEmitted<M>,
      input: {} as I,
      output: {} as SessionOutcome,
    },
    delays: {
      V2G_SECC_Sequence_Timeout: ({ context }) => timerDelay(context.sequence),
      V2G_SECC_Sequence_Timeout_ChargeLoop: ({ context }) => timerDelay(context.sequence),
      V2G_SECC_Msg_Performance_Time: ({ context }) => (context.deferred ? performanceTime(context.input, context.deferred.type) : 0),
    },
    guards: {
      finished: ({ event }) => 'answer' in event && (event.answer.processing ?? 'Finished') === 'Finished',
      route: ({ event }, params: { route: string }) => 'answer' in event && event.answer.route === params.route,
      failureAnswered: ({ context }) => context.failureAnswered === true,
      deadlineAhead: ({ context }) => deadlineAhead(context.sequence),
      deferred: ({ event }) => 'answer' in event && event.answer.deferred === true,
    },
    actions: {
      classify: raise(({ context, event }) => classified(context, event as ReceivedEvent<M>)),
      // The verdict a deferred answer waited for: noted, and the kept request answered again with it, raised as it came.
      answerDeferred: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'backend.reply' || context.deferred === undefined) return;
        const pending = { ...context.pending, [event.reply.kind]: event.reply };
        const { type, request, sessionId, signature, evse } = context.deferred;
        const time = event.time ?? context.deferred.time;
        const facts = Object.assign(factsOf(context, evse), { pending });
        const answer = adapter.answer(type, request, facts, headerOf(sessionId, signature), time);
        enqueue.assign({ pending });
        if (answer === undefined || answer.deferred) return;
        enqueue.assign({ deferred: undefined });
        enqueue.raise(Object.assign({}, context.deferred, { time, answer }));
      }),
      // No verdict within V2G_SECC_Msg_Performance_Time: the EV gets FAILED before its own V2G_EVCC_Msg_Timeout.
      refuseDeferred: enqueueActions(({ context, enqueue }) => {
        if (context.deferred === undefined) return;
        const { type, request, sessionId, evse, time } = context.deferred;
        enqueue.emit({ type: 'channel.send', message: envelope.wrap(context.sessionId ?? sessionId, failedBody(context, type, 'FAILED', evse, request), { time }) });
        enqueue.assign({ failure: `${wording.refused('FAILED', type, responseTypeOf(type), false)}: no verdict within V2G_SECC_Msg_Performance_Time`, failureAnswered: true });
      }),
      answer: enqueueActions(({ context, event, enqueue }) => {
        if (!('answer' in event)) return;
        const { answer } = event;
        const question = answer.ask;
        const ask = (): void => {
          if (question === undefined || (context.pending[question.kind] !== undefined && answer.askAgain !== true)) return;
          enqueue.emit({ type: 'backend.ask', question });
          enqueue.assign({ pending: { ...context.pending, [question.kind]: 'asked' } });
        };
        if (answer.deferred) {
          const { answer: _, ...request } = event;
          ask();
          return enqueue.assign({ deferred: request });
        }
        const sessionId = answer.sessionId ?? context.sessionId ?? event.sessionId;
        enqueue.emit({ type: 'channel.send', message: envelope.wrap(sessionId, answer.body, answer.signature === undefined ? { time: event.time } : { time: event.time, signature: answer.signature }) });
        // Most answers (every CurrentDemandRes) change nothing in the context: no assign for them.
        if (isFailedCode(answer.code)) {
          const failure = wording.refused(answer.code, event.type, responseTypeOf(event.type), false);
          enqueue.assign({ facts: Object.assign({}, context.facts, answer.update), sessionId, failure, failureAnswered: true });
        } else if (answer.update !== undefined || answer.sessionId !== undefined) {
          enqueue.assign({ facts: answer.update === undefined ? context.facts : Object.assign({}, context.facts, answer.update), sessionId });
        }
        for (const command of answer.commands ?? []) enqueue.emit({ type: 'evse.command', command });
        ask();
      }),
      noteReply: assign({
        pending: ({ context, event }) => (event.type === 'backend.reply' ? { ...context.pending, [event.reply.kind]: event.reply } : context.pending),
      }),
      refuse: enqueueActions(({ context, event, enqueue }, params: { code: string }) => {
        const request = event.type === 'secc.unknownSession' ? event.request : 'answer' in event ? event.type : undefined;
        if (request === undefined || !('evse' in event) || !('sessionId' in event)) return;
        const received = event.type === 'secc.unknownSession' ? event.body : event.request;
        const body = failedBody(context, request, params.code, event.evse, received);
        enqueue.emit({ type: 'channel.send', message: envelope.wrap(context.sessionId ?? event.sessionId, body, { time: event.time }) });
        enqueue.assign({ failure: wording.refused(params.code, request, responseTypeOf(request), true), failureAnswered: true });
      }),
      noteNotARequest: assign({ failure: ({ event }) => (event.type === 'secc.notARequest' ? event.reason : undefined) }),
      noteChannelEnd: assign({
        failure: ({ event }) => (event.type === 'channel.closed' || event.type === 'channel.invalid' ? wording.channelEnded(event.type, event.reason) : undefined),
      }),
      noteSequenceTimeout: assign({ failure: 'V2G_SECC_Sequence_Timeout' }),
      armSequenceTimeout: assign({
        sequence: ({ context, event }, params?: { timer: SequenceTimer }) =>
          enteredOn(context.sequence, 'time' in event ? event.time : undefined, timerLength(context.input, params?.timer)),
      }),
      pushBackSequenceTimeout: assign({
        sequence: ({ context, event }) => ('time' in event && event.time !== undefined ? pushedBack(context.sequence, event.time) : context.sequence),
      }),
      rearmSequenceTimeout: assign({ sequence: ({ context }) => rearmed(context.sequence) }),
      finish: assign((_, params: { result: SessionOutcome['result'] }) => ({ result: params.result })),
      /** Whatever ended the session, the output is made safe: no current, contactors open. */
      safeState: enqueueActions(({ enqueue }) => {
        enqueue.emit({ type: 'evse.command', command: { type: 'stop' } });
        enqueue.emit({ type: 'evse.command', command: { type: 'contactors', closed: false } });
      }),
      // After the final response (SessionStopRes or a FAILED one) the EV closes first; after a failure that had no
      // answer (a timeout, a broken message, the connection's end) the SECC closes at once.
      closeChannel: emit(({ context }) => ({
        type: 'channel.close' as const,
        reason: context.result === 'failed' || context.result === undefined ? (context.failure ?? 'failed') : wording.stopped(context.result),
        afterPeer: context.result !== 'failed' || context.failureAnswered === true,
      })),
    },
  });

  type Config = Parameters<typeof kit.createMachine>[0];
  const machine = kit.createMachine({
    id,
    context: ({ input }) => ({
      input,
      facts: adapter.initialFacts(input),
      pending: {},
      sequence: initialSequence(input.timing.session.V2G_SECC_Sequence_Timeout),
    }),
    output: ({ context }) => ({
      result: context.result ?? 'failed',
      ...(context.result === 'failed' ? { reason: context.failure } : {}),
      sessionId: context.sessionId ?? context.input.newSessionId,
    }),
    always: { guard: 'failureAnswered', target: '.failed' },
    on: {
      'channel.received': { actions: 'classify' },
      'secc.notARequest': { target: '.failed', actions: 'noteNotARequest' },
      'secc.unknownSession': { target: '.failed', actions: { type: 'refuse', params: { code: 'FAILED_UnknownSession' } } },
      // A request no state here takes.
      '*': { target: '.failed', actions: { type: 'refuse', params: { code: 'FAILED_SequenceError' } } },
      // A verdict from outside, whenever it comes: the next request's handler reads it (secc-pending.ts).
      'backend.reply': { actions: 'noteReply' },
      'channel.closed': { target: '.failed', actions: 'noteChannelEnd' },
      'channel.invalid': { target: '.failed', actions: 'noteChannelEnd' },
    },
    initial,
    states: {
      ...(states as Config['states']),
      stopped: { type: 'final', entry: [{ type: 'finish', params: { result: 'stopped' } }, 'closeChannel'] },
      // The runner keeps a paused session's SessionID to offer OK_OldSessionJoined on the next connection.
      paused: { type: 'final', entry: [{ type: 'finish', params: { result: 'paused' } }, 'closeChannel'] },
      failed: { type: 'final', entry: [{ type: 'finish', params: { result: 'failed' } }, 'safeState', 'closeChannel'] },
    },
  });
  CLASSIFIERS.set(machine, classified as SeccClassifier);
  return machine;
}
