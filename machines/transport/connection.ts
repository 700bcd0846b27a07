/**
 * The lifecycle of the TCP connection a V2G communication session runs on (the transport layer, ISO 15118-2 §7.7),
 * with the TLS handshake on top when SDP chose TLS (§7.7.4): connecting, securing, open, closing, and how it ended.
 * Pure: the socket wrapper (transport/connection-lifecycle.ts) tells it what the socket did; it decides nothing the
 * socket does, so it costs nothing on the path of the bytes.
 *
 * A connection the SECC accepted starts here too: its TCP connection (and with TLS, its handshake) is already done,
 * which the wrapper reports at once.
 */
import { assign, setup } from 'xstate';
import type { TlsFailure, TransportFailure } from '../../transport/errors.js';
import type { ConnectionSecurity } from '../apphand/protocols.js';

export interface ConnectionInput {
  readonly security: ConnectionSecurity;
}

/** What the TLS handshake agreed on. */
export interface TlsAgreement {
  /** `TLSv1.2` or `TLSv1.3`. */
  readonly protocol: string;
  /** The IANA name (`TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256`). */
  readonly cipher: string;
}

export type ConnectionEvent =
  /** The TCP three-way handshake is done (connected, or accepted). */
  | { readonly type: 'tcp.connected' }
  | ({ readonly type: 'tls.secured' } & TlsAgreement)
  /** The TLS handshake failed: the SECC's chain, its leaf, or the handshake itself ([V2G2-925]). */
  | { readonly type: 'tls.failed'; readonly failure: TlsFailure; readonly detail: string }
  /** Refused, unreachable, reset, timed out, or another socket error (a TLS one when the TLS layer cannot tell). */
  | { readonly type: 'socket.failed'; readonly failure: TransportFailure | TlsFailure; readonly detail: string }
  /** The peer's FIN. */
  | { readonly type: 'peer.closed' }
  /** Our side ends the connection after what it wrote. */
  | { readonly type: 'close.requested' }
  /** Our side tears the connection down at once (a protocol error above). */
  | { readonly type: 'destroy.requested'; readonly reason: string }
  /** The socket is released: no more bytes either way. */
  | { readonly type: 'socket.closed' };

/** How the connection ended: its output. */
export interface ConnectionEnd {
  readonly state: 'closed' | 'failed';
  readonly reason: string;
  readonly failure?: TransportFailure | TlsFailure;
}

interface ConnectionContext {
  readonly security: ConnectionSecurity;
  readonly tls?: TlsAgreement;
  readonly reason?: string;
  readonly failure?: TransportFailure | TlsFailure;
}

export const connectionMachine = setup({
  types: {} as {
    context: ConnectionContext;
    input: ConnectionInput;
    events: ConnectionEvent;
    output: ConnectionEnd;
  },
  guards: {
    tls: ({ context }) => context.security !== 'tcp',
  },
  actions: {
    noteAgreement: assign({ tls: (_, params: TlsAgreement) => ({ protocol: params.protocol, cipher: params.cipher }) }),
    noteReason: assign({ reason: (_, params: { reason: string }) => params.reason }),
    noteFailure: assign((_, params: { failure: TransportFailure | TlsFailure; detail: string }) => ({
      failure: params.failure,
      reason: `${params.failure}: ${params.detail}`,
    })),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({ security: input.security }),
  initial: 'connecting',
  states: {
    connecting: {
      on: {
        'tcp.connected': [{ guard: 'tls', target: 'tlsHandshake' }, { target: 'open' }],
        'socket.failed': { target: 'failed', actions: { type: 'noteFailure', params: ({ event }) => event } },
      },
    },
    tlsHandshake: {
      on: {
        'tls.secured': { target: 'open', actions: { type: 'noteAgreement', params: ({ event }) => event } },
        'tls.failed': { target: 'failed', actions: { type: 'noteFailure', params: ({ event }) => event } },
        'socket.failed': { target: 'failed', actions: { type: 'noteFailure', params: ({ event }) => event } },
      },
    },
    open: {
      on: {
        // Our FIN follows the peer's at once: a V2G connection is never left half open.
        'peer.closed': { target: 'closing', actions: { type: 'noteReason', params: { reason: 'the peer closed the connection' } } },
        'close.requested': { target: 'closing', actions: { type: 'noteReason', params: { reason: 'closed by this side' } } },
        'destroy.requested': { target: 'closed', actions: { type: 'noteReason', params: ({ event }) => ({ reason: `reset by this side: ${event.reason}` }) } },
        'socket.failed': { target: 'failed', actions: { type: 'noteFailure', params: ({ event }) => event } },
        'socket.closed': { target: 'closed', actions: { type: 'noteReason', params: { reason: 'the socket closed' } } },
      },
    },
    closing: {
      on: {
        'socket.closed': { target: 'closed' },
        'destroy.requested': { target: 'closed' },
        'socket.failed': { target: 'failed', actions: { type: 'noteFailure', params: ({ event }) => event } },
      },
    },
    closed: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) =>
    context.failure === undefined
      ? { state: 'closed', reason: context.reason ?? '' }
      : { state: 'failed', reason: context.reason ?? '', failure: context.failure },
});
