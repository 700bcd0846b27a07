/**
 * How a layer's end reads in the outcome of the machine above it, the same for the EVCC's communication and the SECC's
 * connection: a failure with its reason, a child's error by its message, a handshake that chose no session protocol.
 */
import type { HandshakeOutcome } from '../apphand/handshake-outcome.js';
import type { SessionOutcome } from '../session/session-events.js';
import { isSessionProtocol, type SessionProtocol } from './session-protocol.js';

export const failed = (reason: string): SessionOutcome => ({ result: 'failed', reason });

/** An invoked child's error, as the reason the communication failed. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The protocol a handshake chose, if a session machine runs it. */
export function sessionProtocolOf(outcome: HandshakeOutcome): SessionProtocol | undefined {
  return outcome.ok && isSessionProtocol(outcome.protocol) ? outcome.protocol : undefined;
}

/** Why no session follows a handshake: its failure, or a protocol without a session machine. */
export function handshakeFailure(outcome: HandshakeOutcome): SessionOutcome {
  return failed(outcome.ok ? `${outcome.protocol} has no session machine yet` : outcome.reason);
}
