/** How a DIN session ends, the same on both sides: stopped after SessionStop, else failed with the first failure. */
import type { SessionOutcome } from '../session/events.js';

/** The reason given with `channel.close`. */
export function closeReason(failure: string | undefined): string {
  return failure ?? 'SessionStop done';
}

/** DIN has no pause (SessionStopReq has no fields), so an outcome is never `paused`. */
export function sessionOutcome(failure: string | undefined, sessionId: Uint8Array | undefined): SessionOutcome {
  return failure === undefined ? { result: 'stopped', sessionId } : { result: 'failed', reason: failure, sessionId };
}
