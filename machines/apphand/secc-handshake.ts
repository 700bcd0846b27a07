/**
 * The SECC's side of the supportedAppProtocol handshake: wait for the EVCC's request, choose a protocol, answer.
 * Pure: it emits `channel.send` and `channel.close` and receives `ChannelEvent`s; runOnChannel (actors/session) does
 * the I/O.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { supportedAppProtocolResType } from '../../codecs/exi/generated/apphand.types.js';
import type { ApphandDocument } from '../../codecs/exi/generated/documents.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import type { ChannelCommand, ChannelEvent } from '../session/session-events.js';
import { messageName } from '../../codecs/exi/message-name.js';
import type { Timing } from '../timing/v2g-timers.js';
import {
  channelEndReason,
  describeOutcome,
  handshakeFailure,
  type ChannelEnd,
  type HandshakeOutcome,
} from './handshake-outcome.js';
import { chooseAppProtocol } from './negotiation.js';
import type { ConnectionSecurity } from '../../base/connection-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export interface SeccHandshakeInput {
  /** The protocols this SECC runs; the EVCC's priorities decide among them. */
  readonly supported: readonly V2gProtocol[];
  readonly security: ConnectionSecurity;
  readonly timing: Timing;
}

/** What the SECC makes of a message: the answer to send (if any) and how the handshake ends. */
interface Decision {
  readonly response?: supportedAppProtocolResType;
  readonly outcome: HandshakeOutcome;
}

export interface SeccHandshakeContext extends Decision {
  readonly supported: readonly V2gProtocol[];
  readonly security: ConnectionSecurity;
  readonly timing: Timing;
}

/**
 * Only a request is answered: the supportedAppProtocol schema has no response carrying a failure for anything else,
 * so anything else ends the connection unanswered.
 */
function answerSupportedAppProtocolReq(
  message: ApphandDocument,
  supported: readonly V2gProtocol[],
  security: ConnectionSecurity,
): Decision {
  if (!('supportedAppProtocolReq' in message)) {
    return { outcome: handshakeFailure(`expected supportedAppProtocolReq, received ${messageName(message)}`) };
  }
  const { response, protocol } = chooseAppProtocol(message.supportedAppProtocolReq, supported, security);
  if (protocol === undefined || response.ResponseCode === 'Failed_NoNegotiation') {
    const offered = message.supportedAppProtocolReq.AppProtocol.map(
      (p) => `${p.ProtocolNamespace} ${p.VersionNumberMajor}.${p.VersionNumberMinor}`,
    );
    const reason = `Failed_NoNegotiation: none of [${offered.join(', ')}] is supported on ${security}`;
    return { response, outcome: handshakeFailure(reason) };
  }
  return { response, outcome: { ok: true, protocol, responseCode: response.ResponseCode } };
}

export const seccHandshakeMachine = setup({
  types: {
    input: {} as SeccHandshakeInput,
    context: {} as SeccHandshakeContext,
    events: {} as ChannelEvent<V2gDocument<'apphand'>>,
    emitted: {} as ChannelCommand<V2gDocument<'apphand'>>,
    output: {} as HandshakeOutcome,
  },
  delays: {
    /**
     * How long a connected EVCC may take to send a complete supportedAppProtocolReq: the SECC's communication setup,
     * from the connection's start to SessionSetupReq, has V2G_SECC_CommunicationSetup_Performance_Time (18 s,
     * [V2G2-723]), and the session machine bounds SessionSetupReq by what the handshake left of it. So a peer that
     * connects and stays silent does not hold the connection for the 60 s of V2G_SECC_Sequence_Timeout, which runs only
     * between a response and the next request.
     */
    V2G_SECC_CommunicationSetup_Performance_Time: ({ context }) => context.timing.session.V2G_SECC_CommunicationSetup_Performance_Time,
  },
  guards: {
    negotiated: ({ context }) => context.outcome.ok,
  },
  actions: {
    answerSupportedAppProtocolReq: assign(({ context }, params: { message: ApphandDocument }) =>
      answerSupportedAppProtocolReq(params.message, context.supported, context.security),
    ),
    // Only a request gets an answer; anything else has none.
    sendSupportedAppProtocolRes: enqueueActions(({ context, enqueue }) => {
      if (context.response) enqueue.emit({ type: 'channel.send', message: v2gDocument('apphand', { supportedAppProtocolRes: context.response }) });
    }),
    closeChannel: emit(({ context }) => ({ type: 'channel.close' as const, reason: describeOutcome(context.outcome) })),
    fail: assign({ outcome: (_, params: { reason: string }) => handshakeFailure(params.reason) }),
    failOnChannelEnd: assign({ outcome: (_, params: { end: ChannelEnd }) => handshakeFailure(channelEndReason(params.end)) }),
  },
}).createMachine({
  id: 'secc-apphand',
  context: ({ input }) => ({
    supported: input.supported,
    security: input.security,
    timing: input.timing,
    outcome: handshakeFailure('the handshake has not ended'),
  }),
  initial: 'waitingForSupportedAppProtocolReq',
  states: {
    waitingForSupportedAppProtocolReq: {
      after: {
        V2G_SECC_CommunicationSetup_Performance_Time: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'V2G_SECC_CommunicationSetup_Performance_Time: no supportedAppProtocolReq' } },
        },
      },
      on: {
        'channel.received': {
          target: 'answering',
          actions: { type: 'answerSupportedAppProtocolReq', params: ({ event }) => ({ message: event.message.document }) },
        },
        'channel.closed': { target: 'lost', actions: { type: 'failOnChannelEnd', params: ({ event }) => ({ end: event }) } },
        'channel.invalid': { target: 'lost', actions: { type: 'failOnChannelEnd', params: ({ event }) => ({ end: event }) } },
      },
    },
    answering: {
      entry: 'sendSupportedAppProtocolRes',
      // Failed_NoNegotiation is sent, then the connection closed [V2G2-172].
      always: [{ guard: 'negotiated', target: 'negotiated' }, { target: 'failed' }],
    },
    negotiated: { type: 'final' },
    failed: { type: 'final', entry: 'closeChannel' },
    /** The channel ended under the handshake: nothing left to close. */
    lost: { type: 'final' },
  },
  output: ({ context }) => context.outcome,
});
