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
import type { ConnectionEvent, ConnectionSecurity, TlsAgreement, TlsFailure, TransportFailure } from '../../base/connection-events.js';

export interface ConnectionInput {
  readonly security: ConnectionSecurity;
}

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
