/**
 * The EVCC's side of the supportedAppProtocol handshake, the first exchange on every V2G connection:
 * offer the protocols, wait V2G_EVCC_Msg_Timeout for the answer, check it. Pure: it emits `channel.send` and
 * `channel.close` and receives `ChannelEvent`s; runOnChannel (actors/session) does the I/O.
 */
import { assign, emit, setup } from 'xstate';
import type { supportedAppProtocolReqType } from '../../codecs/exi/generated/apphand.types.js';
import type { ApphandDocument } from '../../codecs/exi/generated/documents.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import type { ChannelCommand, ChannelEvent } from '../session/session-events.js';
import { messageName } from '../../codecs/exi/message-name.js';
import { evccMessageTimeout, type Timing } from '../timing/v2g-timers.js';
import {
  channelEndReason,
  describeOutcome,
  handshakeFailure,
  type ChannelEnd,
  type HandshakeOutcome,
} from './handshake-outcome.js';
import { acceptAppProtocol, offerAppProtocols } from './negotiation.js';
import type { ConnectionSecurity } from '../../base/connection-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export interface EvccHandshakeInput {
  /** The protocols the EVCC runs, most preferred first; those the connection does not allow are not offered. */
  readonly preferred: readonly V2gProtocol[];
  readonly security: ConnectionSecurity;
  readonly timing: Timing;
}

export interface EvccHandshakeContext {
  readonly request: supportedAppProtocolReqType;
  readonly security: ConnectionSecurity;
  readonly timing: Timing;
  readonly outcome: HandshakeOutcome;
}

/** The answer judged against the request: a positive code with a SchemaID the EVCC offered, else the session stops. */
function checkSupportedAppProtocolRes(request: supportedAppProtocolReqType, message: ApphandDocument): HandshakeOutcome {
  if (!('supportedAppProtocolRes' in message)) {
    return handshakeFailure(`expected supportedAppProtocolRes, received ${messageName(message)}`);
  }
  const res = message.supportedAppProtocolRes;
  if (res.ResponseCode === 'Failed_NoNegotiation') return handshakeFailure('SECC answered Failed_NoNegotiation');
  const accepted = acceptAppProtocol(request, res);
  if (!accepted.ok) return accepted;
  return { ok: true, protocol: accepted.protocol, responseCode: res.ResponseCode };
}

export const evccHandshakeMachine = setup({
  types: {
    input: {} as EvccHandshakeInput,
    context: {} as EvccHandshakeContext,
    events: {} as ChannelEvent<V2gDocument<'apphand'>>,
    emitted: {} as ChannelCommand<V2gDocument<'apphand'>>,
    output: {} as HandshakeOutcome,
  },
  delays: {
    // The supportedAppProtocol pair has the default message timeout: 2 s in DIN (DIN SPEC 70121 §9.6.2,
    // Table 75), ISO 15118-2 and ISO 15118-20 alike.
    V2G_EVCC_Msg_Timeout: ({ context }) => evccMessageTimeout(context.timing, 'supportedAppProtocolReq'),
  },
  guards: {
    nothingToOffer: ({ context }) => context.request.AppProtocol.length === 0,
    negotiated: ({ context }) => context.outcome.ok,
  },
  actions: {
    sendSupportedAppProtocolReq: emit(({ context }) => ({
      type: 'channel.send' as const,
      message: v2gDocument('apphand', { supportedAppProtocolReq: context.request }),
    })),
    closeChannel: emit(({ context }) => ({
      type: 'channel.close' as const,
      reason: describeOutcome(context.outcome),
    })),
    checkSupportedAppProtocolRes: assign({
      outcome: ({ context }, params: { message: ApphandDocument }) =>
        checkSupportedAppProtocolRes(context.request, params.message),
    }),
    fail: assign({ outcome: (_, params: { reason: string }) => handshakeFailure(params.reason) }),
    failOnChannelEnd: assign({ outcome: (_, params: { end: ChannelEnd }) => handshakeFailure(channelEndReason(params.end)) }),
  },
}).createMachine({
  id: 'evcc-apphand',
  context: ({ input }) => ({
    request: offerAppProtocols(input.preferred, input.security),
    security: input.security,
    timing: input.timing,
    outcome: handshakeFailure('the handshake has not ended'),
  }),
  initial: 'offering',
  states: {
    offering: {
      always: [
        {
          // The request must hold 1 to 20 entries (XSD): with none allowed on this connection there is nothing to send.
          guard: 'nothingToOffer',
          target: 'failed',
          actions: {
            type: 'fail',
            params: ({ context }) => ({ reason: `none of the preferred protocols may run on ${context.security}` }),
          },
        },
        { target: 'waitingForSupportedAppProtocolRes' },
      ],
    },
    waitingForSupportedAppProtocolRes: {
      entry: 'sendSupportedAppProtocolReq',
      after: {
        V2G_EVCC_Msg_Timeout: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'V2G_EVCC_Msg_Timeout: no supportedAppProtocolRes' } },
        },
      },
      on: {
        'channel.received': {
          target: 'checkingSupportedAppProtocolRes',
          actions: { type: 'checkSupportedAppProtocolRes', params: ({ event }) => ({ message: event.message.document }) },
        },
        'channel.closed': { target: 'lost', actions: { type: 'failOnChannelEnd', params: ({ event }) => ({ end: event }) } },
        'channel.invalid': { target: 'lost', actions: { type: 'failOnChannelEnd', params: ({ event }) => ({ end: event }) } },
      },
    },
    checkingSupportedAppProtocolRes: {
      always: [{ guard: 'negotiated', target: 'negotiated' }, { target: 'failed' }],
    },
    negotiated: { type: 'final' },
    /** The EVCC stops the session: no further request, the connection is closed, as after any EVCC timeout. */
    failed: { type: 'final', entry: 'closeChannel' },
    /** The channel ended under the handshake: nothing left to close. */
    lost: { type: 'final' },
  },
  output: ({ context }) => context.outcome,
});
