/**
 * How an EVCC session ends, in every protocol: `stopped` after SessionStop(Terminate), `paused` after
 * SessionStop(Pause) (ISO 15118-2), else `failed` with the first failure; the charger named as the cause when it ended
 * the session.
 */
import type { SessionOutcome } from '../session-events.js';
import type { EvccKitContext } from './evcc-kit-context.js';

export function evccOutcome(context: EvccKitContext): SessionOutcome {
  const { failure, evseEnding, sessionId } = context;
  const cause = evseEnding === undefined ? {} : { cause: 'evse' as const };
  if (context.result !== 'stopped' && context.result !== 'paused') return { result: 'failed', reason: failure, sessionId, ...cause };
  return { result: context.result, sessionId, ...(evseEnding === undefined ? {} : { reason: evseEnding }), ...cause };
}

/** The reason given with `channel.close`. */
export function evccCloseReason(context: EvccKitContext): string {
  if (context.result === 'paused') return 'SessionStop(Pause) done';
  return context.result === 'stopped' ? 'SessionStop done' : (context.failure ?? 'failed');
}
