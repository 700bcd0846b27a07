/**
 * The SECC session, written once for every protocol: a protocol's message adapter (secc-message-adapter.ts) and its
 * chart (built from secc-chart.ts) make it a machine. Pure: responses, power commands and the close leave as emitted
 * events. The rules every protocol shares live here:
 *
 * - Classify and answer once: a received message is unwrapped and, when it is a request of this session, answered by
 *   the adapter's handler and raised as one typed event carrying its answer (`classify`); the chart's guards read
 *   `event.answer`.
 * - Not a request: the session ends, closed without an answer. Another session's SessionID: FAILED_UnknownSession
 *   [V2G2-460]. A request no state here takes: FAILED_SequenceError in the request's own response type [V2G2-538]
 *   [V2G2-539], the adapter's minimal response [V2G2-736].
 * - A request field out of its XSD range: clamped, or the request refused with FAILED (../out-of-range.ts).
 * - Any FAILED answer ends the session (the root's `always`), after the EV has read it.
 * - V2G_SECC_Sequence_Timeout from each response to the next request [V2G2-443] (secc-chart.ts). Up to
 *   SessionSetupReq the connection's machine bounds the setup by V2G_SECC_CommunicationSetup_Performance_Time
 *   [V2G2-723] (../../stack/secc-connection.ts), so the session needs no copy of it.
 * - What the SECC waits for from outside: asked once, its verdict kept for the handlers (secc-pending.ts).
 * - The final states: `stopped`, `paused` (the SessionID may be resumed), `failed` (output made safe: no current,
 *   contactors open), each closing the channel; the output is a SessionOutcome.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import { screenRequest } from '../out-of-range.js';
import { deadlineAhead, enteredOn, initialSequence, pushedBack, rearmed, timerDelay, type SequenceTimeout, type SequenceTimer } from '../sequence-timeout.js';
import type { ChannelCommand, PowerCommandEvent, SeccChannelEvent, SessionOutcome } from '../session-events.js';
import type { EvseStatus } from './evse-snapshot.js';
import { sameSessionId } from '../session-id.js';
import type { SeccKitInput } from '../session-input.js';
import { isFailedCode, type SeccRequestEvent, type SeccRequestType } from './secc-answer.js';
import type { SeccWaitingState } from './secc-chart.js';
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
}

/** What the kit raises when a received message is no request of this session. */
type Unanswerable =
  | { readonly type: 'secc.notARequest'; readonly reason: string }
  | {
      readonly type: 'secc.unknownSession';
      readonly request: SeccRequestType;
      readonly body: object;
      readonly sessionId: Uint8Array;
      readonly evse: EvseStatus;
      readonly time: number;
    };

export type SeccSessionEvent<M extends V2gDocument> = SeccChannelEvent<M> | SeccRequestEvent | Unanswerable | SeccReplyEvent;
export type SeccSessionEmitted<M extends V2gDocument> = ChannelCommand<M> | PowerCommandEvent | SeccAskEvent;

/** A protocol's states: waiting ones from secc-chart.ts. */
export type SeccStates = Readonly<Record<string, SeccWaitingState>>;

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
    ({ ...context.facts, input: context.input, sessionId: context.sessionId, evse, pending: context.pending });
  const failedBody = (context: SeccSessionContext, type: SeccRequestType, code: string, evse: EvseStatus, request: object) =>
    adapter.failed(type, code, factsOf(context, evse), request);

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
    },
    guards: {
      finished: ({ event }) => 'answer' in event && (event.answer.processing ?? 'Finished') === 'Finished',
      route: ({ event }, params: { route: string }) => 'answer' in event && event.answer.route === params.route,
      failureAnswered: ({ context }) => context.failureAnswered === true,
      deadlineAhead: ({ context }) => deadlineAhead(context.sequence),
    },
    actions: {
      classify: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'channel.received') return;
        const unwrapped = envelope.unwrap(event.message);
        if (!unwrapped.ok) return enqueue.raise({ type: 'secc.notARequest', reason: unwrapped.reason });
        const { name, body, sessionId } = unwrapped;
        if (!isRequestType(name)) return enqueue.raise({ type: 'secc.notARequest', reason: wording.notARequest(name) });
        // SessionSetupReq opens a session, so its SessionID is not checked [V2G2-756].
        if (context.sessionId !== undefined && name !== 'SessionSetupReq' && !sameSessionId(sessionId, context.sessionId)) {
          return enqueue.raise({ type: 'secc.unknownSession', request: name, body, sessionId, evse: event.evse, time: event.time });
        }
        // A field out of its range is clamped or refused, the same in every protocol (out-of-range.ts).
        const screened = screenRequest(body);
        const facts = factsOf(context, event.evse);
        // A request the SECC never accepts gets no handler: the root refuses it wherever it comes.
        const answer = screened.ok
          ? (adapter.answer(name, screened.body, facts, sessionId, event.time) ?? { code: 'FAILED_SequenceError', body: {} })
          : { code: 'FAILED', body: adapter.failed(name, 'FAILED', facts, body) };
        enqueue.raise({ type: name, request: body, sessionId, evse: event.evse, time: event.time, answer });
      }),
      answer: enqueueActions(({ context, event, enqueue }) => {
        if (!('answer' in event)) return;
        const { answer } = event;
        const sessionId = answer.sessionId ?? context.sessionId ?? event.sessionId;
        enqueue.emit({ type: 'channel.send', message: envelope.wrap(sessionId, answer.body, event.time) });
        // Most answers (every CurrentDemandRes) change nothing in the context: no assign for them.
        if (isFailedCode(answer.code)) {
          const failure = wording.refused(answer.code, event.type, responseTypeOf(event.type), false);
          enqueue.assign({ facts: { ...context.facts, ...answer.update }, sessionId, failure, failureAnswered: true });
        } else if (answer.update !== undefined || answer.sessionId !== undefined) {
          enqueue.assign({ facts: answer.update === undefined ? context.facts : { ...context.facts, ...answer.update }, sessionId });
        }
        for (const command of answer.commands ?? []) enqueue.emit({ type: 'evse.command', command });
        const question = answer.ask;
        if (question !== undefined && (context.pending[question.kind] === undefined || answer.askAgain === true)) {
          enqueue.emit({ type: 'backend.ask', question });
          enqueue.assign({ pending: { ...context.pending, [question.kind]: 'asked' } });
        }
      }),
      noteReply: assign({
        pending: ({ context, event }) => (event.type === 'backend.reply' ? { ...context.pending, [event.reply.kind]: event.reply } : context.pending),
      }),
      refuse: enqueueActions(({ context, event, enqueue }, params: { code: string }) => {
        const request = event.type === 'secc.unknownSession' ? event.request : 'answer' in event ? event.type : undefined;
        if (request === undefined || !('evse' in event) || !('sessionId' in event)) return;
        const received = event.type === 'secc.unknownSession' ? event.body : event.request;
        const body = failedBody(context, request, params.code, event.evse, received);
        enqueue.emit({ type: 'channel.send', message: envelope.wrap(context.sessionId ?? event.sessionId, body, event.time) });
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
        sequence: ({ context, event }) => ('time' in event ? pushedBack(context.sequence, event.time) : context.sequence),
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
  return kit.createMachine({
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
}
