/**
 * The lifecycle of a V2G message channel (ISO 15118-2 §7.8, V2GTP over one TCP or TLS connection): which protocol its
 * messages are read in, and how it ends. Only lifecycle changes are events here: the messages themselves flow past
 * the machine over the channel's RxJS streams (actors/channel/v2g-channel-actor.ts), since a loaded station reads
 * thousands a second and a machine step per message would cost it a large share of its CPU.
 *
 * Pure: it asks for the connection's end by emitting `connection.close` (a FIN after what was written) or
 * `connection.destroy` (a reset); the channel carries them out.
 */
import { assign, emit, setup } from 'xstate';
import type { ExiWarning } from '../../codecs/exi/index.js';
import type { ChannelProtocol, V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export interface V2gChannelInput {
  /** The protocol of the first message: `apphand` for a new connection. */
  readonly protocol: ChannelProtocol;
}

/** Why a channel became invalid: a fault in what went over it, not in the connection beneath. */
export type ChannelFault =
  /** A V2GTP header the receiver cannot trust: the next message boundary is lost (§7.8.3.2). */
  | 'v2gtpHeader'
  /** A message whose EXI body is no message of the protocol in use. */
  | 'exiDecode'
  /** A message of our own its schema cannot encode. */
  | 'exiEncode'
  /** A message of our own in a schema the protocol in use does not speak. */
  | 'schemaOutsideProtocol'
  /** More messages from the peer than anyone read: V2G is request/response, so the peer misbehaves. */
  | 'unreadMessages';

export type V2gChannelEvent =
  /** After the handshake: the negotiated protocol from the next message on. */
  | { readonly type: 'channel.useProtocol'; readonly protocol: V2gProtocol }
  /**
   * Our side ends the channel (the session is over, or its machine asked); `afterPeer`: the peer is to close first,
   * as an EV does after SessionStopRes.
   */
  | { readonly type: 'channel.closeRequested'; readonly reason: string; readonly afterPeer: boolean }
  /** The peer's FIN. */
  | { readonly type: 'connection.peerClosed'; readonly reason: string }
  /** A reset, a TLS failure or another socket error. */
  | { readonly type: 'connection.lost'; readonly reason: string }
  | { readonly type: 'channel.fault'; readonly fault: ChannelFault; readonly reason: string }
  /**
   * A message was read although it departs from its schema (a value outside a facet, a field codec's quirk): the
   * channel receives like the field, and says so here, where the log and the inspector see it.
   */
  | { readonly type: 'channel.exiWarning'; readonly warning: ExiWarning };

export type V2gChannelEmitted =
  | { readonly type: 'connection.close' }
  | { readonly type: 'connection.destroy'; readonly reason: string };

/** How the channel ended: its output. */
export interface V2gChannelEnd {
  readonly state: 'closed' | 'invalid';
  readonly reason: string;
  readonly fault?: ChannelFault;
}

interface V2gChannelContext {
  readonly protocol: ChannelProtocol;
  readonly reason?: string;
  readonly fault?: ChannelFault;
}

/**
 * How long the channel waits for the peer's FIN: before sending its own when the peer is to close first, and after
 * it otherwise. After the final response the SECC waits about this long before it closes, as JSV and LIB20 do
 * (LIB20 after ISO 15118-20 [V2G20-1643]); and a peer that never closes would hold its socket for good.
 */
export const PEER_CLOSE_TIMEOUT_MS = 5000;

/** The faults after which the peer's next bytes cannot be trusted to start a message: reset, not closed. */
const RESET_FAULTS: ReadonlySet<ChannelFault> = new Set<ChannelFault>(['v2gtpHeader', 'unreadMessages']);

export const v2gChannelMachine = setup({
  types: {} as {
    context: V2gChannelContext;
    input: V2gChannelInput;
    events: V2gChannelEvent;
    emitted: V2gChannelEmitted;
    output: V2gChannelEnd;
  },
  delays: { peerCloseTimeout: PEER_CLOSE_TIMEOUT_MS },
  guards: {
    afterPeer: ({ event }) => event.type === 'channel.closeRequested' && event.afterPeer,
    resetsConnection: ({ event }) => event.type === 'channel.fault' && RESET_FAULTS.has(event.fault),
  },
  actions: {
    useProtocol: assign({ protocol: (_, params: { protocol: V2gProtocol }) => params.protocol }),
    /** The reason the event gives is the channel's: every event that ends the channel carries one. */
    noteReason: assign(({ event }) => ('reason' in event ? { reason: event.reason } : {})),
    noteFault: assign(({ event }) => (event.type === 'channel.fault' ? { fault: event.fault, reason: event.reason } : {})),
    closeConnection: emit({ type: 'connection.close' as const }),
    destroyConnection: emit(({ context }) => ({ type: 'connection.destroy' as const, reason: context.reason ?? 'channel ended' })),
  },
}).createMachine({
  id: 'v2g-channel',
  context: ({ input }) => ({ protocol: input.protocol }),
  initial: 'open',
  states: {
    open: {
      on: {
        'channel.useProtocol': { actions: { type: 'useProtocol', params: ({ event }) => ({ protocol: event.protocol }) } },
        // Noted, not acted on: what the session does with a tolerated value is the session's decision.
        'channel.exiWarning': { description: 'a message read leniently' },
        // What was sent before is still written: a FIN, then the wait for the peer's.
        'channel.closeRequested': [
          { guard: 'afterPeer', target: 'awaitingPeerClose', actions: 'noteReason' },
          { target: 'closing', actions: ['noteReason', 'closeConnection'] },
        ],
        // The peer's FIN is answered with ours.
        'connection.peerClosed': { target: 'closed', actions: ['noteReason', 'closeConnection'] },
        'connection.lost': { target: 'closed', actions: ['noteReason', 'destroyConnection'] },
        // An undecodable message closes without an answer, as EVerest does; a header the receiver
        // cannot trust resets (ISO 15118-2 §7.8.3.2).
        'channel.fault': [
          { guard: 'resetsConnection', target: 'invalid', actions: ['noteFault', 'destroyConnection'] },
          { target: 'invalid', actions: ['noteFault', 'closeConnection'] },
        ],
      },
    },
    // Done, but the peer closes first: the side that closes first keeps the connection's TIME_WAIT, which a station
    // serving many sessions should leave to the cars. What arrives meanwhile is dropped; the reason stays ours.
    awaitingPeerClose: {
      after: { peerCloseTimeout: { target: 'closing', actions: 'closeConnection' } },
      on: {
        'connection.peerClosed': { target: 'closed', actions: 'closeConnection' },
        'connection.lost': { target: 'closed', actions: 'destroyConnection' },
      },
    },
    // Reads on until the peer's FIN, dropping what arrives, so the socket's end is seen and it is released. The reason
    // stays ours: the peer's FIN or a reset now is how the close ends, not why.
    closing: {
      after: { peerCloseTimeout: { target: 'closed', actions: 'destroyConnection' } },
      on: {
        'connection.peerClosed': { target: 'closed' },
        'connection.lost': { target: 'closed' },
      },
    },
    closed: { type: 'final' },
    invalid: { type: 'final' },
  },
  output: ({ context }) =>
    context.fault === undefined
      ? { state: 'closed', reason: context.reason ?? '' }
      : { state: 'invalid', reason: context.reason ?? '', fault: context.fault },
});
