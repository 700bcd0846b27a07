/** SessionSetupReq: a new session, or a paused one joined again by its SessionID. */
import { sameSessionId } from '../../../session/session-id.js';
import type { Iso2Handler } from '../iso2-answer-parts.js';

export const handleSessionSetup: Iso2Handler<'SessionSetupReq'> = (_req, ctx, { sessionId }) => {
  // The runner keeps the SessionIDs of the sessions paused at this station; an unknown one gets a new session, not
  // an error.
  const paused = ctx.input.pausedSessionIds?.find((id) => sameSessionId(sessionId, id));
  const joins = paused !== undefined;
  const code = joins ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished';
  return { body: { SessionSetupRes: { ResponseCode: code, EVSEID: ctx.input.evseId } }, code, sessionId: joins ? paused : ctx.input.newSessionId };
};
