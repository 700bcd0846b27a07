/**
 * The EVCC's check of every message from the SECC before its chart sees it: the response to the
 * pending request, in the session's SessionID, without a FAILED code. Anything else ends the session.
 */
import type { responseCodeType } from '../../codecs/exi/generated/iso2.types.js';
import { refusedInResponse } from '../session/out-of-range.js';
import { hexOf, sameSessionId } from '../session/session-id.js';
import type { Iso2EvccContext } from './evcc-context.js';
import { bodyElement, isFailure, responseNameOf, type Iso2Message, type Iso2ResponseEvent } from './iso2-messages.js';

export type ResponseCheck =
  | { readonly ok: true; readonly event: Iso2ResponseEvent }
  /** `failedCode`: the response was the right one, in the session, but carried this FAILED code. */
  | { readonly ok: false; readonly reason: string; readonly failedCode?: responseCodeType };

export function checkResponse(ctx: Iso2EvccContext, message: Iso2Message): ResponseCheck {
  const element = bodyElement(message);
  if (!element.ok) return element;
  if (!ctx.pending) return { ok: false, reason: `${element.name} received while no request is outstanding` };
  const expected = responseNameOf(ctx.pending);
  if (element.name !== expected) return { ok: false, reason: `${element.name} received, ${expected} expected` };
  const code = (element.value as { ResponseCode: responseCodeType }).ResponseCode;
  const sessionProblem =
    expected === 'SessionSetupRes' ? newSessionProblem(ctx, element.sessionId, code) : sameSessionProblem(ctx, element.sessionId);
  if (sessionProblem) return { ok: false, reason: sessionProblem };
  if (isFailure(code)) return { ok: false, reason: `${code} in ${expected}`, failedCode: code };
  const refused = refusedInResponse(element.value);
  if (refused) return { ok: false, reason: `${expected}${refused}` };
  return { ok: true, event: { type: expected, body: element.value, sessionId: element.sessionId } as Iso2ResponseEvent };
}

/** SessionSetupRes sets the SessionID: non-zero [V2G2-756], and the old one when the SECC says it joined it. */
function newSessionProblem(ctx: Iso2EvccContext, sessionId: Uint8Array, code: responseCodeType): string | undefined {
  if (sessionId.length === 0 || sessionId.every((b) => b === 0)) return `SessionSetupRes carries no SessionID (${hexOf(sessionId)})`;
  if (code === 'OK_OldSessionJoined' && !sameSessionId(sessionId, ctx.input.resumeSessionId ?? new Uint8Array())) {
    return `OK_OldSessionJoined with SessionID ${hexOf(sessionId)}, not the paused session's`;
  }
  return undefined;
}

function sameSessionProblem(ctx: Iso2EvccContext, sessionId: Uint8Array): string | undefined {
  return sameSessionId(sessionId, ctx.sessionId) ? undefined : `SessionID ${hexOf(sessionId)} is not the session's ${hexOf(ctx.sessionId)}`;
}
