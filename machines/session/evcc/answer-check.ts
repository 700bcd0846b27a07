/**
 * The EVCC's check of every message from the SECC before its chart sees it, the same in every protocol: the response
 * to the pending request, in the session's SessionID, without a FAILED code (every response code that starts with
 * FAILED, in DIN 70121, ISO 15118-2 and -20 alike) and without a value outside its range.
 * Anything else ends the session; the reason says what was wrong.
 */
import type { EventObject } from 'xstate';
import { refusedInResponse } from '../out-of-range.js';
import { hexOf, sameSessionId } from '../session-id.js';
import type { EvccAdapter, Unwrapped } from './evcc-adapter.js';
import type { EvccKitContext } from './evcc-kit-context.js';

export type AnswerCheck<R extends EventObject> =
  | Extract<Unwrapped<R>, { readonly ok: true }>
  /** `failedCode`: the response was the right one, in the session, but carried this FAILED code. */
  | { readonly ok: false; readonly reason: string; readonly failedCode?: string };

/** The check of `message` as the answer the machine in `context` waits for. */
export function answerCheck<C extends EvccKitContext<S>, M, B, R extends EventObject, S extends string>(
  adapter: EvccAdapter<C, M, B, R, S>, context: C, message: M,
): AnswerCheck<R> {
  const answer = adapter.envelope.unwrap(message);
  if (!answer.ok) return answer;
  const { name, element, sessionId } = answer;
  if (context.pending === undefined) return { ok: false, reason: `${name} received with no request outstanding` };
  const expected = context.pending.replace(/Req$/, 'Res');
  if (name !== expected) return { ok: false, reason: adapter.wording.unexpected(name, expected) };
  const code = String(element['ResponseCode']);
  const session = context.sessionId;
  const sessionProblem =
    expected === 'SessionSetupRes'
      ? newSessionProblem(context, sessionId, code)
      : session !== undefined && !sameSessionId(sessionId, session) ? adapter.wording.otherSession(expected, hexOf(sessionId), hexOf(session)) : undefined;
  if (sessionProblem !== undefined) return { ok: false, reason: sessionProblem };
  if (code.startsWith('FAILED')) return { ok: false, reason: `${code} in ${expected}`, failedCode: code };
  const refused = refusedInResponse(element);
  return refused ? { ok: false, reason: `${expected}${refused}` } : answer;
}

/** SessionSetupRes sets the SessionID: non-zero [V2G2-756], and the paused one when the SECC says it joined it. */
function newSessionProblem(context: EvccKitContext, sessionId: Uint8Array, code: string): string | undefined {
  if (sessionId.length === 0 || sessionId.every((b) => b === 0)) return `SessionSetupRes carries no SessionID (${hexOf(sessionId)})`;
  if (code === 'OK_OldSessionJoined' && !sameSessionId(sessionId, context.input.resumeSessionId ?? new Uint8Array())) {
    return `OK_OldSessionJoined with SessionID ${hexOf(sessionId)}, not the paused session's`;
  }
  return undefined;
}
