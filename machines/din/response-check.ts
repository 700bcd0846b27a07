/**
 * The EVCC's check of each answer, the same in DIN SPEC 70121 as in ISO 15118-2: the response type of the pending
 * request, the session's SessionID, and no FAILED code. Anything else ends the session; the text returned is the
 * reason.
 */
import type { responseCodeType } from '../../codecs/exi/generated/din.types.js';
import { refusedInResponse } from '../session/out-of-range.js';
import { hexOf, sameSessionId } from '../session/session-id.js';
import { bodyName, isFailed, responseNameOf, type DinMessage, type DinRequestName } from './din-messages.js';

/**
 * What is wrong with `message` as the answer to `request`; undefined when nothing is. `sessionId` is undefined
 * while none is established: SessionSetupRes brings it.
 */
export function responseProblem(message: DinMessage, request: DinRequestName, sessionId: Uint8Array | undefined): string | undefined {
  const expected = responseNameOf(request);
  const received = bodyName(message);
  if (received !== expected) return `${received ?? 'an empty Body'} received while waiting for ${expected}`;
  const header = message.V2G_Message.Header.SessionID;
  if (sessionId !== undefined && !sameSessionId(header, sessionId)) {
    return `${expected} with SessionID ${hexOf(header)} in session ${hexOf(sessionId)}`;
  }
  const code = message.V2G_Message.Body[expected]?.ResponseCode;
  if (code !== undefined && isFailed(code)) return `${code} in ${expected}`;
  const refused = refusedInResponse(message.V2G_Message.Body[expected]);
  return refused && `${expected}${refused}`;
}

/** The FAILED code of `message` when it is otherwise the right answer to `request` in the session; else undefined. */
export function failedCode(message: DinMessage, request: DinRequestName, sessionId: Uint8Array | undefined): responseCodeType | undefined {
  const expected = responseNameOf(request);
  if (bodyName(message) !== expected || sessionId === undefined || !sameSessionId(message.V2G_Message.Header.SessionID, sessionId)) return undefined;
  const code = message.V2G_Message.Body[expected]?.ResponseCode;
  return code !== undefined && isFailed(code) ? code : undefined;
}
