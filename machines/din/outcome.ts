/** How a DIN session ends, the same on both sides: stopped after SessionStop, else failed with the first failure. */
import type { SessionOutcome } from '../session/session-events.js';

/** The reason given with `channel.close`. */
export function closeReason(failure: string | undefined): string {
  return failure ?? 'SessionStop done';
}

/**
 * DIN has no pause (SessionStopReq has no fields), so an outcome is never `paused`. `evseEnding` is why the charger
 * ended the session, when it did (the EVCC's view).
 */
export function sessionOutcome(failure: string | undefined, sessionId: Uint8Array | undefined, evseEnding?: string): SessionOutcome {
  const cause = evseEnding === undefined ? {} : { cause: 'evse' as const };
  if (failure !== undefined) return { result: 'failed', reason: failure, sessionId, ...cause };
  return { result: 'stopped', sessionId, ...(evseEnding === undefined ? {} : { reason: evseEnding }), ...cause };
}
